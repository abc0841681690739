"""`certhelper --tray`: only an icon in the notification area, whose colour says the worst state
(green: all good, orange: renew soon, red: act now), a menu, and desktop notifications when a
renewal reminder is due or a token is plugged with a problem.

The state comes from the remembered certificates (core.reminders.store and .schedule: works with the token
unplugged) and from the live snapshot's findings (core.diagnosis). Every scan is remembered.
Where the desktop has no notification area, it says so and opens the window instead.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from certhelper.cli.text import Text
from certhelper.core.assessment.findings import Finding
from certhelper.core.model import Snapshot
from certhelper.core.reminders import schedule as reminders_mod
from certhelper.core.reminders import store as store_mod

logger = logging.getLogger(__name__)

COLOURS = {"ok": "#2e7d32", "renew-soon": "#ef6c00", "act-now": "#c62828"}
REMINDER_CHECK_MS = 3600 * 1000  # reminders move by days: once an hour is plenty (and costs no CPU)
ACT_NOW_CODES = ("cert-renew-now", "cert-expired")


def state_icon(state: str) -> QIcon:
    """A plain disc in the state's colour (drawn, so it needs no icon theme)."""
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#ffffff"))
    painter.setBrush(QColor(COLOURS[state]))
    painter.drawEllipse(4, 4, 56, 56)
    painter.end()
    return QIcon(pixmap)


def findings_state(findings: list[Finding]) -> str:
    """Live findings as a tray state: expiry or critical problems are act-now, other warnings renew-soon."""
    if any(f.code in ACT_NOW_CODES or f.severity == "critical" for f in findings):
        return "act-now"
    if any(f.severity == "warning" for f in findings):
        return "renew-soon"
    return "ok"


