"""One way to write a day, a count and a name, in French and English, for every front-end.

Dates and plurals go through Babel (CLDR), so the CLI, the reports, the window and the tray write
"14 décembre 2026" / "14 December 2026", "1 jour" / "3 jours", never "14/12/2026" or "jour(s)".
Days are Europe/Paris calendar days (core.clock.PARIS): a datetime is written as the day it falls on
in Paris, the same day the assessment counts days left to (core.clock.calendar_days_between).

French typography: `of_name` elides « de » (« d'Anne Morvan »), `nbsp_punct` puts the non-breaking
space a French reader expects before « : ; ? ! ».
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from certhelper.core.clock import paris_day

# One locale per language we write: en_GB for the day-month-year order ("14 December 2026").
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
DAY_PATTERN = "d MMMM y"  # the one format, in every front-end

NBSP = "\u00a0"  # before « : » (a full non-breaking space)
NNBSP = "\u202f"  # before « ; ? ! » (a narrow one), as the Imprimerie nationale's rules say

DAY_FORMS = {"fr": ("jour", "jours"), "en": ("day", "days")}


def _lang(lang: str) -> str:
    return lang if lang in _LOCALES else "en"


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(_LOCALES[_lang(lang)])


def format_day(value: dt.date | dt.datetime, lang: str) -> str:
    """ "14 décembre 2026" / "14 December 2026"; a datetime is written as its day in Paris.

    French writes the first of the month as an ordinal: « 1er décembre 2026 ».
    """
    day = paris_day(value)
    text = format_date(day, DAY_PATTERN, locale=_locale(lang))
    if _lang(lang) == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text


def plural_form(n: int, lang: str) -> str:
    """CLDR's category for `n`, narrowed to the two forms our texts carry: "one" or "other".

    French counts 0 and 1 as singular (« 0 jour », « 1 jour »), English only 1 ("0 days").
    """
    return "one" if _locale(lang).plural_form(abs(n)) == "one" else "other"


def number(n: int, lang: str) -> str:
    """A whole number as the reader writes it: « 12 345 » (narrow space) / "12,345"."""
    return format_decimal(n, locale=_locale(lang))


def count_text(n: int, noun_forms: Sequence[str] | Mapping[str, str], lang: str) -> str:
    """ "2 certificats", "1 certificat", never "certificat(s)".

    `noun_forms` is (singular, plural) or {"one": …, "other": …}, already in `lang`.
    """
    if isinstance(noun_forms, Mapping):
        one, other = noun_forms["one"], noun_forms["other"]
    else:
        one, other = noun_forms[0], noun_forms[1]
    return f"{number(n, lang)} {one if plural_form(n, lang) == 'one' else other}"


def days_text(n: int, lang: str) -> str:
    """ "1 jour", "3 jours" / "1 day", "3 days" (the sign is the caller's: pass a count)."""
    return count_text(n, DAY_FORMS[_lang(lang)], lang)


_VOWELS = set("aeiouæœ")


def _elides(name: str) -> bool:
    """French drops « de » to « d' » before a vowel sound.

    The rule: a vowel (accents ignored: Émilie, Œdipe), or an h — French given names starting with h
    are all but a few h muet (Hélène, Hugo, Hervé) — or a y before a consonant (Yves, Yvonne), where
    it is a vowel; not a y before a vowel (Yann, Yolande), where it is a consonant.
    """
    letters = unicodedata.normalize("NFD", name.strip()).casefold()
    letters = "".join(c for c in letters if not unicodedata.combining(c))
    if not letters:
        return False
    first, second = letters[0], letters[1:2]
    if first in _VOWELS or first == "h":
        return True
    return first == "y" and bool(second) and second.isalpha() and second not in _VOWELS | {"y"}


def of_name(name: str, lang: str) -> str:
    """ "d'Anne Morvan", "de Jean Dupont" / "of Anne Morvan" (see _elides for the French rule)."""
    name = name.strip()
    if _lang(lang) != "fr":
        return f"of {name}"
    return f"d'{name}" if _elides(name) else f"de {name}"


# A space (or none) before « ; ? ! » or before « : », when the mark ends a phrase: followed by a space,
# a closing quote or the end. "https://", "10:30", "?a=b" stay as they are.
_BEFORE_MARK = re.compile(r"(?<=\S)[ \t\u00a0\u202f]*([;?!:])(?=\s|$|[»\"”)?!])")


def nbsp_punct(text: str, lang: str) -> str:
    """French: a non-breaking space before « : » and a narrow one before « ; ? ! »; English as it is."""
    if _lang(lang) != "fr":
        return text

    def space(match: re.Match[str]) -> str:
        mark = match.group(1)
        before = text[match.start() - 1]
        if before in ";?!:" and not match.group(0)[:-1]:
            return mark  # "?!" or "!!": one space before the first mark only
        return (NBSP if mark == ":" else NNBSP) + mark

    return _BEFORE_MARK.sub(space, text)


__all__ = [
    "DAY_PATTERN",
    "NBSP",
    "NNBSP",
    "count_text",
    "days_text",
    "format_day",
    "nbsp_punct",
    "number",
    "of_name",
    "plural_form",
]
