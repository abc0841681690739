"""PIN safety, counted: the fault module logs every C_Login, and each test asserts the exact number.

SoftHSM2 never reports a low, final-try or locked PIN, so the fault module emulates a ChamberSign
token's counter (3 tries, shared by every process through a small file) and its flags: that part
is faked, on purpose; the logins themselves go to a real SoftHSM2 token.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from certhelper.core.tokens.discovery import Candidate
from certhelper.core.tokens.pin_check import check_pin
from tests.fault_module.control import FaultModule
from tests.helpers import MAIN_TOKEN, ROOT, Store, build_store, run_cli_in_process

pytest_plugins = ["tests.fault_module.fixtures"]  # builds the fault module; make_fault, reliability_numbers

PIN = "4242"  # the right PIN of the token below
WRONG = "0000"


@pytest.fixture(scope="module")
def pin_store(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A token of its own: wrong PINs leave marks (SoftHSM2 keeps a COUNT_LOW flag) other tests must not see."""
    return build_store(
        tmp_path_factory.mktemp("pin-store"), [{"label": "Clé PIN", "pin": PIN, "objects": [MAIN_TOKEN["objects"][0]]}]
    )


@pytest.fixture
def fault(pin_store: Store, make_fault, monkeypatch: pytest.MonkeyPatch) -> FaultModule:
    """The token behind the fault module, with a 3-try PIN counter; check_pin's child inherits the env."""
    made = make_fault(pin_store)
    made.configure(pin_tries=3)
    for key, value in made.env.items():
        monkeypatch.setenv(key, value)
    return made


def serial(fault: FaultModule) -> str:
    return fault.store.token("Clé PIN")["serial"]


def pin_cli(fault: FaultModule, *args: str, pin: str = "") -> subprocess.CompletedProcess[str]:
    """`certhelper pin` with the PIN typed on stdin. A new session has no terminal, so getpass reads stdin.

    A real process on purpose: in-process, getpass would open this test run's own terminal, if it has one.
    The commands that only read the token run in-process (run_cli_in_process)."""
    return subprocess.run(
        [sys.executable, "-m", "certhelper", "pin", "--module", fault.path, "--serial", serial(fault), *args],
        input=pin + "\n" if pin else "",
        capture_output=True,
        text=True,
        env={**os.environ, **fault.env},
        cwd=ROOT,
        timeout=120,
        start_new_session=True,
        check=False,
    )


# ---- scans never log in ----------------------------------------------------------------------


@pytest.mark.parametrize("pin_flags", ["", "count_low", "final_try", "locked"])
@pytest.mark.parametrize("command", ["status", "diagnose", "check"])
def test_no_command_that_reads_the_token_ever_logs_in(command: str, pin_flags: str, fault: FaultModule) -> None:
    fault.configure(pin_tries=3, pin_flags=pin_flags)
    proc = run_cli_in_process(command, "--module", fault.path, env=fault.env)
    assert "Traceback" not in proc.stderr
    assert fault.logins() == 0
    assert proc.returncode in (0, 1, 2)


def test_the_report_and_the_reminder_scan_never_log_in(fault: FaultModule, tmp_path) -> None:
    run_cli_in_process("report", "--module", fault.path, "--output", str(tmp_path / "r.json"), env=fault.env)
    run_cli_in_process("remind", "--scan", "--module", fault.path, env=fault.env)
    assert (tmp_path / "r.json").exists()
    assert fault.logins() == 0


def test_the_gui_scan_worker_never_logs_in(fault: FaultModule, qtbot) -> None:
    from certhelper.gui.scan_client import ScanClient

    fault.configure(pin_flags="final_try")
    client = ScanClient([Candidate(fault.path, "option")], interval=0.2)
    try:
        with qtbot.waitSignal(client.snapshotReady, timeout=30000) as ready:
            client.start()
        [(_, token)] = ready.args[0].tokens
        assert token.pin.final_try and token.label == "Clé PIN"
        client.rescan()  # a forced full re-read, as the window's "Refresh" does
        qtbot.waitSignal(client.snapshotReady, timeout=30000).wait()
    finally:
        client.stop()
    assert fault.logins() == 0


# ---- "test my PIN": the rules -----------------------------------------------------------------


def test_a_locked_pin_is_never_sent(fault: FaultModule) -> None:
    fault.set_failed_pins(3)
    result = check_pin(fault.path, serial(fault), PIN)
    assert result.outcome == "refused-locked" and result.before.locked and not result.pin_sent
    result = check_pin(fault.path, serial(fault), PIN, confirm_final_try=True)  # confirming changes nothing
    assert result.outcome == "refused-locked"
    assert fault.logins() == 0


