"""The running app (launch.App: real scan worker, real settings and store files in a temp dir):
what the window sees is remembered for the reminders, and the language switch takes effect at once
and is kept for the next start."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from certhelper.core.reminders.store import load_store
from certhelper.core.settings import load_settings
from certhelper.gui import translation
from tests.helpers import MAIN_TOKEN, Store

HOLDERS = ["Anne KERHERVÉ", "Gaël TANGUY", "Hélène LE GOFF", "Loïc MORVAN"]


@pytest.fixture
def app(qtbot, main_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """The app on the SoftHSM2 main token, in English, with its own settings and data dirs."""
    from certhelper.gui.app import App

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("SOFTHSM2_CONF", str(main_store.conf))  # the worker process inherits it
    controller = App(argparse.Namespace(module=[main_store.module], lang=None, tray=False))
    assert controller.lang == "en"  # LANG=C.UTF-8 in the tests
    controller.start()
    try:
        qtbot.waitUntil(lambda: bool(controller.window.token_cards), timeout=20000)
        yield controller
    finally:
        controller.stop()
        if controller.window is not None:
            controller.window.close()
            controller.window.deleteLater()
        translation.install("en")


def test_the_certificates_the_window_shows_are_remembered(app) -> None:
    shown = sorted(c.holder_label.text() for t in app.window.token_cards for c in t.certificate_cards)
    assert shown == HOLDERS
    remembered = load_store()  # the user's data dir: what `certhelper remind` and the tray read
    assert sorted(c.holder for c in remembered.certificates) == HOLDERS
    assert {c.token_label for c in remembered.certificates} == {MAIN_TOKEN["label"]}


def test_switching_language_changes_the_texts_and_is_saved(app, qtbot) -> None:
    english = app.window
    assert english.windowTitle() == "certhelper — my certificate token"
    assert english.form.findChild(QPushButton, "rescanButton").text() == "&Read again"

    english.language_combo.setCurrentIndex(0)  # Français
    qtbot.waitUntil(lambda: app.window is not english and app.window.isVisible(), timeout=5000)
    french = app.window
    assert french.windowTitle() == "certhelper — ma clé de certificat"
    assert french.form.findChild(QPushButton, "rescanButton").text() == "&Relire la clé"
    assert french.language_combo.currentIndex() == 0
    assert french.token_cards  # the tokens stay on screen, now in French
    renew = french.token_cards[0].certificate_cards[0].findChild(QPushButton, "renewButton")
    assert renew.text() == "Renouveler…"
    assert load_settings().language == "fr"

    french.language_combo.setCurrentIndex(1)  # English
    qtbot.waitUntil(lambda: app.window is not french and app.window.isVisible(), timeout=5000)
    assert app.window.windowTitle() == "certhelper — my certificate token"
    assert load_settings().language == "en"


def test_the_tray_follows_a_language_switch_made_in_the_window(app, qtbot, tmp_path: Path) -> None:
    """One Assessment for both: the tray built as `certhelper --tray` builds it, listening to the App."""
    from certhelper.gui.tray import TrayController

    qtbot.waitUntil(lambda: app.source.assessment is not None, timeout=10000)
    tray = TrayController(
        lang=app.lang, settings=app.settings, now=app.now, source=app.source, store_path=tmp_path / "r.json"
    )
    app.language_listeners.append(tray.set_language)
    assert tray.open_action.text() == "Open certhelper"
    assert tray.icon.toolTip().splitlines()[0] == "certhelper — " + app.window.summary.text()
    english = app.window
    english.language_combo.setCurrentIndex(0)  # Français, in the window
    qtbot.waitUntil(lambda: app.window is not english and app.window.isVisible(), timeout=5000)
    qtbot.waitUntil(lambda: tray.open_action.text() == "Ouvrir certhelper", timeout=5000)
    assert tray.lang == "fr"
    assert tray.icon.toolTip().splitlines()[0] == "certhelper — " + app.window.summary.text()
    assert "attention" in app.window.summary.text() and "(s)" not in tray.icon.toolTip()
    assert app.source.detections == 1  # rebuilding the window in French detected nothing again
