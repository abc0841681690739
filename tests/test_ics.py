"""The .ics export, parsed back with the real `icalendar` package: right dates, right time zone,
text that survives escaping and folding."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from certhelper.core.assessment.model import Renewal, RenewalState
from certhelper.core.outputs import calendar as ics
from certhelper.core.reminders.store import Remembered, Store
from certhelper.core.settings import Settings

NOW = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.UTC)
PARIS = ZoneInfo("Europe/Paris")


def cert(sha: str, holder: str, not_after: dt.datetime, org: str = "Commune de Plérin") -> Remembered:
    return Remembered(sha * 64, holder, org, "CN=ChamberSign France CA3 NG RGS", not_after, "RGS**", "1", "t", NOW, NOW)


SUMMER = cert("a", "Gaël TANGUY", dt.datetime(2026, 7, 14, 21, 30, tzinfo=dt.UTC))  # CEST: 23:30 in Paris
WINTER = cert("b", "Hélène LE GOFF", dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC), org="Mairie; Plérin, \\ Côtes")
EXPIRED = cert("c", "Loïc MORVAN", NOW - dt.timedelta(days=3))


def events(store: Store) -> list[ics.Event]:
    long = "é" * 80 + " texte long qui doit être replié ; avec, ponctuation\net une deuxième ligne"
    return [
        ics.Event(ics.uid(d), f"{d.kind}: {d.certificate.holder}", f"{d.certificate.organisation} {long}", d.when, 7)
        for d in ics.deadlines(store, NOW, Settings())
    ]


def parse(text: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(text)


def test_each_certificate_has_its_order_date_and_its_expiry() -> None:
    store = Store((SUMMER, WINTER, EXPIRED))
    cal = parse(ics.render(events(store), NOW))
    found = {(str(e["UID"]).split("-")[1].split("@")[0], str(e["SUMMARY"])): e for e in cal.walk("VEVENT")}
    assert len(found) == 4  # the expired certificate has no deadline left
    order = found[("order", "order: Gaël TANGUY")]["DTSTART"].dt
    assert order == dt.date(2026, 6, 16)  # 14 July - 21 days delivery - 7 days margin
    assert not isinstance(order, dt.datetime)  # an all-day event
    assert found[("order", "order: Gaël TANGUY")]["DTEND"].dt == dt.date(2026, 6, 17)
    expiry = found[("expiry", "expiry: Gaël TANGUY")]["DTSTART"].dt
    assert isinstance(expiry, dt.datetime) and expiry == SUMMER.not_after
    assert getattr(expiry.tzinfo, "key", None) == "Europe/Paris"  # written with TZID=Europe/Paris
    assert (expiry.hour, expiry.minute, expiry.utcoffset()) == (23, 30, dt.timedelta(hours=2))


def test_winter_time_and_the_next_year_in_paris() -> None:
    cal = parse(ics.render(events(Store((WINTER,))), NOW))
    expiry = next(e for e in cal.walk("VEVENT") if "expiry" in str(e["UID"]))["DTSTART"].dt
    assert expiry == WINTER.not_after
    assert (expiry.year, expiry.month, expiry.day, expiry.hour) == (2027, 1, 1, 0)  # already New Year in Paris
    assert expiry.utcoffset() == dt.timedelta(hours=1)
    (tz,) = cal.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Paris"


def test_text_is_escaped_and_long_lines_are_folded() -> None:
    text = ics.render(events(Store((WINTER,))), NOW)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    text.encode("utf-8").decode("utf-8")  # no UTF-8 sequence cut by the folding
    cal = parse(text)
    event = next(e for e in cal.walk("VEVENT") if "order" in str(e["UID"]))
    description = str(event["DESCRIPTION"])
    assert description.startswith("Mairie; Plérin, \\ Côtes ")
    assert description.endswith("ponctuation\net une deuxième ligne")
    (alarm,) = event.walk("VALARM")
    assert alarm["TRIGGER"].dt == -dt.timedelta(days=7)


def test_uids_are_stable_and_dtstamp_is_utc() -> None:
    first = parse(ics.render(events(Store((SUMMER,))), NOW))
    second = parse(ics.render(events(Store((SUMMER,))), NOW + dt.timedelta(days=2)))
    assert [str(e["UID"]) for e in first.walk("VEVENT")] == [str(e["UID"]) for e in second.walk("VEVENT")]
    stamp = first.walk("VEVENT")[0]["DTSTAMP"].dt
    assert stamp == NOW and stamp.utcoffset() == dt.timedelta(0)


def test_an_empty_calendar_is_still_valid() -> None:
    cal = parse(ics.render([], NOW))
    assert cal.walk("VEVENT") == [] and str(cal["VERSION"]) == "2.0"


def test_a_past_order_date_becomes_order_today() -> None:
    # 10 days from expiry with 21 days of lead time: the last safe order date is past; the event is on
    # the export day, flagged, never on a past date.
    soon = cert("d", "Anne MORVAN", NOW + dt.timedelta(days=10))
    (order, _expiry) = ics.deadlines(Store((soon,)), NOW, Settings())
    assert order.kind == "order" and order.order_today and order.when == NOW.date()
    cal = parse(ics.render(events(Store((soon,))), NOW))
    starts = {str(e["UID"]).split("-")[1]: e["DTSTART"].dt for e in cal.walk("VEVENT")}
    assert starts["order@certhelper"] == NOW.date()


def test_deadlines_follow_the_renewal_state() -> None:
    order_by = dt.date(2026, 6, 16)
    state = RenewalState(Renewal.FINE, 180, SUMMER.not_after, order_by, False, 21, 7)
    order, expiry = ics.deadlines_of(SUMMER, state, NOW)
    assert (order.when, order.order_today, expiry.when) == (order_by, False, SUMMER.not_after)
    late = RenewalState(Renewal.ORDER_NOW, 5, SUMMER.not_after, order_by, True, 21, 7)
    assert ics.deadlines_of(SUMMER, late, dt.datetime(2026, 7, 9, tzinfo=dt.UTC))[0].when == dt.date(2026, 7, 9)
    assert ics.deadlines_of(SUMMER, late, SUMMER.not_after + dt.timedelta(hours=1)) == []
