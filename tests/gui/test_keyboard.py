"""The keyboard alone: Tab reaches every action of the main window and of the wizards, Space and
Enter press them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from tests.gui.conftest import shown, snapshot_of


def press(key: Qt.Key) -> QWidget:
    """Press `key` where the focus is, as a user would; the widget focused afterwards."""
    from pytestqt.qtbot import QtBot

    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    QtBot.keyClick(focused, key)
    QApplication.processEvents()
    return QApplication.focusWidget()


def tab_cycle(start: QWidget, limit: int = 200) -> list[QWidget]:
    """The widgets Tab visits from `start` until it comes back to it."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    seen: list[QWidget] = []
    for _ in range(limit):
        widget = press(Qt.Key.Key_Tab)
        if widget is start:
            break
        if widget not in seen:  # a label with two links keeps the focus for two presses
            seen.append(widget)
    else:
        raise AssertionError(f"Tab never comes back: trapped in {QApplication.focusWidget()}")
    return seen


def test_tab_reaches_the_cards_and_the_findings_and_space_opens_the_guide(
    make_window, main_store, catalogue, monkeypatch, qtbot, lang_en
) -> None:
    window = make_window("en", [])
    shown(window, snapshot_of(main_store, catalogue, monkeypatch), qtbot)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    visited = tab_cycle(window.language_combo)
    first_finding = window.findings_view.rows[0].button
    renew = window.token_cards[0].certificate_cards[0].findChild(QWidget, "renewButton")
    names = [w.objectName() for w in visited]
    assert first_finding in visited, names
    assert renew in visited, names
    for name in ("contactsButton", "rescanButton", "pinTestButton", "revokeButton"):
        assert name in names
    assert visited.index(renew) < visited.index(first_finding)  # in reading order: the cards, then the findings

    first_finding.setFocus(Qt.FocusReason.TabFocusReason)
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(window.dialogs))
    wizard = window.dialogs[-1]
    assert isinstance(wizard, QWizard) and wizard.isVisible()
    wizard.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    renew.setFocus(Qt.FocusReason.TabFocusReason)
    press(Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bool(window.dialogs))
    assert window.dialogs[-1].windowTitle() == "Renew my certificate"


def test_the_renewal_wizard_with_the_keyboard_alone(
    make_window, main_store, catalogue, monkeypatch, qtbot, lang_en
) -> None:
    window = make_window("en", [])
    shown(window, snapshot_of(main_store, catalogue, monkeypatch), qtbot)
    card = window.token_cards[0].certificate_cards[0]
    wizard = window.open_guide("renewal", window.token_cards[0].token, card.certificate)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    wizard.button(QWizard.WizardButton.NextButton).setFocus()
    while wizard.currentPage().objectName() != "step-order":
        before = wizard.currentId()
        press(Qt.Key.Key_Return)  # Next is the default button
        assert wizard.currentId() != before
    panel = wizard.portal_panel
    visited = tab_cycle(wizard.button(QWizard.WizardButton.NextButton))
    for widget in (panel.identifier, panel.password, panel.show_check):
        assert widget in visited or not widget.isEnabled()
    while wizard.currentId() != -1 and not wizard.currentPage().isFinalPage():
        wizard.button(QWizard.WizardButton.NextButton).setFocus()
        press(Qt.Key.Key_Return)
    assert wizard.currentPage().objectName() == "contactsPage"
    visited = tab_cycle(wizard.button(QWizard.WizardButton.FinishButton))
    contacts = wizard.contacts_panel
    assert contacts.phone in visited and contacts.email in visited  # the links, reachable with Tab
