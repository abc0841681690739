"""Run by tests/desktop in its own process, on the real X display and session bus the fixture started.

Shows the real TrayController with a remembered certificate that has a reminder due, waits until the
icon is embedded, lets the tray send its reminder, and sends it to the notification service with its
actions (certhelper.gui.notifications) unless the tray already does so itself. Prints one JSON line.
Usage: python -m tests.desktop.tray_probe STORE_PATH LANG
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QSystemTrayIcon

from certhelper.core.reminders.store import Remembered, Store, save_store
from certhelper.core.settings import Settings
from certhelper.gui import translation
from certhelper.gui.notifications import REMINDER_ACTIONS, DesktopNotifications
from certhelper.gui.tray import TrayController

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
WINDOW_TITLE = "certhelper-tray-probe"


def main() -> int:
    store_path, lang = Path(sys.argv[1]), sys.argv[2]
    not_after = NOW + dt.timedelta(days=20, hours=2)
    holder = Remembered(
        "b" * 64, "Yannick LE BIHAN", "Commune de Plérin", "CN=CA3", not_after, "RGS**", "7", "Clé", NOW, NOW
    )
    save_store(Store((holder,)), store_path)

    app = QApplication([WINDOW_TITLE])
    app.setApplicationName(WINDOW_TITLE)
    translation.install(lang)
    result: dict[str, object] = {
        "platform": app.platformName(),
        "tray_available": QSystemTrayIcon.isSystemTrayAvailable(),
    }
    tray = TrayController(lang=lang, settings=Settings(), now=lambda: NOW, store_path=store_path)
    notifier = DesktopNotifications()
    result["service"] = notifier.available()
    clicked: list[str] = []
    notifier.actionInvoked.connect(lambda _id, key: clicked.append(key))
    tray.start()

    def report() -> None:
        result["visible"] = tray.icon.isVisible()
        geometry = tray.icon.geometry()
        result["geometry"] = [geometry.x(), geometry.y(), geometry.width(), geometry.height()]
        result["sent"] = tray.sent
        labels = {"fr": ("Commander", "Plus tard"), "en": ("Order", "Later")}[lang]
        actions = [(key, label) for (key, _), label in zip(REMINDER_ACTIONS, labels, strict=True)]
        ids = [notifier.notify(title, text, actions) for title, text in tray.sent]
        result["notification_ids"] = ids
        print(json.dumps(result, ensure_ascii=False), flush=True)
        QTimer.singleShot(1500, finish)

    def finish() -> None:
        result["clicked"] = clicked
        print(json.dumps({"clicked": clicked}), flush=True)
        notifier.stop()
        app.quit()

    QTimer.singleShot(1500, report)  # time for trayer to embed the icon
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
