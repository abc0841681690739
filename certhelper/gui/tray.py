"""`certhelper --tray`: only an icon in the notification area, a menu, and desktop notifications.

It renders the same Assessment as the window (gui.assessment_source, shared in one app): the icon's
colour is the workstation's severity (green: nothing to do, orange: a warning, red: act now), the
tooltip is the window's one-sentence verdict and the certificate to renew first. With the token
unplugged, the remembered certificates (core.reminders.store and .schedule) still colour the icon
and give the renewal line; the notifications come from that reminder schedule.

Side effect, on purpose: the tray remembers every snapshot's certificates (core.reminders.store),
window open or not, so that the reminders work once the token is unplugged.
Its texts are Qt-translated (resources/i18n/certhelper_fr.ts) and follow a language switch made in
the window. Where the desktop has no notification area, it says so and opens the window instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

from certhelper.core.assessment.model import Assessment, Severity
from certhelper.core.assessment.remember import remember_snapshot
from certhelper.core.model import Snapshot
from certhelper.core.reminders import schedule as reminders_mod
from certhelper.core.reminders import store as store_mod
from certhelper.core.renewal import Renewal
from certhelper.core.settings import Settings
from certhelper.gui.dates import day_text
from certhelper.gui.translation import fmt
from certhelper.gui.verdict import ATTENTION, Verdict

logger = logging.getLogger(__name__)

COLOURS = {Severity.OK: "#2e7d32", Severity.INFO: "#2e7d32", Severity.WARNING: "#ef6c00", Severity.CRITICAL: "#c62828"}
REMINDER_CHECK_MS = 3600 * 1000  # reminders move by days: once an hour is plenty (and costs no CPU)
# The reminder schedule's urgency of a remembered certificate, as a severity (core.reminders decides it).
URGENCY_SEVERITY = {"ok": Severity.OK, "renew-soon": Severity.WARNING, "act-now": Severity.CRITICAL}
ORDER = (Severity.OK, Severity.INFO, Severity.WARNING, Severity.CRITICAL)  # least severe first


def state_icon(severity: str) -> QIcon:
    """A plain disc in the severity's colour (drawn, so it needs no icon theme)."""
    pixmap = QPixmap(64, 64)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#ffffff"))
    painter.setBrush(QColor(COLOURS[Severity(severity)]))
    painter.drawEllipse(4, 4, 56, 56)
    painter.end()
    return QIcon(pixmap)


