"""Typed outcomes in words: the code of a module, token, object or PIN-check error → a phrase.

One table, resources/i18n/reasons.toml, keyed by kind and code ([module.not-found] fr/en), for the
command line, the window, the tray and the reports; nothing here reads English back. The library's
own text (`detail`) is never part of the phrase: `explain(..., verbose=True)` adds it after a dash,
for `--verbose`; the window shows `detail_of(error)` under "Détails".

Errors come as the dataclasses of core.errors / core.model, or as their JSON form (a dict with
"code"), as a report or the scan worker carries them.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Mapping
from functools import cache
from typing import Any

from certhelper.core.errors import ModuleError, TokenError
from certhelper.core.model import Unreadable
from certhelper.core.outputs.wording import NBSP, number, plural_form
from certhelper.paths import resources_dir

logger = logging.getLogger(__name__)

KINDS = ("module", "token", "object", "pin", "unknown")
_COUNTED = ("crashes", "seconds", "exit_code")  # the field a one/other text is chosen on


@cache
def table() -> dict[str, dict[str, Any]]:
    """{kind: {code: {lang: text or {one, other}}}}, as in reasons.toml."""
    path = resources_dir() / "i18n" / "reasons.toml"
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        logger.error("cannot read %s: %s", path, exc)
        return {}
    return {kind: dict(data.get(kind, {})) for kind in KINDS}


def _kind_of(error: Any) -> str:
    if isinstance(error, ModuleError):
        return "module"
    if isinstance(error, TokenError):
        return "token"
    if isinstance(error, Unreadable):
        return "object"
    return ""


def _fields(error: Any) -> dict[str, Any]:
    if isinstance(error, Mapping):
        return dict(error)
    if isinstance(error, str):
        return {"code": error}
    return {
        k: getattr(error, k)
        for k in ("code", "detail", "signal", "exit_code", "seconds", "crashes", "label")
        if hasattr(error, k)
    }


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return number(value, lang)
    return str(value)


def sentence(error: Any, lang: str, kind: str = "") -> str:
    """The phrase for `error` in `lang` ("fr" or "en"), with its fields filled; no library text.

    `kind` ("module", "token", "object", "pin") is taken from the error's type when it is a
    dataclass; give it for a dict or a bare code. An unknown code reads as a generic failure.
    """
    lang = lang if lang in ("fr", "en") else "en"
    fields = _fields(error)
    kind = kind or _kind_of(error)
    code = str(fields.get("code") or "")
    entry = table().get(kind, {}).get(code)
    if entry is None:
        logger.info("no text for %s error %r", kind or "an", code)
        entry = table().get("unknown", {}).get("failed", {})
    text = entry.get(lang) or entry.get("en") or ""
    if isinstance(text, Mapping):
        count = next((fields[f] for f in _COUNTED if isinstance(fields.get(f), (int, float))), 0)
        text = text.get(plural_form(int(count), lang)) or text.get("other") or ""
    values = {k: _shown(v, lang) for k, v in fields.items() if v is not None}
    try:
        return str(text).format_map(_Keep(values))
    except (ValueError, IndexError):
        return str(text)


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def detail_of(error: Any) -> str | None:
    """The library's or driver's own text, for "Détails" / --verbose; None when it has none."""
    detail = _fields(error).get("detail")
    return str(detail) if detail else None


def explain(error: Any, lang: str, *, verbose: bool = False, kind: str = "") -> str:
    """The phrase, and with `verbose` the library's own text after it: "le pilote s'est arrêté brutalement — SIGSEGV"."""
    text = sentence(error, lang, kind)
    detail = detail_of(error) if verbose else None
    if not detail:
        return text
    return f"{text}{NBSP if lang == 'fr' else ' '}— {detail}"


def translate_reason(error: Any, lang: str) -> str:
    """Former name of `sentence`, for callers not yet moved (it no longer parses English text)."""
    return sentence(error, lang)


__all__ = ["KINDS", "detail_of", "explain", "sentence", "table", "translate_reason"]
