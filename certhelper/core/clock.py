"""The current time, for every front-end: CERTHELPER_NOW (ISO 8601) pins it, for support reproductions and tests."""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo


def now_utc() -> dt.datetime:
    pinned = os.environ.get("CERTHELPER_NOW")
    if pinned:
        value = dt.datetime.fromisoformat(pinned.replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return dt.datetime.now(dt.UTC)


# Days are counted in Europe/Paris calendar days, for every front-end and every rule: a certificate
# ending at 23:30 UTC on 14 December ends on 15 December for its French holder, and "days left" is the
# number of midnights in Paris between now and then (0 on the last day, negative once past).
PARIS = ZoneInfo("Europe/Paris")


def paris_day(when: dt.datetime | dt.date) -> dt.date:
    """The calendar day `when` falls on in Paris (a naive datetime is taken as UTC; a date is itself)."""
    if isinstance(when, dt.datetime):
        aware = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
        return aware.astimezone(PARIS).date()
    return when


def calendar_days_between(now: dt.datetime | dt.date, when: dt.datetime | dt.date) -> int:
    """Whole Paris calendar days from `now` to `when` (negative when `when` is before `now`)."""
    return (paris_day(when) - paris_day(now)).days
