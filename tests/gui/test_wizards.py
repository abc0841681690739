"""Each wizard walks to its end and shows the right contact data (from the catalogue, as in the FAQ)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import urllib.parse

import pytest
from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QWizard

from certhelper.core.settings import Settings
from certhelper.gui.contacts_view import ContactsPanel
from certhelper.gui.wizards import GuideWizard
from tests.gui.conftest import snapshot_of
from tests.helpers import MAIN_TOKEN

PARIS_WEDNESDAY_10H = dt.datetime(2026, 3, 4, 9, 0, tzinfo=dt.UTC)  # 10:00 in Paris (winter time)


@pytest.fixture
def main_snapshot(main_store, catalogue, monkeypatch):
    return snapshot_of(main_store, catalogue, monkeypatch)


def certificate(snapshot, holder: str):
    token = snapshot.tokens[0][1]
    return token, next(c for c in token.certificates if c.holder == holder)


def renewal_of(snapshot, cert, catalogue, settings: Settings | None = None):
    """The certificate's RenewalState, as the core judges it (the wizard only writes it)."""
    from certhelper.core.assessment.assess import judge
    from certhelper.core.workstation.drivers import detect_drivers

    found = judge(
        snapshot=snapshot,
        drivers=detect_drivers(catalogue),
        now=PARIS_WEDNESDAY_10H,
        catalogue=catalogue,
        settings=settings or Settings(),
    )
    return found.certificate(cert.sha256).renewal


def wizard(qtbot, catalogue, guide: str, token=None, cert=None, lang: str = "en", renewal=None):
    w = GuideWizard(
        guide,
        catalogue=catalogue,
        settings=Settings(),
        lang=lang,
        now=lambda: PARIS_WEDNESDAY_10H,
        token=token,
        certificate=cert,
        renewal=renewal,
    )
    qtbot.addWidget(w)
    w.show()
    return w


def walk(w: GuideWizard) -> list[str]:
    """Press Next until the last page; the titles of the pages seen."""
    seen = [w.currentPage().title()]
    while not w.currentPage().isFinalPage() and w.nextId() != -1:
        assert w.button(QWizard.WizardButton.NextButton).isEnabled(), f"stuck on {seen[-1]}"
        w.button(QWizard.WizardButton.NextButton).click()
        seen.append(w.currentPage().title())
    return seen


def page_texts(w: GuideWizard) -> str:
    return "\n".join(label.text() for label in w.currentPage().findChildren(QLabel))


def assert_chambersign_contacts(w: GuideWizard) -> None:
    text = page_texts(w)
    for fact in (
        "0 892 230 252",
        "0,45 € TTC la minute" if w.lang == "fr" else "€0.45 per minute",
        "support@chambersign.fr",
    ):
        assert fact in text, (fact, text)
    assert "https://support.chambersign.fr/pilotes/" in text
    panel = w.currentPage().findChild(ContactsPanel)
    assert panel.open_now.text() == (
        "Open now, until 12:30" if w.lang == "en" else "Ouvert en ce moment, jusqu'à 12:30"
    )
    hours = panel.hours.text()
    assert "09:00–12:30, 13:30–18:00" in hours and "13:30–17:00" in hours


def test_renewal_walks_to_the_contacts_with_the_timing(qtbot, catalogue, main_snapshot, lang_en) -> None:
    token, cert = certificate(main_snapshot, "Gaël TANGUY")
    renewal = renewal_of(main_snapshot, cert, catalogue)
    w = wizard(qtbot, catalogue, "renewal", token, cert, renewal=renewal)
    timing = w.currentPage().findChild(QLabel, "timingText").text()
    assert f"{renewal.days_left} days left" in timing and "delivery takes 21 days" in timing, timing
    assert "about" not in timing
    seen = walk(w)
    assert seen == ["Why now", "What cannot change", "Place the order", "When the new token arrives", "Who to contact"]
    assert "Mégalis" in "\n".join(s.text for s in w.guide.steps)
    assert_chambersign_contacts(w)
    w.button(QWizard.WizardButton.FinishButton).click()
    assert not w.isVisible()


