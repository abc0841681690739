"""`certhelper` with no command: the desktop app (or, with --tray, the notification-area icon only)."""

from __future__ import annotations

import argparse
import sys

from certhelper.gui.app import App, application, display_problem, no_display_message
from certhelper.language import user_language


def launch(args: argparse.Namespace) -> int:
    if getattr(args, "tray", False):
        from certhelper.gui.tray import run_tray

        return int(run_tray(args))
    lang = user_language(getattr(args, "lang", None))
    if display_problem():
        print(no_display_message(lang), file=sys.stderr)
        return 2
    app = application()
    controller = App(args)
    app.aboutToQuit.connect(controller.stop)  # type: ignore[attr-defined]
    controller.start()
    return int(app.exec())  # type: ignore[attr-defined]
