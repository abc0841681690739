"""Guides filled from the catalogue: the FAQ's facts reach the steps, unknown providers get the generic guide."""

from __future__ import annotations

import dataclasses
import urllib.parse

import pytest

from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.guidance.guides import load_guide, mailto_url, unlock_facts
from certhelper.core.settings import Settings
from tests.helpers import MAIN_TOKEN, Store


@pytest.fixture(scope="module")
def cat():
    return catalogue_mod.load([])


@pytest.fixture(scope="module")
def token(main_store: Store, cat):
    import os

    from certhelper.core.tokens.discovery import Candidate
    from certhelper.core.tokens.scan import take_snapshot

    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(main_store.conf)
    try:
        snap = take_snapshot([Candidate(main_store.module, "option")], cat)
    finally:
        if old is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = old
    return next(t for _, t in snap.tokens if t.label == MAIN_TOKEN["label"])


def holder(token, name: str):
    return next(c for c in token.certificates if c.holder == name)


def test_revocation_names_the_guide_and_the_phone(cat, token) -> None:
    guide = load_guide(cat, "revocation", "fr", holder(token, "Hélène LE GOFF"))
    how = next(s for s in guide.steps if s.id == "how")
    assert "2019-15_guide GERER_Revoquer_un_certificat_chambersign" in how.text
    assert "0 892 230 252" in how.text and "0,45 € TTC" in how.text
    assert any(s.warning for s in guide.steps)  # the irreversibility warning
    assert "{" not in "".join(s.text for s in guide.steps)


def test_pin_unlock_gives_the_support_email(cat, token) -> None:
    guide = load_guide(cat, "pin-unlock", "en", holder(token, "Hélène LE GOFF"))
    assert [s.id for s in guide.steps] == ["stop", "email", "receive", "new-pin"]
    assert "support@chambersign.fr" in guide.steps[1].text
    assert guide.contacts is not None and guide.contacts.email == "support@chambersign.fr"


def test_unknown_provider_falls_back_to_the_generic_guide(cat, token) -> None:
    # The test chain is ChamberSign-like; an unknown issuer is what the scan marks provider=None.
    cert = dataclasses.replace(holder(token, "Hélène LE GOFF"), provider=None, issuer="CN=Other CA,O=Other,C=FR")
    for wanted in ("renewal", "revocation", "pin-unlock"):
        guide = load_guide(cat, wanted, "fr", cert)
        assert guide.id == "generic" and guide.asked == wanted and guide.contacts is None
        assert "CN=Other CA" in guide.steps[0].text


@pytest.mark.parametrize(
    ("lang", "lead", "text"), [("fr", 21, "environ 21 jours"), ("en", 30, "about 30 days"), ("fr", 1, "1 jour")]
)
def test_the_renewal_guide_takes_the_lead_time_from_the_settings(cat, token, lang, lead, text) -> None:
    """Never a fixed "about 3 weeks": the delivery time is a setting."""
    settings = dataclasses.replace(Settings(), lead_time_days=lead)
    guide = load_guide(cat, "renewal", lang, holder(token, "Gaël TANGUY"), settings)
    why = next(s for s in guide.steps if s.id == "why-now")
    assert text in why.text and "3 semaines" not in why.text and "3 weeks" not in why.text
    assert "{" not in "".join(s.text for s in guide.steps)


def test_the_default_lead_time_fills_the_guide_without_settings(cat, token) -> None:
    guide = load_guide(cat, "renewal", "fr", holder(token, "Gaël TANGUY"))
    assert "environ 21 jours" in next(s for s in guide.steps if s.id == "why-now").text


def test_unlock_mail_identifies_the_token_never_the_pin(token) -> None:
    cert = holder(token, "Hélène LE GOFF")
    facts = unlock_facts(token, cert)
    assert facts["serial"] == token.serial and facts["sha256"] == cert.sha256
    assert "pin" not in {k.lower() for k in facts}
    url = mailto_url("support@chambersign.fr", "Déblocage", f"Clé {facts['serial']}\nÉté")
    parsed = urllib.parse.urlparse(url)
    assert parsed.scheme == "mailto" and parsed.path == "support@chambersign.fr"
    assert urllib.parse.parse_qs(parsed.query)["body"] == [f"Clé {token.serial}\nÉté"]