class TrayController(QObject):
    """The icon, its menu and the notifications. `open_window()` returns the main window (or None)."""

    stateChanged = Signal(str)  # the icon's severity

    def __init__(
        self,
        *,
        lang: str,
        settings: Settings,
        now: Callable[[], dt.datetime],
        source: QObject | None = None,  # an AssessmentSource (shared with the window)
        client: QObject | None = None,  # the ScanClient: its snapshots are remembered, and judged by `source`
        open_window: Callable[[], object] | None = None,
        store_path: Path | None = None,
        notifications: QObject | None = None,  # a DesktopNotifications: reminders go there when a service runs
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.lang = lang
        self.settings, self.now = settings, now
        self.source, self.client, self.open_window, self.store_path = source, client, open_window, store_path
        self.state = str(Severity.OK)
        self.assessment: Assessment | None = None
        self.sent: list[tuple[str, str]] = []  # notifications sent (title, text), newest last
        self._notified: set[tuple[str, str]] = set()  # (certificate, step) already notified this session
        self._plugged: set[str] | None = None  # distinct tokens of the last assessment (None before the first)
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self._build_menu()
        self.icon.setContextMenu(self.menu)
        self.icon.messageClicked.connect(self._on_message_clicked)
        self.last_notice_is_reminder = False
        self.icon.activated.connect(self._on_activated)
        self.notifications = notifications
        self.desktop_sent: dict[int, tuple[str, str]] = {}  # desktop notification id -> (title, text)
        if notifications is not None:
            notifications.actionInvoked.connect(self._on_action)  # type: ignore[attr-defined]
        self.timer = QTimer(self)
        self.timer.setInterval(REMINDER_CHECK_MS)
        self.timer.timeout.connect(self.check_reminders)
        if client is not None:
            client.snapshotReady.connect(self.on_snapshot)  # type: ignore[attr-defined]
            if source is not None:
                client.snapshotReady.connect(source.set_snapshot)  # type: ignore[attr-defined]
        if source is not None:
            source.assessmentReady.connect(self.on_assessment)  # type: ignore[attr-defined]
            self.assessment = source.assessment  # type: ignore[attr-defined]
        self.refresh()

    # -- menu ----------------------------------------------------------------------------------
    def _build_menu(self) -> None:
        self.menu.clear()
        self.open_action = self.menu.addAction(self.tr("Open certhelper"), self.show_window)
        self.check_action = self.menu.addAction(self.tr("Check now"), self.check_now)
        self.guide_action = self.menu.addAction(self.tr("Renewal guide"), self.open_renewal_guide)
        self.snooze_menu = self.menu.addMenu(self.tr("Remind me later"))
        self.snooze_day = self.snooze_menu.addAction(self.tr("In one day"), lambda: self.snooze(1))
        self.snooze_week = self.snooze_menu.addAction(self.tr("In one week"), lambda: self.snooze(7))
        self.menu.addSeparator()
        self.autostart_action = QAction(self.tr("Start with my session"), self.menu)
        self.autostart_action.setCheckable(True)
        self.autostart_action.setChecked(self._autostart_enabled())
        self.autostart_action.toggled.connect(self.set_autostart)
        self.menu.addAction(self.autostart_action)
        self.menu.addSeparator()
        self.quit_action = self.menu.addAction(self.tr("Quit"), self.quit)

    def set_language(self, lang: str) -> None:
        """The window switched language (the translators are already swapped): say everything again in it."""
        self.lang = lang
        self._build_menu()
        self.refresh()

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
            self.notify(self.tr("Start with my session"), self.tr("This could not be changed."))

    # -- state ---------------------------------------------------------------------------------
    def _store(self) -> store_mod.Store:
        return store_mod.load_store(self.store_path)

    def schedule(self) -> list[reminders_mod.Reminder]:
        return reminders_mod.schedule(self._store(), self.now(), self.settings)

    def refresh(self) -> None:
        items = self.schedule()
        live = self.assessment.severity if self.assessment is not None else Severity.OK
        # a certificate on a plugged token is judged by the Assessment; the others by the reminder schedule
        remembered = URGENCY_SEVERITY[reminders_mod.worst_urgency(self._unplugged(items))]
        state = str(max(live, remembered, key=ORDER.index))
        self.icon.setIcon(state_icon(state))
        self.icon.setToolTip(self.tooltip(items))
        self.snooze_menu.setEnabled(any(r.due for r in items))
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    def tooltip(self, items: list[reminders_mod.Reminder] | None = None) -> str:
        """The window's verdict sentence, then the certificate to renew first (live, else remembered)."""
        words = Verdict(self)
        if self.assessment is None and not items:
            first = self.tr("No token read yet.")
        else:
            first = words.sentence(self.assessment)[0] if self.assessment is not None else ""
        renewal = words.soonest(self.assessment, self.lang)
        if not renewal and items:
            renewal = self._remembered_line(self._unplugged(items))
        lines = ["certhelper — " + first if first else "certhelper", renewal]
        return "\n".join(line for line in lines if line)

    def _unplugged(self, items: list[reminders_mod.Reminder]) -> list[reminders_mod.Reminder]:
        if self.assessment is None:
            return items
        return [r for r in items if self.assessment.certificate(r.certificate.sha256) is None]

    def _remembered_line(self, items: list[reminders_mod.Reminder]) -> str:
        """A remembered certificate (token unplugged) that needs renewing, soonest first."""
        urgent = next((r for r in items if r.urgency != "ok"), None)
        if urgent is None:
            return ""
        cert = urgent.certificate
        today = urgent.urgency == "act-now"  # the schedule's word for "the last safe order date is reached"
        return Verdict(self).line(
            cert.holder, urgent.renewal.state is Renewal.EXPIRED, today, cert.not_after, urgent.order_by, self.lang
        )

    # -- events --------------------------------------------------------------------------------
    def on_snapshot(self, snapshot: Snapshot) -> None:
        """The tray's side effect: every snapshot's certificates are remembered, for the reminders."""
        remember_snapshot(snapshot, self.now(), self.store_path)  # logs, never raises, on a read-only home

    def on_assessment(self, assessment: Assessment) -> None:
        self.assessment = assessment
        plugged = {t.key for t in assessment.tokens}
        before = self._plugged if self._plugged is not None else set()
        for token in assessment.tokens:
            if token.key in before:
                continue
            problems = [f for f in assessment.findings if f.token == token.token.serial and f.severity in ATTENTION]
            if problems:
                name = token.token.label or token.token.serial
                self.notify(
                    self.tr("Token plugged: something needs your attention"),
                    fmt(
                        self.tr(
                            "Token “%1”: %n point(s) need your attention. Open certhelper to see what to do.",
                            "",
                            len(problems),
                        ),
                        name,
                    ),
                )
        self._plugged = plugged
        self.refresh()
        self.check_reminders()

    def check_reminders(self) -> None:
        for item in reminders_mod.due(self._store(), self.now(), self.settings):
            key = (item.certificate.sha256, item.step or "")
            if key in self._notified:
                continue
            self._notified.add(key)
            self.notify(self.tr("Time to renew your certificate"), self.notice_text(item), reminder=True)
        self.refresh()

    def notice_text(self, item: reminders_mod.Reminder) -> str:
        """A reminder in words; a past order date is never written (the schedule says act-now: today)."""
        cert = item.certificate
        if item.renewal.state is Renewal.EXPIRED:
            return fmt(self.tr("%1: the certificate has expired. Order a new one today."), cert.holder)
        delivery = Verdict(self).delivery(self.settings.lead_time_days)
        ends = fmt(
            self.tr("%1: the certificate ends on %2 (%n day(s) left).", "", item.days_left),
            cert.holder,
            day_text(cert.not_after, self.lang),
        )
        if item.urgency == "act-now":
            return ends + " " + fmt(self.tr("Order the new one today: %1."), delivery)
        return ends + " " + fmt(self.tr("Order the new one by %1: %2."), day_text(item.order_by, self.lang), delivery)

    def notify(self, title: str, text: str, *, reminder: bool = False) -> None:
        self.sent.append((title, text))
        self.last_notice_is_reminder = reminder
        logger.info("notification: %s", title)
        if reminder and self._notify_desktop(title, text):
            return
        if self.icon.isVisible():
            self.icon.showMessage(title, text, QSystemTrayIcon.MessageIcon.Warning, 20000)

    def reminder_actions(self) -> tuple[tuple[str, str], ...]:
        """A reminder's buttons on the desktop's notification: order now (the renewal guide), or a day later."""
        return (("order", self.tr("Order")), ("later", self.tr("Later")))

    def _notify_desktop(self, title: str, text: str) -> bool:
        """The desktop's notification service, with actions, when one runs; False: use showMessage."""
        service = self.notifications
        if service is None or not service.available():  # type: ignore[attr-defined]
            return False
        sent = service.notify(title, text, self.reminder_actions())  # type: ignore[attr-defined]
        if sent is None:
            return False
        self.desktop_sent[int(sent)] = (title, text)
        return True

    def _on_action(self, notification_id: int, key: str) -> None:
        if notification_id not in self.desktop_sent:
            return
        if key == "order":
            self.open_renewal_guide()
        elif key == "later":
            self.snooze(1)

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.show_window()

    # -- actions -------------------------------------------------------------------------------
    def show_window(self) -> object:
        return self.open_window() if self.open_window else None

    def check_now(self) -> None:
        if self.source is not None:
            self.source.rescan()  # type: ignore[attr-defined]
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
        for item in reminders_mod.due(store, self.now(), self.settings):
            store = reminders_mod.acknowledge(store, item.certificate.sha256, item.step or "")
        self._save(store)
        window = self.show_window()
        opened = getattr(window, "open_guide", None)
        return opened("renewal") if opened else None

    def snooze(self, days: int) -> None:
        store = self._store()
        for item in reminders_mod.due(store, self.now(), self.settings):
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
        if self.notifications is not None:
            self.notifications.stop()  # type: ignore[attr-defined]
        self.icon.hide()
        QApplication.quit()


class _Words(QObject):
    """The tray's words outside the controller (a QObject for tr()'s context)."""

    def no_tray(self) -> str:
        return self.tr("certhelper: this desktop has no notification area: the window opens instead")


def start_tray(args: argparse.Namespace) -> object:
    """Everything `run_tray` does before the event loop: the TrayController, or the App (window) fallback."""
    from certhelper.gui import translation
    from certhelper.gui.app import App, application

    application()
    QApplication.setQuitOnLastWindowClosed(False)
    app = App(args)
    translation.install(app.lang)
    if not QSystemTrayIcon.isSystemTrayAvailable():
        print(_Words().no_tray(), file=sys.stderr)
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
    from certhelper.gui.notifications import DesktopNotifications

    tray = TrayController(
        notifications=DesktopNotifications(),
        lang=app.lang,
        settings=app.settings,
        now=app.now,
        source=app.source,
        client=app.client,
        open_window=open_window,
    )
    app.language_listeners.append(tray.set_language)  # the tray follows a switch made in the window
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
