"""Is the support desk open now? Computed from the provider's opening hours in its own time zone.

Hours come from providers.toml (`[provider.X.hours]`: weekday = [["09:00", "12:30"], ...]) and are
read in the provider's time zone (Europe/Paris for ChamberSign), whatever the workstation's zone.
`now` is always passed in, so the answer can be tested at the edges. Public holidays are not in
the catalogue: on such a day the desk may be closed although this says open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_TIMEZONE = "Europe/Paris"


@dataclass(frozen=True)
class OpeningStatus:
    open: bool
    closes_at: dt.datetime | None = None  # local (provider) time, when open
    opens_at: dt.datetime | None = None  # local (provider) time, when closed; None if never opens
    timezone: str = DEFAULT_TIMEZONE


@dataclass(frozen=True)
class DayHours:
    weekday: str
    ranges: tuple[tuple[dt.time, dt.time], ...]


def _time(text: str) -> dt.time:
    hours, _, minutes = text.partition(":")
    return dt.time(int(hours), int(minutes or 0))


def weekly_hours(hours: Mapping[str, Sequence[Sequence[str]]]) -> tuple[DayHours, ...]:
    """The week, Monday first, each day's opening ranges (empty when closed)."""
    out = []
    for day in WEEKDAYS:
        ranges = tuple((_time(start), _time(end)) for start, end in hours.get(day, ()))
        out.append(DayHours(day, tuple(sorted(ranges))))
    return tuple(out)


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def opening_status(
    hours: Mapping[str, Sequence[Sequence[str]]], now: dt.datetime, timezone: str | None = None
) -> OpeningStatus:
    """Open now (and until when), or closed (and when it opens next, within a week).

    Ranges are half-open: open at 09:00 sharp, closed at 12:30 sharp.
    """
    tz_name = timezone or DEFAULT_TIMEZONE
    tz = zone(tz_name)
    local = (now if now.tzinfo else now.replace(tzinfo=dt.UTC)).astimezone(tz)
    week = weekly_hours(hours)
    for offset in range(8):
        day = local.date() + dt.timedelta(days=offset)
        for start, end in week[day.weekday()].ranges:
            opens = dt.datetime.combine(day, start, tz)
            closes = dt.datetime.combine(day, end, tz)
            if offset == 0 and opens <= local < closes:
                return OpeningStatus(True, closes_at=closes, timezone=tz_name)
            if opens > local:
                return OpeningStatus(False, opens_at=opens, timezone=tz_name)
    return OpeningStatus(False, timezone=tz_name)


def provider_status(provider: Mapping[str, Any], now: dt.datetime) -> OpeningStatus | None:
    """The opening status of a catalogue provider; None when the catalogue gives no hours."""
    hours = provider.get("hours")
    if not isinstance(hours, Mapping) or not hours:
        return None
    return opening_status(hours, now, provider.get("timezone"))
