"""Dates as the window and the tray write them: core.outputs.wording's, the same as every front-end's.

"14 décembre 2026" / "14 December 2026", a moment written as its day in the documented zone
(wording: Paris). Days are counted by the core (RenewalState.days_left); the GUI writes the number
with Qt's plural forms (%n).
"""

from __future__ import annotations

import datetime as dt

from certhelper.core.outputs.wording import format_day


def day_text(value: dt.date | dt.datetime, lang: str) -> str:
    return format_day(value, lang)
