"""Reasons the core gives in English ("file not found (…)"), for a reader of another language.

A reason is a stable head, optionally followed by " (detail)". The head is translated from
resources/i18n/reasons.toml; the detail is kept as the driver or library wrote it, unless it is
itself a known reason. Used by the CLI, the window and the finding texts alike.
"""

from __future__ import annotations

import tomllib
from functools import cache

from certhelper.paths import resources_dir


@cache
def _table(lang: str) -> dict[str, str]:
    path = resources_dir() / "i18n" / "reasons.toml"
    try:
        with path.open("rb") as fh:
            return dict(tomllib.load(fh).get(lang, {}))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def translate_reason(text: str, lang: str) -> str:
    if lang == "en" or not text:
        return text
    table = _table(lang)
    head, sep, detail = text.partition(" (")
    if sep and detail.endswith(")") and detail[:-1] in table:
        detail = table[detail[:-1]] + ")"
    return table.get(head, head) + sep + detail
