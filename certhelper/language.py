"""The user's language: French where the locale is French, English otherwise."""

from __future__ import annotations

import os

SUPPORTED = ("fr", "en")


def user_language(explicit: str | None = None) -> str:
    if explicit in SUPPORTED:
        return explicit  # type: ignore[return-value]
    for var in ("CERTHELPER_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"
