"""Test my PIN, against real SoftHSM2 tokens: one login in a child process, and the refusal rules.

SoftHSM2 never reports FINAL_TRY or LOCKED; the rules for those flags are checked on the function
that decides (refusal), with flags as a real token reports them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from certhelper.core.model import PinState
from certhelper.core.tokens.pin_check import check_pin, refusal
from tests.helpers import MAIN_TOKEN, ROOT, Store, build_store, run_cli_in_process


@pytest.fixture(scope="module")
def store(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    holder = MAIN_TOKEN["objects"][0]
    tokens = [{"label": name, "pin": "1234", "objects": [holder]} for name in ("right", "wrong", "cli")]
    return build_store(tmp_path_factory.mktemp("pin-check"), tokens)


@pytest.fixture(autouse=True)
def _conf(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOFTHSM2_CONF", str(store.conf))


def serial(store: Store, label: str) -> str:
    return store.token(label)["serial"]


def test_right_pin_is_ok(store: Store) -> None:
    result = check_pin(store.module, serial(store, "right"), "1234")
    assert result.outcome == "ok" and result.pin_sent and not result.after.count_low


def test_wrong_pin_is_reported_and_the_token_counts_it(store: Store) -> None:
    result = check_pin(store.module, serial(store, "wrong"), "0000")
    assert result.outcome == "incorrect"
    assert not result.before.count_low and result.after is not None and result.after.count_low


def test_absent_token_and_bad_module_are_outcomes_not_crashes(store: Store, tmp_path) -> None:
    assert check_pin(store.module, "no-such-serial", "1234").outcome == "token-absent"
    bad = check_pin(str(tmp_path / "missing.so"), "x", "1234")
    assert bad.outcome == "error" and bad.error == "module-unusable" and "not-found" in bad.detail and not bad.pin_sent


def test_refusal_rules_for_flags_softhsm_cannot_report() -> None:
    assert refusal(PinState(locked=True), confirm_final_try=True) == "refused-locked"
    assert refusal(PinState(final_try=True), confirm_final_try=False) == "needs-confirmation"
    assert refusal(PinState(final_try=True), confirm_final_try=True) is None
    assert refusal(PinState(count_low=True), confirm_final_try=False) is None


def test_cli_asks_the_pin_and_never_prints_it(store: Store) -> None:
    pin = "1234"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "certhelper",
            "pin",
            "--module",
            store.module,
            "--serial",
            serial(store, "cli"),
            "--json",
        ],
        input=pin + "\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "LANG": "fr_FR.UTF-8"},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    document = json.loads(proc.stdout)
    assert document["outcome"] == "ok" and document["pin_sent"] is True
    assert "Le code PIN est correct." in proc.stderr
    assert f" {pin}" not in proc.stdout + proc.stderr.replace(serial(store, "cli"), "")


def test_cli_unknown_serial_is_a_clear_error(store: Store) -> None:
    proc = run_cli_in_process("pin", "--module", store.module, "--serial", "nope")  # no PIN asked: no stdin needed
    assert proc.returncode == 2 and "no token with serial nope" in proc.stderr and "Traceback" not in proc.stderr
