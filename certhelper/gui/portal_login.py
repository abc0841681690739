"""The ChamberSign ordering portal login, kept in the system keyring (core.credentials), in the
renewal wizard's "order" step: save it once, then show the identifier and copy the password when
ordering again. Where the desktop has no keyring, the panel says so and the wizard works without it.
The password only lives in the keyring, the masked field and (on request) the clipboard."""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from certhelper.core.reminders import credentials
from certhelper.core.reminders.credentials import KeyringUnavailable, PortalLogin

logger = logging.getLogger(__name__)

# The copied password is taken off the clipboard after this delay, unless something else was copied.
CLIPBOARD_CLEAR_MS = 60_000


class PortalLoginPanel(QGroupBox):
    def __init__(self, provider: str = "chambersign", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.provider = provider
        self.setObjectName("portalLoginPanel")
        self.setTitle(self.tr("Your ChamberSign portal login"))
        layout = QVBoxLayout(self)
        self.status = QLabel()
        self.status.setObjectName("portalStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.identifier = QLineEdit()
        self.identifier.setObjectName("portalIdentifier")
        identifier_label = QLabel(self.tr("&Identifier:"))
        identifier_label.setBuddy(self.identifier)
        form.addRow(identifier_label, self.identifier)
        self.password = QLineEdit()
        self.password.setObjectName("portalPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.show_check = QCheckBox(self.tr("S&how"))
        self.show_check.setObjectName("portalShow")
        self.show_check.toggled.connect(self._set_shown)
        row = QHBoxLayout()
        row.addWidget(self.password, 1)
        row.addWidget(self.show_check)
        password_label = QLabel(self.tr("&Password:"))
        password_label.setBuddy(self.password)
        form.addRow(password_label, row)
        self.identifier.textChanged.connect(lambda _text: self._update_buttons())
        self.password.textChanged.connect(lambda _text: self._update_buttons())
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(self.tr("Save in the keyring"))
        self.save_button.setObjectName("portalSave")
        self.save_button.clicked.connect(self.save)
        self.copy_button = QPushButton(self.tr("Copy the password"))
        self.copy_button.setObjectName("portalCopy")
        self.copy_button.clicked.connect(self.copy_password)
        self.forget_button = QPushButton(self.tr("Forget"))
        self.forget_button.setObjectName("portalForget")
        self.forget_button.clicked.connect(self.forget)
        for button in (self.save_button, self.copy_button, self.forget_button):
            button.setAutoDefault(False)  # Enter in a field must not also press Next
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self._clear_timer = QTimer(self)
        self._clear_timer.setSingleShot(True)
        self._clear_timer.setInterval(CLIPBOARD_CLEAR_MS)
        self._clear_timer.timeout.connect(self._clear_clipboard)
        self._copied = ""
        self.available = True
        self.reload()

    # -- state -----------------------------------------------------------------------------
    def reload(self) -> None:
        reason = credentials.keyring_status()
        if reason is not None:
            self._unavailable(reason)
            return
        try:
            login = credentials.load_login(self.provider)
        except KeyringUnavailable as exc:
            self._unavailable(exc.reason)
            return
        if login is None:
            self.identifier.clear()
            self.password.clear()
            self._say(self.tr("Enter the login Mégalis sent you after the first order to keep it for next time."))
        else:
            self.identifier.setText(login.identifier)
            self.password.setText(login.password)
            self._say(self.tr("Your login is kept in this computer's keyring."))
        self._update_buttons()

    def _unavailable(self, reason: str) -> None:
        logger.info("portal login panel: %s", reason)
        self.available = False
        self._say(
            self.tr(
                "This computer has no keyring (secure password store), so your portal login cannot be kept "
                "here. Keep it somewhere safe; the rest of this guide works as usual."
            ),
            problem=True,
        )
        self.status.setToolTip(reason)
        for widget in (self.identifier, self.password, self.show_check):
            widget.setEnabled(False)
        self._update_buttons()

    def _say(self, text: str, problem: bool = False) -> None:
        self.status.setText(text)
        self.status.setProperty("problem", problem)
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.available)
        self.copy_button.setEnabled(self.available and bool(self.password.text()))
        self.forget_button.setEnabled(self.available and bool(self.identifier.text() or self.password.text()))

    def _set_shown(self, shown: bool) -> None:
        self.password.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    # -- actions ---------------------------------------------------------------------------
    def save(self) -> bool:
        if not self.identifier.text().strip():
            self._say(self.tr("Enter the identifier first."), problem=True)
            self.identifier.setFocus()
            return False
        try:
            credentials.save_login(PortalLogin(self.identifier.text().strip(), self.password.text()), self.provider)
        except KeyringUnavailable as exc:
            self._unavailable(exc.reason)
            return False
        self._say(self.tr("Saved in this computer's keyring."))
        self._update_buttons()
        return True

    def copy_password(self) -> bool:
        password = self.password.text()
        if not password:
            return False
        QGuiApplication.clipboard().setText(password)
        self._copied = password
        self._clear_timer.start()
        self._say(
            self.tr("Password copied: paste it in the portal's login page (it leaves the clipboard in 1 minute).")
        )
        return True

    def _clear_clipboard(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if self._copied and clipboard.text() == self._copied:
            clipboard.clear()
        self._copied = ""

    def forget(self) -> None:
        try:
            credentials.delete_login(self.provider)
        except KeyringUnavailable as exc:
            self._unavailable(exc.reason)
            return
        self.identifier.clear()
        self.password.clear()
        self.show_check.setChecked(False)
        self._say(self.tr("Your portal login was removed from this computer's keyring."))
        self._update_buttons()
