""" "Test my PIN": a masked field, one login in a child process (core.pin_check), and the rules.

Nothing is sent when the snapshot says the PIN is locked; at the final try the test button stays
disabled until the person ticks a box that names the risk. core.pin_check reads the flags again
before the login and applies the same rules, in case they changed since the snapshot.
The PIN lives only in the field and in the thread that sends it; both drop it right after.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from certhelper.core.model import Module, Token
from certhelper.core.outputs.reasons import translate_reason
from certhelper.core.tokens.pin_check import PinCheckResult, check_pin, refusal
from certhelper.gui.background import run_in_background
from certhelper.gui.details import DetailsExpander
from certhelper.gui.translation import current_language, fmt
from certhelper.gui.ui_loader import child, load_form


class _Check:
    """One PIN check, run off the GUI thread (gui.background): it holds the PIN only until the child has it."""

    def __init__(self, module_path: str, serial: str, pin: str | None, confirm: bool) -> None:
        self._args: tuple[str, str, str | None, bool] | None = (module_path, serial, pin, confirm)

    def __call__(self) -> PinCheckResult:
        assert self._args is not None
        module_path, serial, pin, confirm = self._args
        self._args = None  # drop the PIN
        return check_pin(module_path, serial, pin, confirm_final_try=confirm)


class PinDialog(QDialog):
    unlockRequested = Signal(object)  # Token
    checked = Signal(object)  # PinCheckResult

    def __init__(self, module: Module, token: Token, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.module, self.token = module, token
        self.last_result: PinCheckResult | None = None
        self.attempts = 0  # PINs handed to the token by this dialog
        self._busy = False  # a check is running (a PIN-pad token may keep it waiting)
        self.setWindowTitle(self.tr("Test my PIN"))
        self.form = load_form("pin_dialog", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.token_label = child(self.form, QLabel, "tokenLabel")
        self.state_label = child(self.form, QLabel, "stateLabel")
        self.pin_label = child(self.form, QLabel, "pinLabel")
        self.pin_edit = child(self.form, QLineEdit, "pinEdit")
        self.confirm = child(self.form, QCheckBox, "confirmCheck")
        self.result_label = child(self.form, QLabel, "resultLabel")
        self.details = DetailsExpander("", self.form)  # the library's own text, when the test failed oddly
        form_layout = self.form.layout()
        if form_layout is not None and hasattr(form_layout, "insertWidget"):
            form_layout.insertWidget(form_layout.indexOf(self.result_label) + 1, self.details)
        self.details.hide()
        self.test_button = child(self.form, QPushButton, "testButton")
        self.unlock_button = child(self.form, QPushButton, "unlockButton")
        self.close_button = child(self.form, QPushButton, "closeButton")
        self.token_label.setText(fmt(self.tr("Token “%1”, serial number %2"), token.label, token.serial))
        self.test_button.clicked.connect(self.test)
        self.close_button.clicked.connect(self.reject)
        self.unlock_button.clicked.connect(lambda: self.unlockRequested.emit(self.token))
        self.confirm.toggled.connect(self._update)
        self.pin_edit.textChanged.connect(self._update)
        self._show_state(token.pin.locked, token.pin.final_try)

    def _show_state(self, locked: bool, final_try: bool) -> None:
        self.locked, self.final_try = locked, final_try
        protected = self.token.pin.protected_auth_path
        self.confirm.setVisible(final_try and not locked)
        self.unlock_button.setVisible(locked or final_try)
        self.pin_edit.setVisible(not protected)
        self.pin_label.setVisible(not protected)
        if locked:
            self.state_label.setText(
                self.tr("The PIN is locked. No PIN will be sent: follow the unlock procedure instead.")
            )
            self.state_label.setProperty("level", "expired")
            self.pin_edit.setEnabled(False)
            self.pin_edit.clear()
        elif final_try:
            self.state_label.setText(
                self.tr("Only one try is left. If the PIN you type is wrong, the token will be locked.")
            )
            self.state_label.setProperty("level", "urgent")
        elif protected:
            self.state_label.setText(self.tr("This token asks for its PIN itself: type it on its keypad or window."))
        else:
            self.state_label.setText(self.tr("Type your PIN, then choose “Test the PIN”."))
        self._update()

    def _update(self) -> None:
        busy = self._busy
        ready = self.token.pin.protected_auth_path or bool(self.pin_edit.text())
        allowed = refusal(self.token.pin, self.confirm.isChecked()) is None and not self.locked
        if self.final_try and not self.confirm.isChecked():
            allowed = False
        self.test_button.setEnabled(ready and allowed and not busy)

    def test(self) -> None:
        """Send the PIN once, if the rules allow it."""
        if self.locked or self._busy:
            return
        confirmed = self.confirm.isChecked()
        if self.final_try and not confirmed:
            return
        protected = self.token.pin.protected_auth_path
        pin = None if protected else self.pin_edit.text()
        if not protected and not pin:
            return
        self.pin_edit.clear()
        self.attempts += 1
        self.result_label.setText(
            self.tr("Checking… type the PIN on the token if it asks.") if protected else self.tr("Checking…")
        )
        check = _Check(self.module.path, self.token.serial, pin, confirmed)
        pin = None
        self._busy = True
        failed = PinCheckResult("error", self.token.pin, error="stopped")
        run_in_background(check, self._on_done, name="pin-check", failed=failed)
        self._update()

    def _on_done(self, result: PinCheckResult) -> None:
        if not self._busy:
            return  # the dialog was closed meanwhile: the check ended in the background, nothing to show
        self._busy = False
        self.last_result = result
        self.confirm.setChecked(False)
        messages = {
            "ok": self.tr("The PIN is correct."),
            "incorrect": self.tr("The PIN is incorrect. Do not try again at random: check it first."),
            "locked": self.tr("The token says the PIN is locked: follow the unlock procedure."),
            "refused-locked": self.tr("The token now says the PIN is locked: nothing was sent."),
            "needs-confirmation": self.tr(
                "The token now says only one try is left: nothing was sent. Confirm to go on."
            ),
            "token-absent": self.tr("The token is no longer plugged in."),
        }
        text = messages.get(result.outcome) or self.tr("The PIN could not be tested.")
        raw = "" if result.outcome in messages else (result.detail or "")
        self.details.body.setText(translate_reason(raw, current_language()))
        self.details.setVisible(bool(raw))
        changed = {
            "locked": self.tr("The token is now locked."),
            "final-try": self.tr("The token now says only one try is left: do not try again, ask for an unlock."),
            "count-low": self.tr("The token now says a wrong PIN was entered: fewer tries are left."),
        }.get(result.state_now or "")
        self.result_label.setText(f"{text}\n{changed}" if changed else text)
        self.result_label.setProperty("level", "ok" if result.outcome == "ok" else "urgent")
        state = result.after or result.before
        if result.outcome in ("locked", "refused-locked") or state.locked:
            self._show_state(True, False)
        elif result.outcome == "needs-confirmation" or state.final_try:
            self._show_state(False, True)
        else:
            self._update()
        self.checked.emit(result)

    def done(self, code: int) -> None:
        self.pin_edit.clear()
        self._busy = False  # a PIN-pad token may keep the check waiting: it ends in the background, never freezes
        super().done(code)