def test_the_final_try_needs_a_confirmation_and_a_right_pin_resets_the_counter(fault: FaultModule) -> None:
    fault.set_failed_pins(2)
    result = check_pin(fault.path, serial(fault), PIN)
    assert result.outcome == "needs-confirmation" and result.before.final_try and not result.pin_sent
    assert fault.logins() == 0
    result = check_pin(fault.path, serial(fault), PIN, confirm_final_try=True)
    assert result.outcome == "ok" and result.before.final_try
    assert result.after is not None and not (result.after.final_try or result.after.count_low or result.after.locked)
    assert fault.logins() == 1 and fault.failed_pins() == 0


def test_three_wrong_pins_lock_the_token_and_each_result_says_how_its_state_changed(fault: FaultModule) -> None:
    first = check_pin(fault.path, serial(fault), WRONG)
    assert first.outcome == "incorrect" and not first.before.count_low
    assert first.after is not None and first.after.count_low and not first.after.final_try
    second = check_pin(fault.path, serial(fault), WRONG)
    assert second.outcome == "incorrect" and second.after is not None and second.after.final_try
    refused = check_pin(fault.path, serial(fault), WRONG)
    assert refused.outcome == "needs-confirmation"
    third = check_pin(fault.path, serial(fault), WRONG, confirm_final_try=True)
    assert third.outcome == "incorrect" and third.after is not None and third.after.locked
    after_lock = check_pin(fault.path, serial(fault), PIN, confirm_final_try=True)
    assert after_lock.outcome == "refused-locked"
    assert fault.logins() == 3 and fault.failed_pins() == 3


def test_a_right_pin_is_one_login_and_leaves_no_mark(fault: FaultModule) -> None:
    result = check_pin(fault.path, serial(fault), PIN)
    assert result.outcome == "ok" and result.after is not None and not result.after.count_low
    assert fault.logins() == 1


@pytest.mark.parametrize(
    ("fault_kind", "outcome"), [("token_not_present", "token-absent"), ("segv", "error"), ("general_error", "error")]
)
def test_a_token_pulled_or_a_driver_crashing_during_the_login_is_an_outcome_not_a_crash(
    fault_kind: str, outcome: str, fault: FaultModule, inject
) -> None:
    inject(f"pkcs11:{fault_kind}@C_Login")
    fault.configure(pin_tries=3, fault=fault_kind, fault_function="C_Login")
    result = check_pin(fault.path, serial(fault), PIN)
    assert result.outcome == outcome
    assert fault.logins() == 1


# ---- the same rules from the command line -----------------------------------------------------


def test_cli_refuses_a_locked_pin_without_asking_for_it(fault: FaultModule) -> None:
    fault.set_failed_pins(3)
    proc = pin_cli(fault, pin=PIN)
    assert proc.returncode == 2 and "no PIN was sent" in proc.stderr and "Traceback" not in proc.stderr
    assert "PIN of token" not in proc.stderr  # not even prompted
    assert fault.logins() == 0


def test_cli_at_the_final_try_refuses_without_the_explicit_option(fault: FaultModule) -> None:
    fault.set_failed_pins(2)
    proc = pin_cli(fault, pin=PIN)
    assert proc.returncode == 2 and "--yes-final-try" in proc.stderr
    assert fault.logins() == 0
    proc = pin_cli(fault, "--yes-final-try", pin=PIN)
    assert proc.returncode == 0 and "correct" in proc.stdout
    assert fault.logins() == 1 and fault.failed_pins() == 0


def test_cli_wrong_then_right_pin(fault: FaultModule) -> None:
    proc = pin_cli(fault, "--json", pin=WRONG)
    assert proc.returncode == 2 and json.loads(proc.stdout)["outcome"] == "incorrect"
    assert fault.logins() == 1 and fault.failed_pins() == 1
    status = json.loads(run_cli_in_process("status", "--json", "--module", fault.path, env=fault.env).stdout)
    assert status["modules"][0]["tokens"][0]["pin"]["count_low"] is True  # the next scan shows the mark
    proc = pin_cli(fault, pin=PIN)
    assert proc.returncode == 0 and fault.logins() == 2 and fault.failed_pins() == 0


def test_cli_says_how_the_token_state_changed_after_each_wrong_pin(fault: FaultModule) -> None:
    first = pin_cli(fault, "--json", pin=WRONG)
    doc = json.loads(first.stdout)
    assert (doc["outcome"], doc["state_now"], doc["before"]["count_low"], doc["after"]["count_low"]) == (
        "incorrect",
        "count-low",
        False,
        True,
    )
    assert "a wrong PIN was entered: fewer tries are left" in first.stderr
    second = pin_cli(fault, pin=WRONG)
    assert "only one try is left: do not try again" in second.stderr
    third = pin_cli(fault, "--yes-final-try", "--lang", "fr", pin=WRONG)
    assert "La clé est maintenant bloquée." in third.stderr
    assert fault.logins() == 3 and fault.failed_pins() == 3
