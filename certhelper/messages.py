"""The command line's and the tray's texts: gettext catalogues, English message ids, French translations.

Sources: resources/i18n/cli/LANG/LC_MESSAGES/{certhelper,argparse}.po, compiled to .mo by Babel
(certhelper.i18n_build: `make translations`, the wheel build). When a .mo is missing or older than
its .po (a fresh checkout), the .po is compiled in memory, so the texts are never stale.
Shared by both front-ends (floor 1: the command line and the GUI never import each other).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from functools import cache
from pathlib import Path
from typing import Any

from certhelper.paths import resources_dir

DOMAIN = "certhelper"
ARGPARSE_DOMAIN = "argparse"  # argparse's own words ("usage: ", "error: ", ...), same folder

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


def locale_dir() -> Path:
    return resources_dir() / "i18n" / "cli"


@cache
def translation(lang: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The catalogue of `domain` in `lang`; English (the message ids) when there is none."""
    po = locale_dir() / lang / "LC_MESSAGES" / f"{domain}.po"
    mo = po.with_suffix(".mo")
    # A .po edited after the last compile (a checkout) wins; seconds apart is an install's unpacking order.
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime - 2):
        with mo.open("rb") as fh:
            found: gettext.NullTranslations = gettext.GNUTranslations(fh)
    elif po.is_file():
        from certhelper.i18n_build import mo_bytes  # Babel: only in a checkout not yet built

        found = gettext.GNUTranslations(io.BytesIO(mo_bytes(po, lang)))
    else:
        return gettext.NullTranslations()
    return found


def french_table() -> dict[str, str]:
    """Every message id with a French text in the catalogue's source, for coverage tests."""
    from certhelper.i18n_build import read_catalogue  # tests only: Babel

    po = locale_dir() / "fr" / "LC_MESSAGES" / f"{DOMAIN}.po"
    return {str(m.id): str(m.string) for m in read_catalogue(po, "fr") if m.id and isinstance(m.id, str) and m.string}


class Text:
    """`t = Text("fr"); t("{n} days left", n=3)`: translate, then fill the placeholders."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.catalogue = translation(lang) if lang != "en" else gettext.NullTranslations()

    def __call__(self, msgid: str, **params: Any) -> str:
        text = self._typeset(self.catalogue.gettext(msgid))
        return text.format(**params) if params else text

    def plural(self, singular: str, plural: str, n: int, **params: Any) -> str:
        """The form for `n` in the reader's language ({n} is filled too): "1 certificat", "2 certificats"."""
        return self._typeset(self.catalogue.ngettext(singular, plural, n)).format(n=n, **params)

    def _typeset(self, template: str) -> str:
        """French spacing before « : ; ? ! », applied to our own template only: names and paths filled
        into it stay as they are."""
        if self.lang != "fr":
            return template
        from certhelper.core.outputs.wording import nbsp_punct

        return nbsp_punct(template, self.lang)

    def reason(self, error: Any, *, verbose: bool = False, kind: str = "") -> str:
        """A typed error (module, token, unreadable object; a PIN-check code with kind="pin") as a phrase;
        the library's own text only with `verbose` (--verbose)."""
        from certhelper.core.outputs.reasons import explain

        return explain(error, self.lang, verbose=verbose, kind=kind)

    def date(self, when: dt.datetime | dt.date) -> str:
        """ "14 décembre 2026": the one way to write a day (core.outputs.wording, Paris calendar days)."""
        from certhelper.core.outputs.wording import format_day

        return format_day(when, self.lang)
