"""Is the support desk open now? Computed from the provider's opening hours in its own time zone.

Hours come from providers.toml (`[provider.X.hours]`: weekday = [["09:00", "12:30"], ...]) and are
read in the provider's time zone (Europe/Paris for ChamberSign), whatever the workstation's zone.
The desk is closed on the public holidays the catalogue names in the same table
(`public_holidays = { country = "FR", subdivision = "57" }`, subdivision optional), as the
`holidays` package knows them. `now` is always passed in, so the answer can be tested at the edges.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

logger = logging.getLogger(__name__)

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DEFAULT_TIMEZONE = "Europe/Paris"
HOLIDAYS_KEY = "public_holidays"  # in the hours table: the country (and subdivision) whose holidays close the desk


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


@cache
def _holidays(country: str, subdivision: str | None) -> Callable[[dt.date], bool]:
    import holidays  # only when a desk's hours are asked: the command line rarely needs it

    try:
        calendar = holidays.country_holidays(country, subdiv=subdivision)
    except NotImplementedError:  # a country or subdivision the package does not know: hours only
        logger.warning("no public holidays known for %s %s", country, subdivision or "")
        return lambda day: False
    return lambda day: day in calendar


def public_holiday(hours: Mapping[str, Any]) -> Callable[[dt.date], bool]:
    """Is this (local) day a public holiday that closes the desk? Never, when the catalogue names none."""
    rule = hours.get(HOLIDAYS_KEY)
    if not isinstance(rule, Mapping) or not isinstance(rule.get("country"), str):
        return lambda day: False
    subdivision = rule.get("subdivision")
    return _holidays(rule["country"], subdivision if isinstance(subdivision, str) else None)


def weekly_hours(hours: Mapping[str, Any]) -> tuple[DayHours, ...]:
    """The week, Monday first, each day's opening ranges (empty when closed)."""
    out = []
    for day in WEEKDAYS:
        day_ranges: Sequence[Sequence[str]] = hours.get(day, ())
        ranges = tuple((_time(start), _time(end)) for start, end in day_ranges)
        out.append(DayHours(day, tuple(sorted(ranges))))
    return tuple(out)


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or DEFAULT_TIMEZONE)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_TIMEZONE)


def opening_status(hours: Mapping[str, Any], now: dt.datetime, timezone: str | None = None) -> OpeningStatus:
    """Open now (and until when), or closed (and when it opens next, within two weeks).

    Ranges are half-open: open at 09:00 sharp, closed at 12:30 sharp. Public holidays are closed days.
    """
    tz_name = timezone or DEFAULT_TIMEZONE
    tz = zone(tz_name)
    local = (now if now.tzinfo else now.replace(tzinfo=dt.UTC)).astimezone(tz)
    week = weekly_hours(hours)
    holiday = public_holiday(hours)
    for offset in range(15):  # a week, and a few holidays in a row (Christmas to New Year's Day)
        day = local.date() + dt.timedelta(days=offset)
        if holiday(day):
            continue
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
