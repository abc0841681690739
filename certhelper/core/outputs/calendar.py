"""iCalendar export (RFC 5545) with the `icalendar` package: the renewal deadlines in the calendar people use.

Per certificate: the last safe order date (an all-day event, with an alarm a week before) and the
expiry (a timed event in Europe/Paris, with the VTIMEZONE a TZID needs). The order date is never
recomputed here: it is the renewal state's `order_by` (Settings.latest_order_date, the core's one
rule); when that day is already past the event is put on the day of the export ("order today"),
never on a past date. The front-end writes summaries and descriptions in the user's language;
`icalendar` does the escaping, line ends and folding.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar

from certhelper import __version__
from certhelper.core.assessment.model import RenewalState
from certhelper.core.reminders.store import Remembered, Store
from certhelper.core.settings import Settings

PARIS = ZoneInfo("Europe/Paris")  # where the holders and the provider's support are
EXPIRY_DURATION = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Deadline:
    kind: str  # "order" (last safe order date) or "expiry"
    certificate: Remembered
    when: dt.date | dt.datetime  # a date for "order", an aware datetime for "expiry"
    order_today: bool = False  # "order": the last safe order date is today or past, `when` is the export day


@dataclass(frozen=True)
class Event:
    uid: str
    summary: str
    description: str
    start: dt.date | dt.datetime  # date: all-day event; aware datetime: timed, written in Europe/Paris
    alarm_days_before: int | None = None


def deadlines_of(cert: Remembered, renewal: RenewalState, now: dt.datetime) -> list[Deadline]:
    """The two deadlines of one certificate from its renewal state (none once it has expired)."""
    if renewal.not_after <= now:
        return []
    day = now.astimezone(dt.UTC).date() if renewal.order_today else renewal.order_by
    return [
        Deadline("order", cert, day, order_today=renewal.order_today),
        Deadline("expiry", cert, renewal.not_after),
    ]


def deadlines(store: Store, now: dt.datetime, settings: Settings) -> list[Deadline]:
    """Order date and expiry of every remembered certificate still valid, soonest first.

    The order date is the settings' one rule (`latest_order_date`, `must_order_now`), as the assessment takes it.
    """
    out: list[Deadline] = []
    for cert in sorted(store.active(), key=lambda c: c.not_after):
        if cert.not_after <= now:
            continue
        order_by = settings.latest_order_date(cert.not_after)
        order_today = settings.must_order_now(cert.not_after, now)
        day = now.astimezone(dt.UTC).date() if order_today else order_by
        out.append(Deadline("order", cert, day, order_today=order_today))
        out.append(Deadline("expiry", cert, cert.not_after))
    return out


def _event(event: Event, stamp: dt.datetime) -> icalendar.Event:
    out = icalendar.Event()
    out.add("uid", event.uid)
    out.add("dtstamp", stamp.astimezone(dt.UTC))
    if isinstance(event.start, dt.datetime):
        out.add("dtstart", event.start.astimezone(PARIS))
        out.add("duration", EXPIRY_DURATION)
    else:
        out.add("dtstart", event.start)
        out.add("dtend", event.start + dt.timedelta(days=1))
        out.add("transp", "TRANSPARENT")  # a reminder, not a busy day
    out.add("summary", event.summary)
    out.add("description", event.description)
    if event.alarm_days_before is not None:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.summary)
        alarm.add("trigger", -dt.timedelta(days=event.alarm_days_before))
        out.add_component(alarm)
    return out


def render(events: Iterable[Event], stamp: dt.datetime) -> str:
    """A complete VCALENDAR; `stamp` (aware) is the DTSTAMP of every event."""
    events = list(events)
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//certhelper//certhelper {__version__}//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    for event in events:
        cal.add_component(_event(event, stamp))
    timed = [e.start.astimezone(PARIS).date() for e in events if isinstance(e.start, dt.datetime)]
    if timed:  # the VTIMEZONE, with its transitions around the exported dates only
        first = min([stamp.astimezone(PARIS).date(), *timed]) - dt.timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=max(timed) + dt.timedelta(days=366))
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")


def uid(deadline: Deadline) -> str:
    """Stable across exports, so re-importing updates the events instead of doubling them."""
    return f"{deadline.certificate.sha256[:32]}-{deadline.kind}@certhelper"
