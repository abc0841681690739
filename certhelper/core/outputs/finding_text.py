"""How a finding reads for a person: its title and one line on what to do, in French or English.

Texts are data (resources/catalogue/findings.toml, [finding.<code>] with title/action = {fr, en}),
filled from the finding's params. Front-end neutral: the CLI, the GUI and the reports all use it.

Every text can say whose certificate or which token it is about, since one token often holds
several certificates: {holder} ("Anne Morvan"), {of_holder} (« d'Anne Morvan » / "of Anne Morvan"),
{token_label} and {module_name} are filled from the finding's params when it carries them, else
from the snapshot (or assessment) given as `about`. Days are written the one way
(core.outputs.wording): dates "14 décembre 2026", counts of days "3 jours" — the day-count params
({days_left}, {lead_time}…) already carry their noun. French gets its non-breaking spaces.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from certhelper.core.assessment.findings import Finding
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Snapshot
from certhelper.core.outputs.reasons import sentence
from certhelper.core.outputs.wording import days_text, format_day, nbsp_punct, number, of_name

logger = logging.getLogger(__name__)

LANGUAGES = ("fr", "en")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DAY_COUNTS = ("days_left", "days_since", "days_ahead", "lead_time", "horizon", "margin")  # written "3 jours"
# Placeholders filled from the finding itself and the snapshot, not from its params.
DERIVED = ("token", "certificate", "holder", "of_holder", "token_label", "module_name")
_REASON_KIND = {"module-load-failed": "module", "token-read-failed": "token", "certificate-unreadable": "object"}


@dataclass(frozen=True)
class FindingText:
    title: str
    action: str
    guide: str = ""  # the title of the guide that resolves it, "" when it has none


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(v, lang) for v in value)
    if isinstance(value, str) and _ISO_DAY.match(value):
        return format_day(dt.date.fromisoformat(value), lang)
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value, lang)
    return str(value)


class _Values(dict[str, str]):
    """Placeholders left as they are when a (possibly administrator-edited) text names an unknown one."""

    def __missing__(self, key: str) -> str:
        logger.warning("finding text names an unknown placeholder {%s}", key)
        return "{" + key + "}"


def _pick(texts: Any, lang: str) -> str:
    if isinstance(texts, Mapping):
        return str(texts.get(lang) or texts.get("en") or texts.get("fr") or "")
    return str(texts or "")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _snapshot_of(about: Any) -> Snapshot | None:
    if isinstance(about, Snapshot):
        return about
    found = getattr(about, "snapshot", None)
    return found if isinstance(found, Snapshot) else None


def _subjects(finding: Finding, about: Any) -> dict[str, str]:
    """Holder, token label and module name for the finding: its params first, else the snapshot."""
    params = finding.params
    holder = str(params.get("holder") or "")
    token_label = str(params.get("token_label") or "")
    snapshot = _snapshot_of(about)
    if snapshot is not None:
        for _, token in snapshot.tokens:
            if finding.token and token.serial == finding.token and not token_label:
                token_label = token.label
            for cert in token.certificates:
                if finding.certificate and cert.sha256 == finding.certificate and not holder:
                    holder = cert.holder
                    token_label = token_label or token.label
    if not token_label and finding.code == "token-read-failed":
        token_label = str(params.get("label") or "")
    module_name = str(params.get("name") or "")
    if not module_name and params.get("module"):
        module_name = str(params["module"]).replace("\\", "/").rsplit("/", 1)[-1]
    holder = holder or str(params.get("label") or "") or (finding.certificate or "")[:16]
    return {
        "holder": holder,
        "token_label": token_label or (finding.token or ""),
        "module_name": module_name,
    }


def _reason(finding: Finding, lang: str) -> str | None:
    """A typed error in params["reason"] as a sentence; None when "reason" is not one (a revocation reason)."""
    raw = finding.params.get("reason")
    kind = _REASON_KIND.get(finding.code)
    if raw is None or kind is None:
        return None
    if dataclasses.is_dataclass(raw) and not isinstance(raw, type):
        return sentence(raw, lang)
    return sentence(raw, lang, kind)


def finding_values(finding: Finding, lang: str, about: Any = None) -> dict[str, str]:
    """Every placeholder a text of `finding` may name, written for a reader of `lang`."""
    lang = lang if lang in LANGUAGES else "en"
    values: dict[str, str] = {}
    for key, value in finding.params.items():
        if key in DAY_COUNTS and isinstance(value, int) and not isinstance(value, bool):
            values[key] = days_text(value, lang)
        else:
            values[key] = _shown(value, lang)
    reason = _reason(finding, lang)
    if reason is not None:
        values["reason"] = reason
    subjects = _subjects(finding, about)
    for key, value in subjects.items():
        values.setdefault(key, value)
    values.setdefault("of_holder", of_name(subjects["holder"], lang))
    values.setdefault("token", finding.token or "")
    values.setdefault("certificate", (finding.certificate or "")[:16])
    return values


def _fill(text: str, values: Mapping[str, str], lang: str) -> str:
    filled = string.Formatter().vformat(text, (), _Values(values))
    return nbsp_punct(re.sub(r"[ ]{2,}", " ", filled).strip(), lang)


def finding_text(finding: Finding, lang: str, catalogue: Catalogue, about: Any = None) -> FindingText:
    """Title and action for `finding` in `lang` ("fr" or "en"); the code itself if no text exists.

    `about`: the Snapshot (or anything with a `.snapshot`, such as the Assessment) the finding was
    made from, to name the certificate's holder and the token when the params do not.
    """
    lang = lang if lang in LANGUAGES else "en"
    entry = catalogue.findings.get(finding.code)
    guide = catalogue.guides.get(finding.guide or "", {})
    guide_title = _pick(guide.get("title"), lang) if guide else ""
    if entry is None:
        logger.warning("no text for finding %s", finding.code)
        return FindingText(finding.code, "", guide_title)
    values = finding_values(finding, lang, about)
    title = _fill(_pick(entry.get("title"), lang), values, lang)
    action = _fill(_pick(entry.get("action"), lang), values, lang)
    return FindingText(title, action, guide_title)
