"""Guides and contacts for the wizards: steps from guides.toml with their {placeholders} filled from
the provider's facts (providers.toml), the certificate and the settings ({lead_time}: the delivery
time, "21 jours" / "21 days", never a fixed "about 3 weeks"), in one language.

How urgent a renewal is, and by when to order, is not decided here: that is core.renewal's rule,
which the assessment (and the reminder schedule) give every front-end.

A certificate whose issuer the catalogue does not know (or from another provider than the guide's)
gets the generic "ask your provider" guide: the procedure is that provider's, not ChamberSign's.
"""

from __future__ import annotations

import string
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.guidance.hours import DayHours, weekly_hours
from certhelper.core.model import Certificate, Token
from certhelper.core.settings import Settings

GENERIC = "generic"


@dataclass(frozen=True)
class GuideStep:
    id: str
    title: str
    text: str
    warning: bool = False


@dataclass(frozen=True)
class Contacts:
    provider: str  # provider id
    name: str
    phone: str = ""
    phone_uri: str = ""
    price: str = ""
    email: str = ""
    drivers_url: str = ""
    timezone: str = "Europe/Paris"
    hours: tuple[DayHours, ...] = ()
    raw_hours: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class Guide:
    id: str  # the guide shown (may be "generic" when the asked one does not apply)
    asked: str  # the guide asked for
    title: str
    steps: tuple[GuideStep, ...]
    contacts: Contacts | None  # None for the generic guide


def pick(value: Any, lang: str) -> str:
    """A catalogue value that is either a string or a {fr, en} table, in `lang` (French fallback)."""
    if isinstance(value, Mapping):
        return str(value.get(lang) or value.get("fr") or value.get("en") or "")
    return "" if value is None else str(value)


class _Blanks(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"  # an unknown placeholder stays visible rather than crashing


def fill(text: str, values: Mapping[str, str]) -> str:
    return string.Formatter().vformat(text, (), _Blanks(values))


def contacts(catalogue: Catalogue, provider_id: str | None, lang: str) -> Contacts | None:
    provider = catalogue.providers.get(provider_id or "")
    if provider is None:
        return None
    hours = provider.get("hours")
    return Contacts(
        provider=provider_id or "",
        name=pick(provider.get("name"), lang),
        phone=pick(provider.get("phone"), lang),
        phone_uri=pick(provider.get("phone_uri"), lang),
        price=pick(provider.get("price"), lang),
        email=pick(provider.get("email"), lang),
        drivers_url=pick(provider.get("drivers_url"), lang),
        timezone=pick(provider.get("timezone"), lang) or "Europe/Paris",
        hours=weekly_hours(hours) if isinstance(hours, Mapping) else (),
        raw_hours=hours if isinstance(hours, Mapping) else None,
    )


def day_count(n: int, lang: str) -> str:
    """ "21 jours" / "21 days", "1 jour" / "1 day": CLDR plural rules (Babel), as the outputs write counts."""
    from babel import Locale  # only when a guide is shown

    one = Locale.parse("fr_FR" if lang == "fr" else "en_GB").plural_form(n) == "one"
    forms = ("jour", "jours") if lang == "fr" else ("day", "days")
    return f"{n} {forms[0] if one else forms[1]}"


def _values(
    catalogue: Catalogue, provider_id: str | None, lang: str, certificate: Certificate | None, settings: Settings
) -> dict[str, str]:
    provider = catalogue.providers.get(provider_id or "", {})
    values = {key: pick(value, lang) for key, value in provider.items() if not isinstance(value, (list, int, float))}
    values.pop("hours", None)
    values["lead_time"] = day_count(settings.lead_time_days, lang)
    if certificate is not None:
        values.update(issuer=certificate.issuer, holder=certificate.holder, organisation=certificate.organisation)
    return values


def guide_for(catalogue: Catalogue, wanted: str, providers: Iterable[str | None] | None) -> str:
    """`wanted` when its guide applies to these providers, else the generic "ask your provider".

    `providers` None: nothing tells who the provider is (a token without certificate), keep `wanted`.
    """
    spec = catalogue.guides.get(wanted)
    if spec is None:
        return GENERIC
    owner = spec.get("provider")
    if owner is None or providers is None:
        return wanted
    return wanted if owner in set(providers) else GENERIC


def applicable_guide(catalogue: Catalogue, guide_id: str, certificate: Certificate | None) -> str:
    """The guide that really applies: the generic one for a certificate from another or unknown provider."""
    return guide_for(catalogue, guide_id, None if certificate is None else [certificate.provider])


def load_guide(
    catalogue: Catalogue,
    guide_id: str,
    lang: str,
    certificate: Certificate | None = None,
    settings: Settings | None = None,
) -> Guide:
    """The guide in `lang`; `settings` gives the {lead_time} (the defaults' when not given)."""
    shown = applicable_guide(catalogue, guide_id, certificate)
    data = catalogue.guides.get(shown, {})
    provider_id = data.get("provider")
    values = _values(catalogue, provider_id, lang, certificate, settings or Settings())
    if certificate is None:
        values.setdefault("issuer", "?")
    steps = tuple(
        GuideStep(
            id=str(step.get("id", n)),
            title=fill(pick(step.get("title"), lang), values),
            text=fill(pick(step.get("text"), lang), values),
            warning=bool(step.get("warning", False)),
        )
        for n, step in enumerate(data.get("step", []))
    )
    return Guide(
        id=shown,
        asked=guide_id,
        title=pick(data.get("title"), lang),
        steps=steps,
        contacts=contacts(catalogue, provider_id, lang),
    )


def mailto_url(to: str, subject: str, body: str) -> str:
    query = urllib.parse.urlencode({"subject": subject, "body": body}, quote_via=urllib.parse.quote)
    return f"mailto:{to}?{query}"


def unlock_facts(token: Token, certificate: Certificate | None) -> dict[str, str]:
    """What the PIN unlock e-mail tells the support: never a PIN, only what identifies the token."""
    facts = {"serial": token.serial, "label": token.label, "model": token.model}
    if certificate is not None:
        facts.update(holder=certificate.holder, organisation=certificate.organisation, sha256=certificate.sha256)
    return facts
