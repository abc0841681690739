"""The "test my PIN" dialog on real SoftHSM2 tokens.

SoftHSM2 never reports FINAL_TRY or LOCKED, so those flags are set on the scanned snapshot (as a
real token would report them); whether a PIN reached the token is then read from the token itself:
SoftHSM2 sets USER_PIN_COUNT_LOW after a wrong PIN, so a clean flag proves nothing was sent.
"""

from __future__ import annotations

from certhelper.gui.pin_dialog import PinDialog
from tests.gui.conftest import snapshot_of, with_pin


def fresh_flags(store, catalogue, monkeypatch, label: str):
    return with_pin(snapshot_of(store, catalogue, monkeypatch), label)[1].pin


def dialog(qtbot, module, token) -> PinDialog:
    d = PinDialog(module, token)
    qtbot.addWidget(d)
    d.show()
    return d


def test_locked_pin_is_never_sent(qtbot, pin_store, catalogue, monkeypatch) -> None:
    module, token = with_pin(snapshot_of(pin_store, catalogue, monkeypatch), "pin-locked", locked=True)
    d = dialog(qtbot, module, token)
    assert not d.pin_edit.isEnabled() and not d.test_button.isEnabled()
    assert d.unlock_button.isVisible() and "No PIN will be sent" in d.state_label.text()
    d.pin_edit.setText("0000")  # even if something typed into it, nothing goes out
    d.test()
    assert d.attempts == 0 and d.last_result is None
    assert not fresh_flags(pin_store, catalogue, monkeypatch, "pin-locked").count_low


def test_final_try_asks_for_confirmation_first(qtbot, pin_store, catalogue, monkeypatch) -> None:
    module, token = with_pin(snapshot_of(pin_store, catalogue, monkeypatch), "pin-final", final_try=True)
    d = dialog(qtbot, module, token)
    assert d.confirm.isVisible() and "will be locked" in d.confirm.text()
    qtbot.keyClicks(d.pin_edit, "9999")
    assert not d.test_button.isEnabled()
    d.test()
    assert d.attempts == 0
    assert not fresh_flags(pin_store, catalogue, monkeypatch, "pin-final").count_low
    d.confirm.setChecked(True)
    assert d.test_button.isEnabled()
    d.test_button.click()
    qtbot.waitUntil(lambda: d.last_result is not None, timeout=30000)
    assert d.attempts == 1 and d.last_result.outcome == "incorrect"
    assert d.pin_edit.text() == ""  # dropped right after use
    assert "incorrect" in d.result_label.text()
    assert fresh_flags(pin_store, catalogue, monkeypatch, "pin-final").count_low


def test_right_pin_is_reported_correct(qtbot, pin_store, catalogue, monkeypatch) -> None:
    module, token = with_pin(snapshot_of(pin_store, catalogue, monkeypatch), "pin-ok")
    d = dialog(qtbot, module, token)
    assert not d.confirm.isVisible()
    qtbot.keyClicks(d.pin_edit, "1234")
    d.test_button.click()
    qtbot.waitUntil(lambda: d.last_result is not None, timeout=30000)
    assert d.last_result.outcome == "ok" and d.result_label.text() == "The PIN is correct."
    assert d.pin_edit.text() == ""
