"""`certhelper remind`, `calendar` and `forget` as a user runs them, on a real SoftHSM2 token whose
certificate expires in 20 days; the reminders keep working once the token is unplugged."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import pytest

from certhelper.cli.text import Text
from tests.helpers import EXPIRING_IN_20_DAYS, Store, build_store, run_cli_in_process


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No revocation or AIA requests from these tests (CERTHELPER_OFFLINE): trust has its own tests."""
    monkeypatch.setenv("CERTHELPER_OFFLINE", "1")


HOLDER = EXPIRING_IN_20_DAYS


@pytest.fixture(scope="module")
def expiring_store(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(tmp_path_factory.mktemp("expiring"), [{"label": "Clé Yannick", "objects": [HOLDER]}])


@pytest.fixture(scope="module")
def expiring(expiring_store: Store) -> dict[str, object]:
    made = expiring_store.objects("Clé Yannick", "holder")[0]
    not_after = dt.datetime.fromisoformat(made["not_after"].replace("Z", "+00:00"))
    # pin the clock 20 days (and an hour) before the end, whenever the suite runs
    now = not_after - dt.timedelta(days=20, hours=1)
    return {"sha256": made["sha256"], "not_after": not_after, "now": now}


@pytest.fixture
def home(tmp_path: Path, expiring: dict[str, object]) -> dict[str, str]:
    """A private data dir (the store) and the pinned clock; no module configured: the token is 'unplugged'."""
    now = expiring["now"]
    assert isinstance(now, dt.datetime)
    return {"XDG_DATA_HOME": str(tmp_path / "data"), "CERTHELPER_NOW": now.strftime("%Y-%m-%dT%H:%M:%SZ")}


def remembered(expiring_store: Store, home: dict[str, str]) -> None:
    scan = run_cli_in_process("remind", "--scan", "--module", expiring_store.module, env={**home, **expiring_store.env})
    assert scan.returncode == 1, scan.stderr
    assert "Traceback" not in scan.stderr


def test_acceptance_remind_reports_the_certificate_with_its_latest_safe_order_date(
    expiring_store: Store, expiring: dict[str, object], home: dict[str, str]
) -> None:
    remembered(expiring_store, home)
    not_after = expiring["not_after"]
    assert isinstance(not_after, dt.datetime)
    order_by = (not_after - dt.timedelta(days=28)).date()

    # unplugged: no module given, and SoftHSM2's store is not even reachable
    result = run_cli_in_process("remind", env={**home, "CERTHELPER_PKCS11_MODULE": ""})
    assert result.returncode == 1, result.stderr
    out = result.stdout
    assert "Yannick LE BIHAN — Commune de Plérin (RGS**)" in out
    # The last safe order date is past: it is never shown as a deadline, the text says to order today.
    assert order_by < dt.datetime.now(dt.UTC).date() and "Latest safe order date" not in out
    assert Text("en").date(order_by) not in out and "Order the new certificate today" in out
    assert "(20 days left)" in out and "order now" in out
    assert "Renew my certificate" in out and "0 892 230 252" in out

    doc = json.loads(run_cli_in_process("remind", "--json", env=home).stdout)
    (item,) = doc["due"]
    assert item["fingerprint"] == expiring["sha256"]
    assert item["order_by"] is None and item["renewal"]["order_today"] is True
    assert item["renewal"]["state"] == "order-now" and item["renewal"]["lead_time_days"] == 21
    assert (item["days_left"], item["step"], item["urgency"]) == (20, "daily-20", "act-now")
    assert doc["lead_time_days"] == 21 and doc["safety_margin_days"] == 7


def test_remind_speaks_french_where_the_locale_is_french(expiring_store: Store, home: dict[str, str]) -> None:
    remembered(expiring_store, home)
    result = run_cli_in_process("remind", env={**home, "LANG": "fr_FR.UTF-8"})
    assert result.returncode == 1
    assert "Commandez le nouveau certificat aujourd'hui" in result.stdout and "(encore 20 jours)" in result.stdout
    assert "Renouveler mon certificat" in result.stdout and "à commander maintenant" in result.stdout


def test_acknowledged_today_reminded_again_tomorrow(
    expiring_store: Store, expiring: dict[str, object], home: dict[str, str]
) -> None:
    remembered(expiring_store, home)
    assert run_cli_in_process("remind", "--acknowledge", env=home).returncode == 1
    quiet = run_cli_in_process("remind", env=home)
    assert (quiet.returncode, quiet.stdout.strip()) == (0, "No renewal reminder due.")
    now = expiring["now"]
    assert isinstance(now, dt.datetime)
    tomorrow = (now + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    again = run_cli_in_process("remind", "--json", env={**home, "CERTHELPER_NOW": tomorrow})
    assert again.returncode == 1 and json.loads(again.stdout)["due"][0]["step"] == "daily-19"


def test_snooze_for_a_week(expiring_store: Store, expiring: dict[str, object], home: dict[str, str]) -> None:
    remembered(expiring_store, home)
    assert run_cli_in_process("remind", "--snooze", "week", env=home).returncode == 1
    doc = json.loads(run_cli_in_process("remind", "--json", env=home).stdout)
    assert doc["due"] == [] and doc["not_due"][0]["snoozed_until"]
    now = expiring["now"]
    assert isinstance(now, dt.datetime)
    later = (now + dt.timedelta(days=7, hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert run_cli_in_process("remind", env={**home, "CERTHELPER_NOW": later}).returncode == 1


def test_acceptance_calendar_holds_both_dates(
    expiring_store: Store, expiring: dict[str, object], home: dict[str, str], tmp_path: Path
) -> None:
    remembered(expiring_store, home)
    target = tmp_path / "échéances.ics"
    result = run_cli_in_process("calendar", "--output", str(target), env={**home, "LANG": "fr_FR.UTF-8"})
    assert result.returncode == 0, result.stderr
    assert "1 certificat(s), 2 événements" in result.stdout
    cal = icalendar.Calendar.from_ical(target.read_bytes())
    events = {str(e["UID"]).split("@")[0].rsplit("-", 1)[1]: e for e in cal.walk("VEVENT")}
    not_after = expiring["not_after"]
    assert isinstance(not_after, dt.datetime)
    # The last safe order date (not_after - 28 days) is past: the order event is today, never on a past day.
    assert events["order"]["DTSTART"].dt == dt.datetime.now(dt.UTC).date()
    assert "aujourd'hui" in str(events["order"]["DESCRIPTION"])
    assert events["expiry"]["DTSTART"].dt == not_after
    assert str(events["order"]["SUMMARY"]) == "Commander le renouvellement du certificat de Yannick LE BIHAN"


def test_calendar_refuses_a_folder_and_loses_nothing(
    expiring_store: Store, home: dict[str, str], tmp_path: Path
) -> None:
    remembered(expiring_store, home)
    result = run_cli_in_process("calendar", "--output", str(tmp_path), env=home)
    assert result.returncode == 2 and "is a folder" in result.stderr and "Traceback" not in result.stderr
    assert run_cli_in_process("remind", env=home).returncode == 1  # the store is intact


def test_forget_stops_the_reminders(expiring_store: Store, expiring: dict[str, object], home: dict[str, str]) -> None:
    remembered(expiring_store, home)
    sha = str(expiring["sha256"])
    bad = run_cli_in_process("forget", "not-a-fingerprint", env=home)
    assert bad.returncode == 2 and "is not a fingerprint" in bad.stderr
    unknown = run_cli_in_process("forget", "0" * 64 if not sha.startswith("0") else "f" * 64, env=home)
    assert unknown.returncode == 2 and "no remembered certificate matches" in unknown.stderr
    done = run_cli_in_process("forget", sha[:16], env=home)
    assert done.returncode == 0 and "Yannick LE BIHAN" in done.stdout
    after = run_cli_in_process("remind", "--json", env=home)
    assert after.returncode == 0 and json.loads(after.stdout)["due"] == []
    remembered_again = run_cli_in_process(
        "remind", "--scan", "--module", expiring_store.module, env={**home, **expiring_store.env}
    )
    assert remembered_again.returncode == 0  # plugged again: still forgotten


def test_a_corrupted_store_is_reported_and_set_aside(home: dict[str, str]) -> None:
    folder = Path(home["XDG_DATA_HOME"]) / "certhelper"
    folder.mkdir(parents=True)
    (folder / "certificates.json").write_text("{ broken", encoding="utf-8")
    result = run_cli_in_process("remind", env=home)
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "unreadable" in result.stderr and "No certificate remembered yet" in result.stdout
    assert len(list(folder.glob("certificates.json.corrupt-*"))) == 1


@pytest.mark.parametrize("days_before", [20, 40, 200])
def test_remind_says_what_status_says(
    expiring_store: Store, expiring: dict[str, object], home: dict[str, str], days_before: int
) -> None:
    """The reminder's urgency, days and order date are the assessment's renewal state (status --json)."""
    not_after = expiring["not_after"]
    assert isinstance(not_after, dt.datetime)
    at = {
        **home,
        "CERTHELPER_NOW": (not_after - dt.timedelta(days=days_before, hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    status = run_cli_in_process("status", "--json", "--module", expiring_store.module, env={**at, **expiring_store.env})
    cert = json.loads(status.stdout)["modules"][0]["tokens"][0]["certificates"][0]
    doc = json.loads(run_cli_in_process("remind", "--json", "--all", env=at).stdout)  # status remembered it
    (item,) = doc["due"] + doc["not_due"]
    assert item["renewal"] == cert["renewal"] and item["days_left"] == cert["days_left"] in (
        days_before,
        days_before + 1,
    )  # Paris midnights
    assert item["order_by"] == cert["renewal"]["order_by"] and item["order_today"] == cert["renewal"]["order_today"]
    urgency = {"fine": "ok", "plan": "renew-soon", "order-now": "act-now", "expired": "act-now"}
    assert item["urgency"] == urgency[cert["renewal"]["state"]]
