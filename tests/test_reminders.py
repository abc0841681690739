"""The reminder schedule at its edges, with `now` injected: 90/60/30/21 days, daily phase, expiry,
snooze, acknowledgement, replaced certificates, configurable steps."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from certhelper.core.clock import paris_day
from certhelper.core.reminders import schedule as reminders
from certhelper.core.reminders.store import Remembered, Store, load_store, save_store
from certhelper.core.renewal import Renewal, renewal_state
from certhelper.core.settings import Settings

NOT_AFTER = dt.datetime(2026, 6, 30, 15, 0, tzinfo=dt.UTC)
DEFAULTS = Settings()


def cert(sha: str = "a", holder: str = "Gaël TANGUY", not_after: dt.datetime = NOT_AFTER) -> Remembered:
    seen = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return Remembered(sha * 64, holder, "Commune de Plérin", "CN=CA3", not_after, "RGS**", "42", "Clé", seen, seen)


def at(days_left: float) -> dt.datetime:
    """A moment when the certificate has `days_left` whole days left."""
    return NOT_AFTER - dt.timedelta(days=days_left, minutes=1)


def only(store: Store, now: dt.datetime, settings: Settings = DEFAULTS) -> reminders.Reminder:
    (item,) = reminders.schedule(store, now, settings)
    return item


@pytest.mark.parametrize(
    ("days_left", "step"),
    [
        (120, None),
        (91, None),
        (90, "90"),
        (61, "90"),
        (60, "60"),
        (31, "60"),
        (30, "30"),
        (22, "30"),
        (21, "21"),
        (20, "daily-20"),
        (1, "daily-1"),
        (0, "daily-0"),
        (-0.5, "expired"),
        (-40, "expired"),
    ],
)
def test_the_step_at_each_edge(days_left: float, step: str | None) -> None:
    item = only(Store((cert(),)), at(days_left) if days_left >= 0 else NOT_AFTER - dt.timedelta(days=days_left))
    assert item.step == step
    assert item.due is (step is not None)


def test_latest_safe_order_date_is_expiry_minus_delivery_minus_margin() -> None:
    item = only(Store((cert(),)), at(100))
    assert item.order_by == dt.date(2026, 6, 2)  # 30 June - 21 days delivery - 7 days margin
    custom = dataclasses.replace(DEFAULTS, lead_time_days=30, safety_margin_days=10)
    assert only(Store((cert(),)), at(100), custom).order_by == dt.date(2026, 5, 21)


@pytest.mark.parametrize(
    ("days_left", "urgency"),
    [
        (120, "ok"),
        (91, "ok"),
        (90, "renew-soon"),
        (29, "renew-soon"),
        (28, "act-now"),
        (20, "act-now"),
        (-1, "act-now"),
    ],
)
def test_urgency_follows_the_order_date(days_left: int, urgency: str) -> None:
    now = NOT_AFTER - dt.timedelta(days=days_left) - dt.timedelta(minutes=1)
    assert only(Store((cert(),)), now).urgency == urgency
    # act-now exactly from the latest safe order date on
    item = only(Store((cert(),)), now)
    assert (item.urgency == "act-now") == (paris_day(now) >= item.order_by or now >= NOT_AFTER)


def test_an_acknowledged_step_does_not_come_back_but_the_next_one_does() -> None:
    store = Store((cert(),))
    first = only(store, at(90))
    store = reminders.acknowledge(store, first.certificate.sha256, first.step or "")
    assert not only(store, at(89)).due
    assert not only(store, at(61)).due
    assert only(store, at(60)).due and only(store, at(60)).step == "60"


def test_the_daily_phase_reminds_every_day_even_after_acknowledging() -> None:
    store = Store((cert(),))
    morning = dt.datetime(2026, 6, 10, 6, 0, tzinfo=dt.UTC)  # 08:00 in Paris, 20 Paris days before 30 June
    today = only(store, morning)
    assert today.step == "daily-20"
    store = reminders.acknowledge(store, today.certificate.sha256, today.step or "")
    assert not only(store, morning + dt.timedelta(hours=15)).due  # 23:00 in Paris: later the same day
    tomorrow = only(store, morning + dt.timedelta(days=1))
    assert tomorrow.due and tomorrow.step == "daily-19"


def test_expiry_is_a_step_of_its_own() -> None:
    store = Store((cert(),))
    last = only(store, at(0))
    store = reminders.acknowledge(store, last.certificate.sha256, last.step or "")
    expired = only(store, NOT_AFTER + dt.timedelta(minutes=1))
    # still the last Paris day (0 days left), but past the end of validity: expired
    assert expired.due and expired.step == "expired" and expired.days_left == 0 and expired.urgency == "act-now"
    assert only(store, NOT_AFTER + dt.timedelta(days=1)).days_left == -1
    store = reminders.acknowledge(store, expired.certificate.sha256, "expired")
    assert not only(store, NOT_AFTER + dt.timedelta(days=30)).due  # no nagging once seen


@pytest.mark.parametrize(("kind", "days"), [("day", 1), ("week", 7)])
def test_snooze_hides_reminders_for_a_day_or_a_week(kind: str, days: int) -> None:
    store = Store((cert(),))
    now = at(60)
    store = reminders.snooze(store, "a" * 64, now, reminders.SNOOZE_DAYS[kind])
    assert not only(store, now).due
    assert not only(store, now + dt.timedelta(days=days, minutes=-1)).due
    back = only(store, now + dt.timedelta(days=days, minutes=1))
    assert back.due and back.snoozed_until is None


def test_a_snooze_never_hides_the_expiry() -> None:
    store = reminders.snooze(Store((cert(),)), "a" * 64, at(3), days=7)
    assert not only(store, at(1)).due
    assert only(store, NOT_AFTER + dt.timedelta(minutes=1)).step == "expired"
    assert only(store, NOT_AFTER + dt.timedelta(minutes=1)).due


def test_a_replaced_certificate_stops_reminding() -> None:
    old = cert("a")
    new = cert("b", not_after=NOT_AFTER + dt.timedelta(days=1095))
    store = Store((old,))
    assert reminders.due(store, at(20), DEFAULTS)[0].certificate == old
    store = Store((old, new))
    assert reminders.due(store, at(20), DEFAULTS) == []
    assert [r.certificate for r in reminders.schedule(store, at(20), DEFAULTS)] == [new]
    # another holder's certificate from the same issuer replaces nothing
    colleague = cert("c", holder="Hélène LE GOFF", not_after=NOT_AFTER + dt.timedelta(days=1095))
    assert len(reminders.due(Store((old, colleague)), at(20), DEFAULTS)) == 1


def test_steps_come_from_the_settings() -> None:
    settings = dataclasses.replace(DEFAULTS, reminder_days=(45, 14), lead_time_days=10)
    store = Store((cert(),))
    assert only(store, at(60), settings).step is None
    assert only(store, at(45), settings).step == "45"
    assert only(store, at(14), settings).step == "14"
    assert only(store, at(11), settings).step == "14"
    assert only(store, at(9), settings).step == "daily-9"


def test_acknowledgements_and_snoozes_are_kept_in_the_store_file(tmp_path: Path) -> None:
    path = tmp_path / "certificates.json"
    now = at(30)
    store = reminders.acknowledge(Store((cert("a"), cert("b", holder="Other"))), "a" * 64, "30")
    store = reminders.snooze(store, "b" * 64, now, 7)
    save_store(store, path)
    loaded = load_store(path)
    assert reminders.due(loaded, now, DEFAULTS) == []
    later = now + dt.timedelta(days=8)  # b's snooze is over; a's step "30" stays acknowledged
    assert [r.certificate.sha256[0] for r in reminders.due(loaded, later, DEFAULTS)] == ["b"]
    assert len(reminders.due(loaded, at(21), DEFAULTS)) == 2  # the next step is due for both


def test_worst_urgency_for_the_tray() -> None:
    soon = cert("a", not_after=NOT_AFTER + dt.timedelta(days=40))
    urgent = cert("b", holder="Other", not_after=NOT_AFTER)
    items = reminders.schedule(Store((soon, urgent)), at(20), DEFAULTS)
    assert reminders.worst_urgency(items) == "act-now"
    assert reminders.worst_urgency(items[1:] if items[0].urgency == "act-now" else items[:1]) == "renew-soon"
    assert reminders.worst_urgency([]) == "ok"


@pytest.mark.parametrize("days", [200, 90, 40, 28, 27, 10, 0, -3])
def test_days_urgency_and_order_date_are_the_renewal_rules(days: int) -> None:
    """The schedule decides when to remind; how urgent it is, the days and the order date are renewal_state's."""
    now = at(days)
    item = only(Store((cert(),)), now)
    rule = renewal_state(NOT_AFTER, now, DEFAULTS)
    assert item.renewal == rule and (item.days_left, item.order_by) == (rule.days_left, rule.order_by)
    expected = {Renewal.FINE: "ok", Renewal.PLAN: "renew-soon", Renewal.ORDER_NOW: "act-now"}
    assert item.urgency == expected.get(rule.state, "act-now")


def test_days_are_paris_calendar_days() -> None:
    """Ending at 23:30 UTC on 14 December is the 15th in Paris: at noon on the 14th, one day is left."""
    ends = dt.datetime(2026, 12, 14, 23, 30, tzinfo=dt.UTC)
    item = only(Store((cert(not_after=ends),)), dt.datetime(2026, 12, 14, 12, 0, tzinfo=dt.UTC))
    assert item.days_left == 1 and item.certificate.days_left(dt.datetime(2026, 12, 14, 12, 0, tzinfo=dt.UTC)) == 1


def test_a_past_order_date_is_never_given_as_a_deadline() -> None:
    """10 days left with a 21-day lead time: order today; the JSON has no order date, only order_today."""
    item = only(Store((cert(),)), at(10))
    assert item.renewal.order_today and item.urgency == "act-now"
    doc = item.to_dict()
    assert doc["order_by"] is None and doc["order_today"] is True and doc["days_left"] == 10
    later = only(Store((cert(),)), at(60)).to_dict()
    assert later["order_by"] == "2026-06-02" and later["order_today"] is False
