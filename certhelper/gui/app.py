"""The running desktop app: the QApplication, the scan worker and the main window.

Builds the QApplication, picks the language (--lang, then the settings, then the locale) and the
modules (--module, CERTHELPER_PKCS11_MODULE, else the drivers found), starts the scan worker and
shows the main window. One AssessmentSource turns the worker's snapshots into the Assessment both the
window and the tray render (drivers detected once per change, revocation checked, off the GUI thread).
Switching language rebuilds the window on the same worker and source, and tells the tray.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import sys
from collections.abc import Callable

from certhelper.language import user_language

logger = logging.getLogger(__name__)


def display_problem() -> str | None:
    """Why no window can be shown here (no X11/Wayland display on Linux), or None."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return "no-display"


def no_display_message(lang: str) -> str:
    if lang == "fr":
        return (
            "certhelper : aucun écran disponible (ni DISPLAY ni WAYLAND_DISPLAY) : la fenêtre ne peut pas "
            "s'ouvrir. Lancez-le depuis une session graphique, ou sous Xvfb : xvfb-run -a make demo"
        )
    return (
        "certhelper: no display available (neither DISPLAY nor WAYLAND_DISPLAY): the window cannot open. "
        "Run it from a desktop session, or under Xvfb: xvfb-run -a make demo"
    )


class App:
    """The running app: one scan worker, one main window (rebuilt when the language changes)."""

    def __init__(self, args: argparse.Namespace) -> None:
        from certhelper.core.clock import now_utc
        from certhelper.core.guidance import catalogue as catalogue_mod
        from certhelper.core.settings import load_settings, offline_wanted
        from certhelper.core.tokens.discovery import discover, explicit_modules, sysroot
        from certhelper.gui.assessment_source import AssessmentSource
        from certhelper.gui.scan_client import ScanClient

        self.settings = load_settings()
        self.lang = user_language(getattr(args, "lang", None) or self.settings.language)
        self.catalogue = catalogue_mod.load()
        self.candidates = explicit_modules(getattr(args, "module", None)) or discover(self.catalogue, sysroot=sysroot())
        self.now = now_utc
        self.source = AssessmentSource(
            catalogue=self.catalogue,
            settings=self.settings,
            now=now_utc,
            offline=offline_wanted(self.settings, bool(getattr(args, "offline", False))),
        )
        self.client = (
            ScanClient(
                self.candidates,
                interval=self.settings.scan_interval_seconds,
                hang_seconds=getattr(args, "timeout", None),
            )
            if self.candidates
            else None
        )
        if self.client is not None:
            self.client.snapshotReady.connect(self.source.set_snapshot)
        self.window: object | None = None
        self.window_remembers = True  # False when the tray icon remembers each snapshot itself
        self.language_listeners: list[Callable[[str], None]] = []  # the tray's set_language

    def show(self) -> None:
        from certhelper.gui import translation
        from certhelper.gui.main_window import MainWindow

        translation.install(self.lang)
        old = self.window
        window = MainWindow(
            catalogue=self.catalogue,
            settings=self.settings,
            lang=self.lang,
            candidates=self.candidates,
            now=self.now,
            client=self.client,
            source=self.source,
            remember=self.window_remembers,
        )
        window.languageChanged.connect(self.switch_language)
        self.window = window
        window.show()
        if old is not None:
            old.close()  # type: ignore[attr-defined]
            old.deleteLater()  # type: ignore[attr-defined]

    def switch_language(self, lang: str) -> None:
        from certhelper.core.settings import save_settings

        if lang == self.lang:
            return
        self.lang = lang
        self.settings = dataclasses.replace(self.settings, language=lang)
        try:
            save_settings(self.settings)
        except OSError as exc:
            logger.warning("cannot save the language choice: %s", exc)
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, self._relanguage)  # not from inside the combo box's own signal

    def _relanguage(self) -> None:
        self.show()  # installs the new translators, then rebuilds the window
        for listener in self.language_listeners:
            listener(self.lang)

    def start(self) -> None:
        if self.client is not None:
            self.client.start()
        self.show()

    def stop(self) -> None:
        if self.client is not None:
            self.client.stop()


def application(argv: list[str] | None = None) -> object:
    """The QApplication, created once, with the app's name, icon and style sheet."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from certhelper.gui.background import GuiThreadGarbageCollector
    from certhelper.paths import resources_dir

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("certhelper")
    app.setOrganizationName("certhelper")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "certhelper.svg")))
    style = resources_dir() / "style.qss"
    if style.is_file():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    if app.findChild(GuiThreadGarbageCollector) is None:
        GuiThreadGarbageCollector(app)  # background work runs in threads: collect Qt garbage here only
    return app