def test_renewal_says_order_today_never_a_past_date(qtbot, catalogue, main_snapshot, lang_fr) -> None:
    """10 days left with 21 days of delivery: the last safe order date is past, the wizard says today."""
    token, cert = certificate(main_snapshot, "Gaël TANGUY")
    moved = dataclasses.replace(cert, not_after=PARIS_WEDNESDAY_10H + dt.timedelta(days=10, hours=1))
    snap = dataclasses.replace(
        main_snapshot,
        modules=tuple(
            dataclasses.replace(
                m,
                tokens=tuple(
                    dataclasses.replace(t, certificates=tuple(moved if c is cert else c for c in t.certificates))
                    for t in m.tokens
                ),
            )
            for m in main_snapshot.modules
        ),
    )
    renewal = renewal_of(snap, moved, catalogue)
    assert renewal.order_today
    w = wizard(qtbot, catalogue, "renewal", token, moved, lang="fr", renewal=renewal)
    timing = w.currentPage().findChild(QLabel, "timingText").text()
    assert "commandez aujourd'hui" in timing and "10 jours restants" in timing, timing
    assert "la livraison prend 21 jours" in timing
    assert str(renewal.order_by.year) not in timing.split("jusqu'au")[0]  # no order-by date at all
    assert "février" not in timing  # 14 March - 28 days: the past date is never shown


def test_revocation_needs_the_irreversibility_to_be_acknowledged(qtbot, catalogue, main_snapshot, lang_fr) -> None:
    token, cert = certificate(main_snapshot, "Hélène LE GOFF")
    w = wizard(qtbot, catalogue, "revocation", token, cert, lang="fr")
    w.button(QWizard.WizardButton.NextButton).click()
    assert w.currentPage().title() == "Attention : c'est définitif"
    assert not w.button(QWizard.WizardButton.NextButton).isEnabled()
    w.currentPage().findChild(QObject, "understoodCheck").setChecked(True)
    assert w.button(QWizard.WizardButton.NextButton).isEnabled()
    walk(w)
    how = next(s.text for s in w.guide.steps if s.id == "how")
    assert "2019-15_guide GERER_Revoquer_un_certificat_chambersign" in how and "CCI" in how
    assert_chambersign_contacts(w)


class MailCatcher(QObject):
    """Receives mailto: links the way a mail client would (Qt's own URL handler hook)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot("QUrl")
    def open(self, url) -> None:
        self.urls.append(url.toString(url.ComponentFormattingOption.FullyEncoded))


def test_pin_unlock_prefills_an_email_without_the_pin(qtbot, catalogue, main_snapshot) -> None:
    token, cert = certificate(main_snapshot, "Hélène LE GOFF")
    w = wizard(qtbot, catalogue, "pin-unlock", token, cert)
    seen = walk(w)
    assert seen[1:4] == ["1. E-mail the support", "2. Receive the unlock e-mail", "3. Create a new PIN"]
    catcher = MailCatcher()
    QDesktopServices.setUrlHandler("mailto", catcher, "open")
    try:
        w.open_mail()
    finally:
        QDesktopServices.unsetUrlHandler("mailto")
    assert len(catcher.urls) == 1
    parsed = urllib.parse.urlparse(catcher.urls[0])
    assert parsed.path == "support@chambersign.fr"
    query = urllib.parse.parse_qs(parsed.query)
    body = query["body"][0]
    assert token.serial in query["subject"][0]
    assert token.serial in body and "Hélène LE GOFF" in body and cert.sha256 in body
    assert MAIN_TOKEN["pin"] not in body.replace(cert.sha256, "").replace(token.serial, "")
    assert_chambersign_contacts(w)


def test_contacts_and_driver_install_end_on_the_contacts(qtbot, catalogue, lang_fr) -> None:
    for guide in ("contact", "driver-install"):
        w = wizard(qtbot, catalogue, guide, lang="fr")
        walk(w)
        assert w.currentPage().title() == "Qui contacter"
        assert_chambersign_contacts(w)


def test_unknown_provider_gets_the_generic_guide(qtbot, catalogue, main_snapshot, lang_fr) -> None:
    token, cert = certificate(main_snapshot, "Hélène LE GOFF")
    # The test chain is ChamberSign-like by design; an unknown issuer is what the scan reports as
    # provider None, so that is set here.
    foreign = dataclasses.replace(
        cert, provider=None, issuer_known=False, issuer="CN=Autre AC,O=Autre Prestataire,C=FR"
    )
    w = wizard(qtbot, catalogue, "renewal", token, foreign, lang="fr")
    assert w.guide.id == "generic" and w.guide.contacts is None
    seen = walk(w)
    assert seen == ["Votre fournisseur de certificat"]
    assert "Autre AC" in page_texts(w) and "Mégalis n'est pas fournisseur" in page_texts(w)
    assert "0 892 230 252" not in page_texts(w)