class TrayController(QObject):
    """The icon, its menu and the notifications. `open_window()` returns the main window (or None)."""

    stateChanged = Signal(str)

    def __init__(
        self,
        *,
        lang: str,
        settings: object,
        now: Callable[[], object],
        diagnose: Callable[[Snapshot], list[Finding]] | None = None,
        client: QObject | None = None,
        open_window: Callable[[], object] | None = None,
        store_path: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.t = Text(lang)
        self.settings, self.now, self.diagnose = settings, now, diagnose
        self.client, self.open_window, self.store_path = client, open_window, store_path
        self.state = "ok"
        self.live_findings: list[Finding] = []
        self.sent: list[tuple[str, str]] = []  # notifications sent (title, text), newest last
        self._notified: set[tuple[str, str]] = set()  # (certificate, step) already notified this session
        self._plugged: set[str] = set()  # token serials seen in the last snapshot
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self._build_menu()
        self.icon.setContextMenu(self.menu)
        self.icon.messageClicked.connect(self._on_message_clicked)
        self.last_notice_is_reminder = False
        self.icon.activated.connect(self._on_activated)
        self.timer = QTimer(self)
        self.timer.setInterval(REMINDER_CHECK_MS)
        self.timer.timeout.connect(self.check_reminders)
        if client is not None:
            client.snapshotReady.connect(self.on_snapshot)  # type: ignore[attr-defined]
        self.refresh()

    # -- menu ----------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        t = self.t
        self.open_action = self.menu.addAction(t("Open certhelper"), self.show_window)
        self.check_action = self.menu.addAction(t("Check now"), self.check_now)
        self.guide_action = self.menu.addAction(t("Renewal guide"), self.open_renewal_guide)
        self.snooze_menu = self.menu.addMenu(t("Remind me later"))
        self.snooze_day = self.snooze_menu.addAction(t("In one day"), lambda: self.snooze(1))
        self.snooze_week = self.snooze_menu.addAction(t("In one week"), lambda: self.snooze(7))
        self.menu.addSeparator()
        self.autostart_action = QAction(t("Start with my session"), self.menu)
        self.autostart_action.setCheckable(True)
        self.autostart_action.setChecked(self._autostart_enabled())
        self.autostart_action.toggled.connect(self.set_autostart)
        self.menu.addAction(self.autostart_action)
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction(t("Quit"), self.quit)

    def _autostart_enabled(self) -> bool:
        from certhelper.core.workstation.autostart import autostart_enabled

        try:
            return autostart_enabled()
        except OSError:
            return False

    def set_autostart(self, enabled: bool) -> None:
        from certhelper.core.workstation.autostart import set_autostart

        try:
            set_autostart(enabled)
        except OSError as exc:
            logger.warning("cannot change the session start-up: %s", exc)
            self.notify(self.t("Start with my session"), self.t("This could not be changed: {reason}", reason=exc))

    # -- state ---------------------------------------------------------------------------------
    def _store(self) -> store_mod.Store:
        return store_mod.load_store(self.store_path)

    def schedule(self) -> list[reminders_mod.Reminder]:
        return reminders_mod.schedule(self._store(), self.now(), self.settings)  # type: ignore[arg-type]

    def refresh(self) -> None:
        items = self.schedule()
        states = (reminders_mod.worst_urgency(items), findings_state(self.live_findings))
        state = max(states, key=reminders_mod.URGENCIES.index)
        self.icon.setIcon(state_icon(state))
        self.icon.setToolTip(self.tooltip(state, items))
        self.snooze_menu.setEnabled(any(r.due for r in items))
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    def tooltip(self, state: str, items: list[reminders_mod.Reminder]) -> str:
        t = self.t
        lines = ["certhelper — " + {"ok": t("all good"), "renew-soon": t("renew soon"), "act-now": t("act now")}[state]]
        urgent = next((r for r in items if r.urgency != "ok"), None)
        if urgent is not None:
            lines.append(
                t(
                    "{holder}: ends on {date}, order by {order_by}",
                    holder=urgent.certificate.holder,
                    date=t.date(urgent.certificate.not_after),
                    order_by=t.date(urgent.order_by),
                )
            )
        return "\n".join(lines)

    # -- events --------------------------------------------------------------------------------
    def on_snapshot(self, snapshot: Snapshot) -> None:
        try:
            store_mod.remember(snapshot, self.now(), self.store_path)  # type: ignore[arg-type]
        except OSError as exc:
            logger.warning("cannot remember the certificates: %s", exc)
        self.live_findings = self.diagnose(snapshot) if self.diagnose else []
        plugged = {token.serial for _, token in snapshot.tokens}
        for serial in sorted(plugged - self._plugged):
            problems = [f for f in self.live_findings if f.token == serial and f.severity in ("critical", "warning")]
            if problems:
                self.notify(
                    self.t("Token plugged: something needs your attention"),
                    self.t(
                        "{count} problem(s) found on token {serial}. Open certhelper to see what to do.",
                        count=len(problems),
                        serial=serial,
                    ),
                )
        self._plugged = plugged
        self.refresh()
        self.check_reminders()

    def check_reminders(self) -> None:
        for item in reminders_mod.due(self._store(), self.now(), self.settings):  # type: ignore[arg-type]
            key = (item.certificate.sha256, item.step or "")
            if key in self._notified:
                continue
            self._notified.add(key)
            t = self.t
            if item.days_left < 0:
                text = t(
                    "The certificate of {holder} has expired. Order a new one now.", holder=item.certificate.holder
                )
            else:
                text = t(
                    "The certificate of {holder} ends on {date} ({days} days left). Order the new one by {order_by}: delivery takes about 3 weeks.",
                    holder=item.certificate.holder,
                    date=t.date(item.certificate.not_after),
                    days=item.days_left,
                    order_by=t.date(item.order_by),
                )
            self.notify(t("Time to renew your certificate"), text, reminder=True)
        self.refresh()

    def notify(self, title: str, text: str, *, reminder: bool = False) -> None:
        self.sent.append((title, text))
        self.last_notice_is_reminder = reminder
        logger.info("notification: %s", title)
        if self.icon.isVisible():
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 20000)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.show_window()

    # -- actions -------------------------------------------------------------------------------
    def show_window(self) -> object:
        return self.open_window() if self.open_window else None

    def check_now(self) -> None:
        if self.client is not None:
            self.client.rescan()  # type: ignore[attr-defined]
        self.check_reminders()

    def _on_message_clicked(self) -> None:
        """Only a reminder's notice leads to the renewal guide (and counts as seen); others open the window."""
        if self.last_notice_is_reminder:
            self.open_renewal_guide()
        else:
            self.show_window()

    def open_renewal_guide(self) -> object:
        """The holder is looking at it: the due steps count as seen."""
        store = self._store()
        for item in reminders_mod.due(store, self.now(), self.settings):  # type: ignore[arg-type]
            store = reminders_mod.acknowledge(store, item.certificate.sha256, item.step or "")
        self._save(store)
        window = self.show_window()
        opened = getattr(window, "open_guide", None)
        return opened("renewal") if opened else None

    def snooze(self, days: int) -> None:
        store = self._store()
        for item in reminders_mod.due(store, self.now(), self.settings):  # type: ignore[arg-type]
            store = reminders_mod.snooze(store, item.certificate.sha256, self.now(), days)  # type: ignore[arg-type]
        self._save(store)

    def _save(self, store: store_mod.Store) -> None:
        try:
            store_mod.save_store(store, self.store_path)
        except OSError as exc:
            logger.warning("cannot save the reminders: %s", exc)
        self.refresh()

    def start(self) -> None:
        self.icon.show()
        self.timer.start()
        if self.client is not None:
            self.client.start()  # type: ignore[attr-defined]
        self.check_reminders()

    def quit(self) -> None:
        if self.client is not None:
            self.client.stop()  # type: ignore[attr-defined]
        self.icon.hide()
        QApplication.quit()


def start_tray(args: argparse.Namespace) -> object:
    """Everything `run_tray` does before the event loop: the TrayController, or the App (window) fallback."""
    from certhelper.core.assessment.diagnosis import diagnose
    from certhelper.gui.app import App, application

    application()
    QApplication.setQuitOnLastWindowClosed(False)
    app = App(args)
    if not QSystemTrayIcon.isSystemTrayAvailable():
        print(
            f"certhelper: {Text(app.lang)('this desktop has no notification area: the window opens instead')}",
            file=sys.stderr,
        )
        QApplication.setQuitOnLastWindowClosed(True)
        app.start()  # the window remembers each snapshot, for the reminders
        return app

    def open_window() -> object:
        if app.window is None or not app.window.isVisible():  # type: ignore[attr-defined]
            app.show()
        app.window.raise_()  # type: ignore[attr-defined]
        app.window.activateWindow()  # type: ignore[attr-defined]
        return app.window

    app.window_remembers = False  # the tray remembers every snapshot, window open or not
    tray = TrayController(
        lang=app.lang,
        settings=app.settings,
        now=app.now,
        diagnose=lambda snap: diagnose(snap, app.drivers(), app.now(), app.catalogue, app.settings),
        client=app.client,
        open_window=open_window,
    )
    tray.start()
    return tray


def run_tray(args: argparse.Namespace) -> int:
    from certhelper.gui.app import display_problem, no_display_message
    from certhelper.language import user_language

    if display_problem():
        print(no_display_message(user_language(getattr(args, "lang", None))), file=sys.stderr)
        return 2
    keep = start_tray(args)
    code = int(QApplication.exec())
    if hasattr(keep, "stop"):
        keep.stop()
    return code
