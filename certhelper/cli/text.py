"""The CLI's translation table: English message ids, French texts in resources/i18n/cli/*.toml.

One file per command keeps the tables small; all are merged. A missing French text falls back to
the English id (tests check that every id used has a French text).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from functools import cache
from typing import Any

from certhelper.paths import resources_dir

MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


@cache
def french_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for path in sorted((resources_dir() / "i18n" / "cli").glob("*.toml")):
        with path.open("rb") as fh:
            table.update(tomllib.load(fh).get("fr", {}))
    return table


class Text:
    """`t = Text("fr"); t("{n} days left", n=3)`: translate, then fill the placeholders."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, msgid: str, **params: Any) -> str:
        text = french_table().get(msgid, msgid) if self.lang == "fr" else msgid
        return text.format(**params) if params else text

    def reason(self, text: str) -> str:
        """Translate a stable reason ("file not found") and keep any technical detail after it."""
        from certhelper.core.outputs.reasons import translate_reason

        return translate_reason(text, self.lang)

    def date(self, when: dt.datetime | dt.date) -> str:
        if isinstance(when, dt.datetime):
            when = when.astimezone(dt.UTC).date() if when.tzinfo else when.date()
        return f"{when.day} {MONTHS[self.lang][when.month - 1]} {when.year}"
