"""How a finding reads for a person: its title and one line on what to do, in French or English.

Texts are data (resources/catalogue/findings.toml, [finding.<code>] with title/action = {fr, en}),
filled from the finding's params. Front-end neutral: the CLI, the GUI and the reports all use it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from certhelper.core.assessment.findings import Finding
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.outputs.reasons import translate_reason

logger = logging.getLogger(__name__)

LANGUAGES = ("fr", "en")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class FindingText:
    title: str
    action: str
    guide: str = ""  # the title of the guide that resolves it, "" when it has none


def _local_date(value: str, lang: str) -> str:
    day = dt.date.fromisoformat(value)
    return day.strftime("%d/%m/%Y") if lang == "fr" else day.isoformat()


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(v, lang) for v in value)
    if isinstance(value, str) and _ISO_DAY.match(value):
        return _local_date(value, lang)
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


def finding_text(finding: Finding, lang: str, catalogue: Catalogue) -> FindingText:
    """Title and action for `finding` in `lang` ("fr" or "en"); the code itself if no text exists."""
    lang = lang if lang in LANGUAGES else "en"
    entry = catalogue.findings.get(finding.code)
    values = _Values({k: _shown(v, lang) for k, v in finding.params.items()})
    if isinstance(finding.params.get("reason"), str):
        values["reason"] = translate_reason(finding.params["reason"], lang)
    values.setdefault("token", finding.token or "")
    values.setdefault("certificate", (finding.certificate or "")[:16])
    guide = catalogue.guides.get(finding.guide or "", {})
    guide_title = _pick(guide.get("title"), lang) if guide else ""
    if entry is None:
        logger.warning("no text for finding %s", finding.code)
        return FindingText(finding.code, "", guide_title)
    title = string.Formatter().vformat(_pick(entry.get("title"), lang), (), values)
    action = string.Formatter().vformat(_pick(entry.get("action"), lang), (), values)
    return FindingText(title, action, guide_title)
