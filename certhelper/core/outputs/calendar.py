"""iCalendar export (RFC 5545), written by hand: the renewal deadlines in the calendar people already use.

Per certificate: the latest safe order date (an all-day event, with an alarm a week before) and the
expiry (a timed event in Europe/Paris, with the VTIMEZONE that RFC 5545 requires for a TZID).
The front-end writes the summaries and descriptions in the user's language; this module only
formats: escaping (section 3.3.11), CRLF line ends and folding at 75 octets (section 3.1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from certhelper import __version__
from certhelper.core.reminders.schedule import order_by
from certhelper.core.reminders.store import Remembered, Store
from certhelper.core.settings import Settings

PARIS = ZoneInfo("Europe/Paris")  # where the holders and the provider's support are

# Europe/Paris since 1996 (EU rules): last Sunday of March 02:00 -> CEST, last Sunday of October 03:00 -> CET.
_VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Paris",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19810329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19961027T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


@dataclass(frozen=True)
class Deadline:
    kind: str  # "order" (latest safe order date) or "expiry"
    certificate: Remembered
    when: dt.date | dt.datetime  # a date for "order", an aware datetime for "expiry"


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    description: str
    start: dt.date | dt.datetime  # date: all-day event; aware datetime: timed, written in Europe/Paris
    alarm_days_before: int | None = None


def deadlines(store: Store, now: dt.datetime, settings: Settings) -> list[Deadline]:
    """Order date and expiry of every active certificate not yet expired, soonest first."""
    out: list[Deadline] = []
    for cert in sorted(store.active(), key=lambda c: c.not_after):
        if cert.not_after <= now:
            continue
        out.append(Deadline("order", cert, order_by(cert.not_after, settings)))
        out.append(Deadline("expiry", cert, cert.not_after))
    return out


def escape_text(value: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 sequence (continuations start with a space)."""
    parts: list[str] = []
    current, size, limit = "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # the leading space counts
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _utc_stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event_lines(event: Event, stamp: dt.datetime) -> list[str]:
    lines = ["BEGIN:VEVENT", f"UID:{event.uid}", f"DTSTAMP:{_utc_stamp(stamp)}"]
    if isinstance(event.start, dt.datetime):
        local = event.start.astimezone(PARIS)
        lines.append(f"DTSTART;TZID=Europe/Paris:{local.strftime('%Y%m%dT%H%M%S')}")
        lines.append("DURATION:PT30M")
    else:
        lines.append(f"DTSTART;VALUE=DATE:{event.start.strftime('%Y%m%d')}")
        lines.append(f"DTEND;VALUE=DATE:{(event.start + dt.timedelta(days=1)).strftime('%Y%m%d')}")
        lines.append("TRANSP:TRANSPARENT")  # a reminder, not a busy day
    lines.append(f"SUMMARY:{escape_text(event.summary)}")
    lines.append(f"DESCRIPTION:{escape_text(event.description)}")
    if event.alarm_days_before is not None:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{escape_text(event.summary)}",
            f"TRIGGER:-P{event.alarm_days_before}D",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def render(events: Iterable[Event], stamp: dt.datetime) -> str:
    """A complete VCALENDAR; `stamp` (aware) is the DTSTAMP of every event."""
    events = list(events)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//certhelper//certhelper {__version__}//FR",
        "CALSCALE:GREGORIAN",
    ]
    if any(isinstance(e.start, dt.datetime) for e in events):
        lines += _VTIMEZONE
    for event in events:
        lines += _event_lines(event, stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def uid(deadline: Deadline) -> str:
    """Stable across exports, so re-importing updates the events instead of doubling them."""
    return f"{deadline.certificate.sha256[:32]}-{deadline.kind}@certhelper"
