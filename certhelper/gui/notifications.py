"""Desktop notifications through the freedesktop notification service (org.freedesktop.Notifications).

QSystemTrayIcon.showMessage draws Qt's own balloon next to an XEmbed icon: no buttons, and nothing
the desktop's notification centre keeps. Where a notification service runs on the session D-Bus
(GNOME, KDE, Xfce, MATE, dunst...), a reminder goes there instead, with its actions
("Commander" / "Plus tard"); the tray falls back to showMessage elsewhere (Windows, macOS, bare X).

D-Bus is spoken with jeepney (pure Python, already keyring's Secret Service transport): PySide6's
QtDBus cannot build the uint32 the Notify call needs. Action clicks arrive on a listener thread and
are re-emitted as a Qt signal (queued to the GUI thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from contextlib import suppress

from PySide6.QtCore import QObject, Signal

logger = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
REMINDER_ACTIONS = (("order", "Commander"), ("later", "Plus tard"))  # (key, label); labels translated by the caller
URGENCY_NORMAL, URGENCY_CRITICAL = 1, 2


class DesktopNotifications(QObject):
    """Send notifications with actions; `actionInvoked(id, key)` when the user clicks one of ours."""

    actionInvoked = Signal(int, str)

    def __init__(self, app_name: str = "certhelper", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app_name = app_name
        self.sent: list[int] = []  # ids the service gave our notifications
        self._connection: object | None = None
        self._listener: threading.Thread | None = None
        self._listen_connection: object | None = None

    # -- connection ------------------------------------------------------------------------------
    def _connect(self) -> object | None:
        if self._connection is None:
            try:
                from jeepney.io.blocking import open_dbus_connection

                self._connection = open_dbus_connection(bus="SESSION")
            except (OSError, KeyError, ValueError, ImportError) as exc:  # no session bus, or no jeepney
                logger.info("no session D-Bus for notifications: %s", exc)
                return None
        return self._connection

    def available(self) -> bool:
        """Whether a notification service answers on the session bus right now."""
        from jeepney import DBusErrorResponse
        from jeepney.bus_messages import message_bus

        connection = self._connect()
        if connection is None:
            return False
        try:
            reply = connection.send_and_get_reply(message_bus.NameHasOwner(SERVICE), timeout=2)  # type: ignore[attr-defined]
        except (OSError, TimeoutError, DBusErrorResponse) as exc:
            logger.info("cannot ask the session bus for %s: %s", SERVICE, exc)
            return False
        return bool(reply.body[0])

    # -- sending ---------------------------------------------------------------------------------
    def notify(
        self,
        title: str,
        text: str,
        actions: Sequence[tuple[str, str]] = (),
        *,
        urgency: int = URGENCY_NORMAL,
        timeout_ms: int = -1,
    ) -> int | None:
        """Send one notification; its id, or None when no service took it (the caller falls back)."""
        from jeepney import DBusAddress, DBusErrorResponse, new_method_call

        connection = self._connect()
        if connection is None:
            return None
        flat = [part for key, label in actions for part in (key, label)]
        hints = {"urgency": ("y", urgency), "desktop-entry": ("s", "certhelper")}
        message = new_method_call(
            DBusAddress(PATH, bus_name=SERVICE, interface=SERVICE),
            "Notify",
            "susssasa{sv}i",
            (self.app_name, 0, "dialog-warning", title, text, flat, hints, timeout_ms),
        )
        if actions:
            self._listen()
        try:
            reply = connection.send_and_get_reply(message, timeout=5)  # type: ignore[attr-defined]
        except (OSError, TimeoutError, DBusErrorResponse) as exc:
            logger.info("the notification service refused the notification: %s", exc)
            return None
        notification_id = int(reply.body[0])
        self.sent.append(notification_id)
        return notification_id

    # -- actions ---------------------------------------------------------------------------------
    def _listen(self) -> None:
        """Start (once) the thread that hears ActionInvoked for our notifications."""
        if self._listener is not None:
            return
        from jeepney import MatchRule
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        try:
            connection = open_dbus_connection(bus="SESSION")
            rule = MatchRule(type="signal", interface=SERVICE, member="ActionInvoked", path=PATH)
            connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=2)
        except (OSError, TimeoutError) as exc:
            logger.info("cannot listen for notification actions: %s", exc)
            return
        self._listen_connection = connection

        def run() -> None:
            with connection.filter(rule) as queue:
                while True:
                    try:
                        signal = connection.recv_until_filtered(queue)
                    except (OSError, ValueError):  # closed by stop()
                        return
                    notification_id, key = int(signal.body[0]), str(signal.body[1])
                    if notification_id in self.sent:
                        self.actionInvoked.emit(notification_id, key)

        self._listener = threading.Thread(target=run, name="notification-actions", daemon=True)
        self._listener.start()

    def stop(self) -> None:
        for connection in (self._listen_connection, self._connection):
            if connection is not None:
                with suppress(OSError):
                    connection.close()  # type: ignore[attr-defined]
        self._connection = self._listen_connection = None
        self._listener = None
