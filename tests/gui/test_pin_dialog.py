"""The "test my PIN" dialog on real SoftHSM2 tokens, behind the fault-injecting module.

SoftHSM2 never reports FINAL_TRY or LOCKED: the fault module (tests/fault_module) emulates a
ChamberSign token's 3-try counter and reports its flags, so the dialog gets them from a real scan,
never set by hand. The module also logs every C_Login: each test asserts the exact number (zero when
the dialog refused, exactly one when it sent the PIN), and the counter moves as a real token's would.
"""

from __future__ import annotations

import pytest

from certhelper.core.tokens.discovery import Candidate
from certhelper.core.tokens.scan import take_snapshot
from certhelper.gui.pin_dialog import PinDialog
from tests.fault_module.control import FaultModule
from tests.helpers import Store

pytest_plugins = ["tests.fault_module.fixtures"]  # builds the fault module; make_fault

PIN, WRONG = "1234", "9999"


@pytest.fixture
def fault(pin_store: Store, make_fault, monkeypatch: pytest.MonkeyPatch) -> FaultModule:
    """The GUI PIN tokens behind the fault module, 3 tries; the dialog's check child inherits the env."""
    made = make_fault(pin_store)
    made.configure(pin_tries=3)
    for key, value in made.env.items():
        monkeypatch.setenv(key, value)
    return made


def scanned(fault: FaultModule, catalogue, label: str):
    """(module, token) of `label` as a real scan through the fault module reports it (flags included)."""
    snapshot = take_snapshot([Candidate(fault.path, "option")], catalogue)
    [(module, token)] = [(m, t) for m, t in snapshot.tokens if t.label == label]
    return module, token


def dialog(qtbot, module, token) -> PinDialog:
    d = PinDialog(module, token)
    qtbot.addWidget(d)
    d.show()
    return d


def test_locked_pin_is_never_sent(qtbot, fault: FaultModule, catalogue) -> None:
    fault.set_failed_pins(3)
    module, token = scanned(fault, catalogue, "pin-locked")
    assert token.pin.locked  # reported by the token, not set by hand
    d = dialog(qtbot, module, token)
    assert not d.pin_edit.isEnabled() and not d.test_button.isEnabled()
    assert d.unlock_button.isVisible() and "No PIN will be sent" in d.state_label.text()
    d.pin_edit.setText(PIN)  # even the right PIN typed into it: nothing goes out
    d.test()
    assert d.attempts == 0 and d.last_result is None
    assert fault.logins() == 0 and fault.failed_pins() == 3


def test_final_try_asks_for_confirmation_first(qtbot, fault: FaultModule, catalogue) -> None:
    fault.set_failed_pins(2)
    module, token = scanned(fault, catalogue, "pin-final")
    assert token.pin.final_try and not token.pin.locked
    d = dialog(qtbot, module, token)
    assert d.confirm.isVisible() and "will be locked" in d.confirm.text()
    qtbot.keyClicks(d.pin_edit, WRONG)
    assert not d.test_button.isEnabled()
    d.test()
    assert d.attempts == 0 and fault.logins() == 0  # refused: nothing reached the token
    d.confirm.setChecked(True)
    assert d.test_button.isEnabled()
    d.test_button.click()
    qtbot.waitUntil(lambda: d.last_result is not None, timeout=30000)
    assert d.attempts == 1 and d.last_result.outcome == "incorrect"
    assert d.pin_edit.text() == ""  # dropped right after use
    assert "incorrect" in d.result_label.text()
    assert fault.logins() == 1 and fault.failed_pins() == 3  # exactly one login: the token is now locked
    assert scanned(fault, catalogue, "pin-final")[1].pin.locked


def test_a_low_counter_is_shown_and_the_right_pin_resets_it(qtbot, fault: FaultModule, catalogue) -> None:
    fault.set_failed_pins(1)
    module, token = scanned(fault, catalogue, "pin-ok")
    assert token.pin.count_low and not token.pin.final_try and not token.pin.locked
    d = dialog(qtbot, module, token)
    assert not d.confirm.isVisible()  # two tries left: no box to tick
    qtbot.keyClicks(d.pin_edit, PIN)
    d.test_button.click()
    qtbot.waitUntil(lambda: d.last_result is not None, timeout=30000)
    assert d.last_result.outcome == "ok" and d.result_label.text() == "The PIN is correct."
    assert d.pin_edit.text() == ""
    assert fault.logins() == 1 and fault.failed_pins() == 0
    assert not scanned(fault, catalogue, "pin-ok")[1].pin.count_low


def test_right_pin_is_reported_correct(qtbot, fault: FaultModule, catalogue) -> None:
    module, token = scanned(fault, catalogue, "pin-ok")
    assert not token.pin.count_low
    d = dialog(qtbot, module, token)
    assert not d.confirm.isVisible()
    qtbot.keyClicks(d.pin_edit, PIN)
    d.test_button.click()
    qtbot.waitUntil(lambda: d.last_result is not None, timeout=30000)
    assert d.last_result.outcome == "ok" and d.result_label.text() == "The PIN is correct."
    assert d.pin_edit.text() == ""
    assert fault.logins() == 1
