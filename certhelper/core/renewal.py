"""The one renewal rule: how urgent a certificate's renewal is, and the last safe day to order it.

Days are Europe/Paris calendar days (core.clock): `days_left` is the number of Paris midnights
between now and the end of validity (0 on its last day, negative once past), and the last safe
order date is the Paris day of the end of validity minus the lead time and the safety margin
(both from the settings). When that day is today or already past, `order_today` is set: front-ends
say "order today" and never show a past date as a deadline.

It sits at the bottom of the core (it needs only the settings and the clock) so the assessment,
the reminder schedule (certificates remembered with the token unplugged) and the guides all use
it; core.assessment.model and core.assessment.renewal re-export it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from certhelper.core.clock import calendar_days_between, paris_day
from certhelper.core.settings import Settings


class Renewal(StrEnum):
    FINE = "fine"  # nothing to do yet
    PLAN = "plan"  # within the reminder horizon: plan the order
    ORDER_NOW = "order-now"  # the last safe order date is today or past: order today
    EXPIRED = "expired"


@dataclass(frozen=True)
class RenewalState:
    state: Renewal
    days_left: int  # whole days until not_after, counted in the documented zone (negative once expired)
    not_after: dt.datetime
    order_by: dt.date  # the last safe order date: not_after - lead time - margin
    order_today: bool  # order_by is today or already past: say "order today", never show a past date
    lead_time_days: int  # from the settings, never hard-coded
    safety_margin_days: int


def renewal_state(not_after: dt.datetime, now: dt.datetime, settings: Settings) -> RenewalState:
    """FINE, PLAN (within the reminder horizon), ORDER_NOW (order date today or past) or EXPIRED."""
    days_left = calendar_days_between(now, not_after)
    order_by = settings.latest_order_date(not_after)
    order_today = order_by <= paris_day(now)
    if now >= not_after:
        state = Renewal.EXPIRED
    elif order_today:
        state = Renewal.ORDER_NOW
    elif days_left <= settings.horizon_days:
        state = Renewal.PLAN
    else:
        state = Renewal.FINE
    return RenewalState(
        state=state,
        days_left=days_left,
        not_after=not_after,
        order_by=order_by,
        order_today=order_today,
        lead_time_days=settings.lead_time_days,
        safety_margin_days=settings.safety_margin_days,
    )
