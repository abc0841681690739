"""`certhelper diagnose` run as a user runs it, on real SoftHSM2 tokens and laid-out workstations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from certhelper.core.assessment.diagnosis import CODES
from tests.driver_layouts import HASHLOGIC, IDOPTE, lay_out, run_processes
from tests.helpers import Store, run_cli_in_process


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No revocation or AIA requests from these tests (CERTHELPER_OFFLINE): trust has its own tests."""
    monkeypatch.setenv("CERTHELPER_OFFLINE", "1")


@pytest.fixture(scope="module")
def bare_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bare-root")


def diagnose_json(store: Store | None, root: Path, *extra: str) -> tuple[int, dict, str]:
    module = ["--module", store.module] if store else []
    proc = run_cli_in_process(
        "diagnose", "--json", *module, *extra, env={**(store.env if store else {}), "CERTHELPER_SYSROOT": str(root)}
    )
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def test_acceptance_expired_and_renew_now(main_store: Store, bare_root: Path) -> None:
    code, doc, _ = diagnose_json(main_store, bare_root)
    found = [f["code"] for f in doc["findings"]]
    assert "cert-expired" in found and "cert-renew-now" in found
    assert code == 2
    for finding in doc["findings"]:
        assert set(finding) == {"code", "severity", "token", "certificate", "params", "guide"}
        assert finding["code"] in CODES
    severities = [f["severity"] for f in doc["findings"]]
    assert severities == sorted(severities, key=["critical", "warning", "info"].index)


def test_acceptance_two_tokens(two_token_store: Store, bare_root: Path) -> None:
    code, doc, _ = diagnose_json(two_token_store, bare_root)
    assert [f["code"] for f in doc["findings"]] == ["multiple-tokens"]
    assert code == 2


def test_text_in_french_with_what_to_do(main_store: Store, bare_root: Path) -> None:
    proc = run_cli_in_process(
        "diagnose",
        "--module",
        main_store.module,
        env={**main_store.env, "CERTHELPER_SYSROOT": str(bare_root), "LANG": "fr_FR.UTF-8"},
    )
    assert proc.returncode == 2
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(
        "CRITIQUE\u00a0: Certificat d"
    )  # French spacing before the colon and " expiré depuis le " in lines[0]
    assert lines[1].startswith("    → ") and "commandez un nouveau certificat" in lines[1]
    assert lines[2] == "      Guide\u00a0: Renouveler mon certificat"
    assert "[clé " in lines[0]  # which token it is about


def test_driver_findings_from_a_laid_out_workstation(empty_store: Store, tmp_path: Path) -> None:
    """CERTHELPER_SYSROOT: Idopte with its service stopped and the old Hashlogic, no token plugged."""
    lay_out(tmp_path, IDOPTE["linux"] + HASHLOGIC["linux"])
    run_processes(tmp_path, ["systemd"])
    code, doc, _ = diagnose_json(empty_store, tmp_path)
    assert [f["code"] for f in doc["findings"]] == ["driver-conflict", "driver-service-stopped", "no-token"]
    assert code == 1  # warnings only: the conflict is an inference (facts sheet), not a certainty


def test_nothing_installed(bare_root: Path) -> None:
    code, doc, _ = diagnose_json(None, bare_root)
    assert [f["code"] for f in doc["findings"]] == ["no-module"]
    assert code == 2
    proc = run_cli_in_process("diagnose", "--lang", "en", env={"CERTHELPER_SYSROOT": str(bare_root)})
    assert "No token driver is installed on this workstation" in proc.stdout
    assert "Guide: Install the Idopte driver" in proc.stdout


def test_warnings_only_exit_1(empty_store: Store, tmp_path: Path) -> None:
    lay_out(tmp_path, IDOPTE["linux"])
    run_processes(tmp_path, ["idocachesrv"])
    code, doc, stderr = diagnose_json(empty_store, tmp_path)
    assert [f["code"] for f in doc["findings"]] == ["no-token"]
    assert code == 1 and "Traceback" not in stderr
