"""The support desk's "open now / closed, opens at …", at the edges of ChamberSign's hours (Paris time)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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


@pytest.mark.parametrize(
    ("day", "hm", "edge"),
    [
        ("2026-05-14", "10:00", "2026-05-15 09:00"),  # Ascension Thursday: closed, opens on Friday
        ("2026-07-14", "10:00", "2026-07-15 09:00"),  # Bastille Day (a Tuesday)
        ("2026-12-24", "18:30", "2026-12-28 09:00"),  # Christmas Friday then the weekend
        ("2026-04-03", "17:30", "2026-04-07 09:00"),  # Easter Monday, after the weekend
    ],
)
def test_closed_on_french_public_holidays(day: str, hm: str, edge: str) -> None:
    status = opening_status(HOURS, paris(day, hm), "Europe/Paris")
    assert not status.open
    assert status.opens_at is not None and status.opens_at.strftime("%Y-%m-%d %H:%M") == edge


def test_the_holiday_rule_comes_from_the_catalogue() -> None:
    # The same hours without the catalogue's rule: Ascension Thursday is an ordinary Thursday.
    plain = {day: ranges for day, ranges in HOURS.items() if day != "public_holidays"}
    assert HOURS["public_holidays"] == {"country": "FR"}
    assert opening_status(plain, paris("2026-05-14", "10:00")).open
    # A subdivision adds its own days: Good Friday (2026-04-03) is a holiday in Moselle only.
    assert opening_status(HOURS, paris("2026-04-03", "10:00")).open
    moselle = {**plain, "public_holidays": {"country": "FR", "subdivision": "57"}}
    assert not opening_status(moselle, paris("2026-04-03", "10:00")).open


def test_a_bad_holiday_rule_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "providers.toml"
    bad.write_text('[provider.chambersign.hours]\npublic_holidays = "FR"\n', encoding="utf-8")
    cat = catalogue_mod.load([tmp_path])  # an override file with a bad rule is skipped, and said
    assert any("provider.chambersign.hours.public_holidays" in p for p in cat.problems)
    assert cat.providers["chambersign"]["hours"]["public_holidays"] == {"country": "FR"}


def test_an_unknown_country_keeps_the_hours(caplog: pytest.LogCaptureFixture) -> None:
    plain = {day: ranges for day, ranges in HOURS.items() if day != "public_holidays"}
    odd = {**plain, "public_holidays": {"country": "XX"}}
    assert opening_status(odd, paris("2026-05-14", "10:00")).open  # no holiday list: the weekly hours
    assert "no public holidays known for XX" in caplog.text
