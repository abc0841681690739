"""The renewal rule (core.renewal) at each of its edges: what the user reads as "plan", "order today",
"expired", the days left and the last safe order date.

Pure: no token, no process, so it is also one of mutmut's judges (`make mutate`). The wider cases (Paris
days, the default states) are in tests/test_assessment.py and tests/test_reminders.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from certhelper.core.renewal import Renewal, RenewalState, renewal_state
from certhelper.core.settings import Settings

UTC = dt.UTC
END = dt.datetime(2027, 3, 10, 9, 0, tzinfo=UTC)  # 10:00 in Paris: the Paris day is 10 March


def test_the_whole_answer_for_a_certificate_to_plan() -> None:
    now = END - dt.timedelta(days=60)
    assert renewal_state(END, now, Settings()) == RenewalState(
        state=Renewal.PLAN,
        days_left=60,
        not_after=END,
        order_by=dt.date(2027, 2, 10),  # 10 March - 21 days' delivery - 7 days' margin
        order_today=False,
        lead_time_days=21,
        safety_margin_days=7,
    )


def test_lead_time_and_margin_are_the_settings_own() -> None:
    settings = Settings(lead_time_days=10, safety_margin_days=3)
    got = renewal_state(END, END - dt.timedelta(days=60), settings)
    assert (got.order_by, got.lead_time_days, got.safety_margin_days) == (dt.date(2027, 2, 25), 10, 3)


def test_at_the_very_instant_of_the_end_it_is_expired() -> None:
    got = renewal_state(END, END, Settings())
    assert (got.state, got.days_left, got.order_today) == (Renewal.EXPIRED, 0, True)
    one_second_before = renewal_state(END, END - dt.timedelta(seconds=1), Settings())
    assert one_second_before.state is Renewal.ORDER_NOW  # its last day: still valid, order today


def test_past_the_end_days_left_go_negative() -> None:
    got = renewal_state(END, END + dt.timedelta(days=3), Settings())
    assert (got.state, got.days_left, got.order_today) == (Renewal.EXPIRED, -3, True)


@pytest.mark.parametrize(
    ("days_before_end", "state"),
    [
        (29, Renewal.PLAN),  # the day before the last safe order date
        (28, Renewal.ORDER_NOW),  # the last safe order date itself: order today
    ],
)
def test_the_last_safe_order_day_is_order_today(days_before_end: int, state: Renewal) -> None:
    got = renewal_state(END, END - dt.timedelta(days=days_before_end), Settings())
    assert (got.state, got.order_today) == (state, state is Renewal.ORDER_NOW)


@pytest.mark.parametrize(
    ("horizon", "days_before_end", "state"),
    [
        (90, 91, Renewal.FINE),
        (90, 90, Renewal.PLAN),  # the horizon day itself is within it
        (45, 46, Renewal.FINE),  # the horizon is the settings' own
        (45, 45, Renewal.PLAN),
    ],
)
def test_the_reminder_horizon_from_the_settings(horizon: int, days_before_end: int, state: Renewal) -> None:
    got = renewal_state(END, END - dt.timedelta(days=days_before_end), Settings(horizon_days=horizon))
    assert (got.state, got.days_left, got.order_today) == (state, days_before_end, False)


def test_a_horizon_shorter_than_the_lead_time_still_says_order_today() -> None:
    """The order date decides before the horizon: 20 days left with a 10-day horizon is 'order today'."""
    got = renewal_state(END, END - dt.timedelta(days=20), Settings(horizon_days=10))
    assert (got.state, got.order_today) == (Renewal.ORDER_NOW, True)
