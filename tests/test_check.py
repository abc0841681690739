"""`certhelper check` as a Nagios/Icinga plugin, run as a monitoring engine runs it, on real tokens."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from certhelper.core.assessment.assess import judge
from certhelper.core.assessment.findings import Finding
from certhelper.core.assessment.model import Assessment
from certhelper.core.assessment.severity import worst
from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.model import Snapshot
from certhelper.core.outputs import nagios
from certhelper.core.outputs.wording import of_name
from certhelper.core.settings import Settings
from certhelper.core.workstation.drivers import Drivers
from tests.helpers import MAIN_TOKEN, Store, build_store, run_cli_in_process


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No revocation or AIA requests from these tests (CERTHELPER_OFFLINE): trust has its own tests."""
    monkeypatch.setenv("CERTHELPER_OFFLINE", "1")


LINE = re.compile(r"^CERTHELPER (OK|WARNING|CRITICAL|UNKNOWN) - (.+?)(?: \| (.*))?$")


@pytest.fixture(scope="module")
def one_cert_store(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """One token, one valid certificate with its key: nothing to say about it today."""
    return build_store(tmp_path_factory.mktemp("one-cert"), [{"label": "Seule", "objects": [MAIN_TOKEN["objects"][0]]}])


@pytest.fixture(scope="module")
def bare_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workstation without any driver installed, so the machine running the tests does not matter."""
    return tmp_path_factory.mktemp("bare-root")


def check(store: Store, root: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
    proc = run_cli_in_process(
        "check", "--module", store.module, *extra, env={**store.env, "CERTHELPER_SYSROOT": str(root), **(env or {})}
    )
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, proc.stdout + proc.stderr  # the plugin contract: one line
    match = LINE.match(lines[0])
    assert match, lines[0]
    perf = dict(item.split("=", 1) for item in (match.group(3) or "").split())
    assert match.group(1) == nagios.STATE_NAMES[proc.returncode]
    return proc.returncode, match.group(2), perf


def test_ok(one_cert_store: Store, bare_root: Path) -> None:
    code, summary, perf = check(one_cert_store, bare_root)
    assert code == nagios.OK
    assert summary == "1 token(s) checked, nothing to do"
    days = (dt.datetime.fromisoformat(one_cert_store.objects("Seule")[0]["not_after"]) - dt.datetime.now(dt.UTC)).days
    value, warn, crit = perf["days_left"].split(";")
    assert abs(int(value) - days) <= 1 and (warn, crit) == ("28:", "0:")  # Nagios ranges: alert below 28, below 0
    assert perf["tokens"].startswith("1;")


def test_warning_when_the_renewal_is_due(one_cert_store: Store, bare_root: Path) -> None:
    end = dt.datetime.fromisoformat(one_cert_store.objects("Seule")[0]["not_after"])
    now = (end - dt.timedelta(days=15, hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    code, summary, perf = check(one_cert_store, bare_root, "--lang", "fr", env={"CERTHELPER_NOW": now})
    assert code == nagios.WARNING
    holder = one_cert_store.objects("Seule")[0]["holder"]
    assert summary == f"Certificat {of_name(holder, 'fr')} à renouveler maintenant\u00a0: plus que 15 jours"
    assert perf["days_left"] == "15;28:;0:" and perf["warning"].startswith("1;")


def test_critical_on_the_main_token(main_store: Store, bare_root: Path) -> None:
    code, summary, perf = check(main_store, bare_root)
    assert code == nagios.CRITICAL
    assert "'s certificate expired on " in summary.split(";")[0]
    assert perf["days_left"] == "-10;28:;0:"  # the expired certificate is the soonest
    assert perf["critical"].startswith("2;")  # expired + key mismatch


def test_critical_with_two_tokens(two_token_store: Store, bare_root: Path) -> None:
    code, summary, _ = check(two_token_store, bare_root)
    assert code == nagios.CRITICAL
    assert summary == "2 tokens are plugged in at the same time"


def test_unknown_on_a_bad_option_value(one_cert_store: Store, bare_root: Path) -> None:
    proc = run_cli_in_process(
        "check", "--timeout", "soon", env={**one_cert_store.env, "CERTHELPER_SYSROOT": str(bare_root)}
    )
    assert proc.returncode == nagios.UNKNOWN
    assert proc.stdout.startswith("CERTHELPER UNKNOWN - argument --timeout")
    assert "Traceback" not in proc.stdout + proc.stderr


def test_unknown_when_the_check_cannot_run(one_cert_store: Store, bare_root: Path) -> None:
    code, summary, perf = check(one_cert_store, bare_root, env={"CERTHELPER_NOW": "yesterday"})
    assert code == nagios.UNKNOWN and "yesterday" in summary and perf == {}


def test_critical_without_any_driver(bare_root: Path) -> None:
    proc = run_cli_in_process("check", env={"CERTHELPER_SYSROOT": str(bare_root)})  # nothing installed, nothing named
    assert proc.returncode == nagios.CRITICAL
    assert proc.stdout.startswith("CERTHELPER CRITICAL - No token driver is installed on this workstation |")


def test_status_line_cannot_break_the_perfdata() -> None:
    """A "|" inside a text would start the perfdata early for the monitoring engine."""
    cat = catalogue_mod.load([])
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    failed = Finding("module-load-failed", "warning", params={"module": "/x", "reason": "a|b"})

    def assessed(findings: list[Finding]) -> Assessment:
        plain = judge(Snapshot(now), Drivers("linux", ()), now, cat, Settings())
        return dataclasses.replace(plain, findings=tuple(findings), severity=worst(f.severity for f in findings))

    result = nagios.check_result(assessed([failed]), cat, "en")
    assert result.line.count("|") == 1 and result.code == nagios.WARNING
    info_only = [Finding("cert-expiring", "info", params={"days_left": 60, "order_by": "x", "not_after": "y"})]
    assert nagios.check_result(assessed(info_only), cat, "en", "fine").line.startswith("CERTHELPER OK - fine |")


def test_monitoring_only_reads(main_store: Store, tmp_path: Path) -> None:
    """check and status --format prometheus never write the reminder store; status (text, JSON) and remind do."""
    data = tmp_path / "data"
    env = {**main_store.env, "XDG_DATA_HOME": str(data)}
    module = ("--module", main_store.module)
    assert run_cli_in_process("check", *module, env=env).returncode == nagios.CRITICAL
    assert run_cli_in_process("status", "--format", "prometheus", *module, env=env).stdout.startswith("# HELP")
    assert run_cli_in_process("diagnose", *module, env=env).returncode == 2
    assert not data.exists() or not any(data.rglob("*.json")), "a monitoring probe wrote the store"
    assert run_cli_in_process("status", "--json", *module, env=env).returncode == 2
    assert any(data.rglob("certificates.json"))  # status is how a holder looks: it remembers (README)
