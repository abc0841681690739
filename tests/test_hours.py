"""The support desk's "open now / closed, opens at …", at the edges of ChamberSign's hours (Paris time)."""

from __future__ import annotations

import datetime as dt

import pytest

from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.guidance.hours import opening_status, provider_status
from certhelper.core.guidance.hours import zone as tz

PARIS = tz("Europe/Paris")
HOURS = catalogue_mod.load([]).providers["chambersign"]["hours"]


def paris(day: str, hm: str) -> dt.datetime:
    """A Paris wall-clock time, turned into UTC as the app's clock gives it."""
    local = dt.datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=PARIS)
    return local.astimezone(dt.UTC)


# 2026-03-02 is a Monday (winter time), 2026-06-05 a Friday (summer time).
@pytest.mark.parametrize(
    ("day", "hm", "is_open", "edge"),
    [
        ("2026-03-02", "08:59", False, "2026-03-02 09:00"),
        ("2026-03-02", "09:00", True, "2026-03-02 12:30"),
        ("2026-03-02", "12:29", True, "2026-03-02 12:30"),
        ("2026-03-02", "12:30", False, "2026-03-02 13:30"),
        ("2026-03-02", "13:30", True, "2026-03-02 18:00"),
        ("2026-03-02", "17:59", True, "2026-03-02 18:00"),
        ("2026-03-02", "18:00", False, "2026-03-03 09:00"),
        ("2026-06-05", "16:59", True, "2026-06-05 17:00"),  # Friday: until 17:00
        ("2026-06-05", "17:00", False, "2026-06-08 09:00"),  # ... then Monday
        ("2026-06-06", "11:00", False, "2026-06-08 09:00"),  # Saturday
        ("2026-06-07", "23:59", False, "2026-06-08 09:00"),  # Sunday night
    ],
)
def test_open_now_at_the_edges(day: str, hm: str, is_open: bool, edge: str) -> None:
    status = opening_status(HOURS, paris(day, hm), "Europe/Paris")
    assert status.open is is_open
    when = status.closes_at if is_open else status.opens_at
    assert when is not None and when.strftime("%Y-%m-%d %H:%M") == edge


def test_hours_are_paris_time_whatever_the_clock_zone() -> None:
    # 07:30 UTC is 09:30 in Paris in summer (open) but 08:30 in winter (closed).
    assert opening_status(HOURS, dt.datetime(2026, 6, 3, 7, 30, tzinfo=dt.UTC)).open
    assert not opening_status(HOURS, dt.datetime(2026, 1, 7, 7, 30, tzinfo=dt.UTC)).open


def test_provider_without_hours_has_no_status() -> None:
    cat = catalogue_mod.load([])
    assert provider_status(cat.providers["megalis"], dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)) is None
    assert provider_status(cat.providers["chambersign"], paris("2026-03-02", "10:00")).open
