""" "Tester la signature": a masked PIN field, a save dialog, one signature in a child process.

The PIN rules are the PIN test's (see pin_dialog): nothing is sent when the snapshot says the PIN
is locked; at the final try the button stays disabled until a box naming the risk is ticked; the
core reads the flags again before its one login. The signature itself runs in a child process
(core.signing.selftest), driven from a thread so the window stays responsive; the PIN lives only in
the field and in that thread, both drop it right after.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from certhelper.core.clock import now_utc
from certhelper.core.model import Certificate, Module, PinState, Token
from certhelper.core.settings import load_settings
from certhelper.core.signing.selection import has_usable_key
from certhelper.core.signing.selftest import SignTestRequest, SignTestResult, sign_test
from certhelper.core.tokens.pin_check import refusal
from certhelper.gui.background import run_in_background
from certhelper.gui.translation import current_language, fmt
from certhelper.gui.verify_dialog import VerifyResultView


class _SignWork:
    """One signature; holds the PIN only until the child process has it."""

    def __init__(self, request: SignTestRequest, pin: str | None, output: Path) -> None:
        self._args: tuple[SignTestRequest, str | None, Path] | None = (request, pin, output)

    def __call__(self) -> SignTestResult:
        assert self._args is not None
        request, pin, output = self._args
        self._args = None  # drop the PIN
        return sign_test(request, pin, output, now=now_utc())


def default_output_dir() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


class SignTestDialog(QDialog):
    signed = Signal(object)  # SignTestResult

    def __init__(self, module: Module, token: Token, certificate: Certificate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.module, self.token, self.certificate = module, token, certificate
        self.output: Path | None = None
        self.last_result: SignTestResult | None = None
        self.attempts = 0  # PINs handed to the token by this dialog
        self._busy = False  # a signature is running (in a background thread)
        self.setWindowTitle(self.tr("Test the signature"))
        self.resize(560, 280)
        layout = QVBoxLayout(self)
        intro = QLabel(
            fmt(
                self.tr("The token will sign a one-page test document with the certificate of %1 (token “%2”)."),
                certificate.holder,
                token.label,
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.state_label = QLabel(self)
        self.state_label.setObjectName("stateLabel")
        self.state_label.setWordWrap(True)
        layout.addWidget(self.state_label)
        self.pin_label = QLabel(self.tr("PIN:"), self)
        self.pin_edit = QLineEdit(self)
        self.pin_edit.setObjectName("pinEdit")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_label.setBuddy(self.pin_edit)
        row = QHBoxLayout()
        row.addWidget(self.pin_label)
        row.addWidget(self.pin_edit, 1)
        layout.addLayout(row)
        self.confirm = QCheckBox(self.tr("I am sure of my PIN: if it is wrong, the token will be locked."), self)
        self.confirm.setObjectName("confirmCheck")
        layout.addWidget(self.confirm)
        self.output_label = QLabel(self)
        self.output_label.setObjectName("outputLabel")
        self.output_label.setWordWrap(True)
        layout.addWidget(self.output_label)
        self.result_label = QLabel(self)
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.view = VerifyResultView(self)
        self.view.setVisible(False)
        layout.addWidget(self.view)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.sign_button = QPushButton(self.tr("Sign the test document…"), self)
        self.sign_button.setObjectName("signButton")
        self.sign_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons.addStretch(1)
        buttons.addWidget(self.sign_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.sign_button.clicked.connect(self.sign)
        self.close_button.clicked.connect(self.reject)
        self.confirm.toggled.connect(self._update)
        self.pin_edit.textChanged.connect(self._update)
        self._show_state()

    def _show_state(self) -> None:
        pin = self.token.pin
        self.confirm.setVisible(pin.final_try and not pin.locked)
        self.pin_edit.setVisible(not pin.protected_auth_path and not pin.locked)
        self.pin_label.setVisible(not pin.protected_auth_path and not pin.locked)
        if pin.locked:
            self.state_label.setText(self.tr("The PIN is locked: no PIN will be sent. Follow the unlock procedure."))
            self.state_label.setProperty("level", "expired")
        elif pin.final_try:
            self.state_label.setText(
                self.tr("Only one try is left. If the PIN you type is wrong, the token will be locked.")
            )
            self.state_label.setProperty("level", "urgent")
        elif pin.protected_auth_path:
            self.state_label.setText(self.tr("This token asks for its PIN itself: type it on its keypad or window."))
        else:
            self.state_label.setText(self.tr("Type your PIN, then choose where to save the signed document."))
        self._update()

    def _update(self) -> None:
        busy = self._busy
        ready = self.token.pin.protected_auth_path or bool(self.pin_edit.text())
        allowed = refusal(self.token.pin, self.confirm.isChecked()) is None
        self.sign_button.setEnabled(ready and allowed and not busy)

    def choose_output(self) -> Path | None:
        """The save dialog; None when the person cancels."""
        stamp = now_utc().strftime("%Y%m%d-%H%M")
        name = self.tr("signature-test")  # the file's name, in the user's language
        suggested = default_output_dir() / f"{name}-{stamp}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the signed test document"), str(suggested), self.tr("PDF documents (*.pdf)")
        )
        return Path(path) if path else None

    def sign(self) -> None:
        """Ask where to save, then send the PIN once, if the rules allow it."""
        if self._busy or refusal(self.token.pin, self.confirm.isChecked()) is not None:
            return
        protected = self.token.pin.protected_auth_path
        if not protected and not self.pin_edit.text():
            return
        output = self.choose_output()
        if output is None:
            return  # nothing sent
        pin = None if protected else self.pin_edit.text()
        self.pin_edit.clear()
        self.output = output
        self.attempts += 1
        self.output_label.setText(fmt(self.tr("Signed document: %1"), output))
        self.result_label.setText(
            self.tr("Signing… type the PIN on the token if it asks.") if protected else self.tr("Signing…")
        )
        request = SignTestRequest(
            module=self.module.path,
            serial=self.token.serial,
            certificate=self.certificate,
            lang=current_language(),
            timestamp_url=load_settings().timestamp_url,
            confirm_final_try=self.confirm.isChecked(),
        )
        work = _SignWork(request, pin, output)
        pin = None
        self._busy = True
        self._update()
        # A plain, non-daemon thread (gui.background): closing the dialog cannot abort the app, and
        # quitting waits for the token's session to end (sign_test has its own timeout).
        run_in_background(work, self._done, name="sign-test", failed=None, daemon=False)

    def outcome_text(self, result: SignTestResult) -> str:
        texts = {
            "signed": self.tr("The token's key signed the test document, and the signature was checked."),
            "incorrect": self.tr("The PIN is incorrect: nothing was signed and no file was written."),
            "locked": self.tr("The token says the PIN is locked: nothing was signed."),
            "refused-locked": self.tr("The PIN is locked: no PIN was sent, nothing was signed."),
            "needs-confirmation": self.tr("Only one try is left: tick the box if you are sure of your PIN."),
            "token-absent": self.tr("The token is no longer there: plug it in and try again. Nothing was written."),
            "no-certificate": self.tr("The certificate is no longer on the token. Nothing was written."),
            "no-key": self.tr("The token has no private key for this certificate. Nothing was written."),
            "module-error": self.tr("The token's driver could not be loaded. Nothing was written."),
            "sign-error": self.tr("The token refused to sign. Nothing was written."),
            "write-error": self.tr("The document was signed but could not be saved there."),
            "timeout": self.tr("The token did not answer in time. Nothing was written."),
        }
        text = texts.get(result.outcome, self.tr("The signature test failed. Nothing was written."))
        state = {
            "locked": self.tr("The token is now locked."),
            "final-try": self.tr("The token now says only one try is left: do not try again."),
            "count-low": self.tr("The token now says a wrong PIN was entered: fewer tries are left."),
        }.get(result.state_now or "")
        return f"{text}\n{state}" if state else text

    def _done(self, result: SignTestResult | None) -> None:
        self._busy = False
        if result is None:  # the self-test itself failed (logged)
            self.result_label.setText(self.tr("The signature test failed. Nothing was written."))
            self.result_label.setProperty("level", "expired")
            self.output_label.setText("")
            self._update()
            return
        self.last_result = result
        self.result_label.setText(self.outcome_text(result))
        self.result_label.setProperty("level", "ok" if result.outcome == "signed" else "expired")
        if result.outcome != "signed":
            self.output_label.setText("")
        if result.verification is not None:
            self.view.show_report(result.verification)
            self.view.setVisible(True)
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
        if result.after is not None:  # the token's flags after the login: the rules follow them
            self.token = _with_pin(self.token, result.after)
            self._show_state()
        self._update()
        self.signed.emit(result)


def _with_pin(token: Token, pin: PinState) -> Token:
    import dataclasses

    return dataclasses.replace(token, pin=pin)


def open_sign_test(
    module: Module, token: Token, certificate: Certificate, parent: QWidget | None = None
) -> SignTestDialog:
    """The card's entry point: a modal-less dialog for one certificate."""
    dialog = SignTestDialog(module, token, certificate, parent)
    dialog.show()
    return dialog


def add_sign_test_button(
    row: QBoxLayout, module: Module, token: Token, certificate: Certificate, card: QWidget
) -> QPushButton | None:
    """The certificate card's "Tester la signature" button, for a certificate whose key can sign."""
    if not has_usable_key(certificate):
        return None
    button = QPushButton(QCoreApplication.translate("SignTestDialog", "Test the signature…"), card)
    button.setObjectName("signTestButton")
    button.clicked.connect(lambda: open_sign_test(module, token, certificate, card.window()))
    row.addWidget(button)
    return button
