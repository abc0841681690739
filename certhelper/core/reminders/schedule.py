"""The renewal reminder schedule: early enough for the delivery (Settings.lead_time_days), without nagging.

For each remembered certificate that is not replaced by a newer one:
- a step at each of Settings.reminder_days before expiry (90, 60, 30, 21 by default);
- then one step a day in the last Settings.lead_time_days (the delivery time);
- one step on expiry.
A step is due until the user acknowledges it; a snooze (1 day, 1 week) hides every step until it
ends, but never past the expiry itself.
The schedule decides only *when to remind*. How urgent a certificate is, its days left and its last
safe order date are the one renewal rule's (core.renewal.renewal_state, Europe/Paris calendar days),
the same the assessment gives a plugged certificate: each Reminder carries that RenewalState.
Everything takes `now`; nothing here reads the clock.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from certhelper.core.reminders.store import Remembered, ReminderState, Store, find
from certhelper.core.renewal import Renewal, RenewalState, renewal_state
from certhelper.core.settings import Settings

RENEWAL_GUIDE = "renewal"
SNOOZE_DAYS = {"day": 1, "week": 7}

# How urgent a certificate is, least urgent first (the tray's icon colour): the renewal rule's state in
# the schedule's words (`remind --json` and the tray use them).
URGENCIES = ("ok", "renew-soon", "act-now")
URGENCY_OF = {
    Renewal.FINE: "ok",
    Renewal.PLAN: "renew-soon",
    Renewal.ORDER_NOW: "act-now",
    Renewal.EXPIRED: "act-now",
}


@dataclass(frozen=True)
class Reminder:
    certificate: Remembered
    step: str | None  # "90", "60", "30", "21", "daily-<days left>", "expired"; None: nothing yet
    renewal: RenewalState  # the one renewal rule (core.renewal): days left, order date, urgency
    due: bool  # to be shown now (a step, not acknowledged, not snoozed)
    snoozed_until: dt.datetime | None = None
    guide: str = RENEWAL_GUIDE

    @property
    def days_left(self) -> int:
        return self.renewal.days_left

    @property
    def order_by(self) -> dt.date:
        """The last safe order date (may be past: then `renewal.order_today` is set, say "order today")."""
        return self.renewal.order_by

    @property
    def urgency(self) -> str:
        """One of URGENCIES, from the renewal state: act-now from the last safe order date on."""
        return URGENCY_OF[self.renewal.state]

    def to_dict(self) -> dict[str, object]:
        cert = self.certificate.to_dict()
        return {
            "fingerprint": cert["sha256"],
            **{k: cert[k] for k in ("holder", "organisation", "issuer", "assurance", "token_serial", "token_label")},
            "not_after": cert["not_after"],
            "last_seen": cert["last_seen"],
            "days_left": self.days_left,
            "order_by": None if self.renewal.order_today else self.order_by.isoformat(),  # never a past date
            "order_today": self.renewal.order_today,
            "step": self.step,
            "urgency": self.urgency,
            "due": self.due,
            "snoozed_until": _iso_or_none(self.snoozed_until),
            "guide": self.guide,
        }


def _iso_or_none(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if value else None


def step_for(renewal: RenewalState, settings: Settings) -> str | None:
    """The schedule step a certificate in `renewal` is in, or None before the first one."""
    if renewal.state is Renewal.EXPIRED:
        return "expired"
    days_left = renewal.days_left
    if days_left < settings.lead_time_days:
        return f"daily-{days_left}"
    reached = [d for d in settings.reminder_days if days_left <= d]
    return str(min(reached)) if reached else None


def reminder(store: Store, cert: Remembered, now: dt.datetime, settings: Settings) -> Reminder:
    renewal = renewal_state(cert.not_after, now, settings)
    step = step_for(renewal, settings)
    state = store.state(cert.sha256)
    snoozed = state.snoozed_until if state.snoozed_until and state.snoozed_until > now else None
    due = step is not None and step not in state.acknowledged and snoozed is None
    return Reminder(cert, step, renewal, due, snoozed)


def schedule(store: Store, now: dt.datetime, settings: Settings) -> list[Reminder]:
    """Every active certificate with where it stands, soonest expiry first."""
    return sorted(
        (reminder(store, c, now, settings) for c in store.active()),
        key=lambda r: (r.certificate.not_after, r.certificate.sha256),
    )


def due(store: Store, now: dt.datetime, settings: Settings) -> list[Reminder]:
    return [r for r in schedule(store, now, settings) if r.due]


def worst_urgency(reminders: list[Reminder]) -> str:
    return max((r.urgency for r in reminders), key=URGENCIES.index, default="ok")


def _with_state(store: Store, sha256: str, state: ReminderState) -> Store:
    return dataclasses.replace(store, reminders={**store.reminders, sha256: state})


def acknowledge(store: Store, fingerprint: str, step: str) -> Store:
    """The user saw this step: it does not come back (the next step still will)."""
    cert = find(store, fingerprint)
    state = store.state(cert.sha256)
    if step in state.acknowledged:
        return store
    return _with_state(store, cert.sha256, dataclasses.replace(state, acknowledged=(*state.acknowledged, step)))


def snooze(store: Store, fingerprint: str, now: dt.datetime, days: int) -> Store:
    """Hide this certificate's reminders for `days`, but never past its expiry (that one must be seen)."""
    cert = find(store, fingerprint)
    until = now + dt.timedelta(days=days)
    if cert.not_after > now:
        until = min(until, cert.not_after)
    return _with_state(store, cert.sha256, dataclasses.replace(store.state(cert.sha256), snoozed_until=until))
