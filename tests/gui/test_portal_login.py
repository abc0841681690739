"""The portal login panel of the renewal wizard's "order" step, on a real keyring backend
(keyrings.alt's plaintext file in a temp dir) and with no backend at all."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWizard

from certhelper.core.reminders import credentials
from certhelper.core.reminders.credentials import PortalLogin
from certhelper.gui.wizards import GuideWizard
from tests.gui.conftest import snapshot_of
from tests.gui.test_wizards import certificate, wizard


def renewal_at_order_step(qtbot, catalogue, main_snapshot, lang: str = "en") -> GuideWizard:
    token, cert = certificate(main_snapshot, "Gaël TANGUY")
    w = wizard(qtbot, catalogue, "renewal", token, cert, lang)
    while w.currentPage().objectName() != "step-order":
        w.button(QWizard.WizardButton.NextButton).click()
    assert w.portal_panel is not None and w.portal_panel.isVisible()
    return w


@pytest.fixture
def main_snapshot(main_store, catalogue, monkeypatch):
    return snapshot_of(main_store, catalogue, monkeypatch)


def test_login_is_kept_in_the_keyring_and_copied_when_ordering_again(
    qtbot, catalogue, main_snapshot, file_keyring: Path, lang_en
) -> None:
    w = renewal_at_order_step(qtbot, catalogue, main_snapshot)
    panel = w.portal_panel
    assert panel.identifier.text() == "" and not panel.copy_button.isEnabled()
    qtbot.keyClicks(panel.identifier, "mairie-plerin")
    qtbot.keyClicks(panel.password, "s3cret;Kx!")
    assert panel.password.echoMode() == QLineEdit.EchoMode.Password  # masked while typed
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert panel.status.text() == "Saved in this computer's keyring."
    assert file_keyring.is_file()  # the real backend wrote it
    w.close()

    again = renewal_at_order_step(qtbot, catalogue, main_snapshot)  # a later renewal
    panel = again.portal_panel
    assert panel.identifier.text() == "mairie-plerin"
    assert panel.status.text() == "Your login is kept in this computer's keyring."
    assert panel.password.echoMode() == QLineEdit.EchoMode.Password
    panel.show_check.click()
    assert panel.password.echoMode() == QLineEdit.EchoMode.Normal and panel.password.text() == "s3cret;Kx!"
    panel.show_check.click()
    assert panel.password.echoMode() == QLineEdit.EchoMode.Password
    QApplication.clipboard().clear()
    qtbot.mouseClick(panel.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == "s3cret;Kx!"
    panel._clear_timer.timeout.emit()  # the minute is up: the password leaves the clipboard
    assert QApplication.clipboard().text() == ""

    qtbot.mouseClick(panel.forget_button, Qt.MouseButton.LeftButton)
    assert panel.identifier.text() == "" and panel.password.text() == ""
    assert credentials.load_login() is None
    assert again.button(QWizard.WizardButton.NextButton).isEnabled()


def test_without_a_keyring_the_panel_says_so_and_the_wizard_goes_on(
    qtbot, catalogue, main_snapshot, restore_keyring: None, lang_en
) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    w = renewal_at_order_step(qtbot, catalogue, main_snapshot)
    panel = w.portal_panel
    assert panel.status.text().startswith("This computer has no keyring")
    assert not panel.identifier.isEnabled() and not panel.save_button.isEnabled()
    assert not panel.copy_button.isEnabled()
    w.button(QWizard.WizardButton.NextButton).click()
    assert w.currentPage().objectName() == "step-on-arrival"


def test_the_no_keyring_message_in_french(qtbot, catalogue, main_snapshot, restore_keyring: None, lang_fr) -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    w = renewal_at_order_step(qtbot, catalogue, main_snapshot, lang="fr")
    assert w.portal_panel.title() == "Vos identifiants du portail ChamberSign"
    assert w.portal_panel.status.text().startswith("Cet ordinateur n'a pas de trousseau")


def test_the_password_is_never_logged(
    qtbot, catalogue, main_snapshot, file_keyring: Path, caplog: pytest.LogCaptureFixture, lang_en
) -> None:
    caplog.set_level("DEBUG")
    credentials.save_login(PortalLogin("mairie-plerin", "hunter2-secret"))
    w = renewal_at_order_step(qtbot, catalogue, main_snapshot)
    w.portal_panel.copy_password()
    w.portal_panel.forget()
    assert "hunter2-secret" not in caplog.text
