"""`certhelper desktop install [--autostart]` / `certhelper desktop uninstall`: the app in the desktop's
menu (Linux): the .desktop entry, the AppStream metainfo and the icons, in the user's data folder;
`--autostart` also starts the tray with the session. Uninstall removes all of it.
"""

from __future__ import annotations

import argparse
import sys

from certhelper.cli.commands import common
from certhelper.cli.options import EXIT_ERROR, EXIT_OK
from certhelper.core.workstation import desktop_entry
from certhelper.core.workstation.desktop_entry import DesktopCode


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("desktop", help="add certhelper to the desktop's menu, or remove it (Linux)")
    parser.add_argument(
        "action", choices=("install", "uninstall"), help="install: the menu entry and icons; uninstall: remove them"
    )
    parser.add_argument(
        "--autostart", action="store_true", help="also start the tray (reminders) when the session opens"
    )
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        default=argparse.SUPPRESS,
        help="language of the messages (default: from the locale)",
    )


def run(args: argparse.Namespace) -> int:
    t = common.text(args)
    if args.action == "install":
        outcome = desktop_entry.install(with_autostart=args.autostart)
    else:
        outcome = desktop_entry.uninstall()
    if outcome.code is DesktopCode.UNSUPPORTED_OS:
        message = t("on Windows and macOS the installer of the bundle adds certhelper to the menu")
        print(f"certhelper: {message}", file=sys.stderr)
        return EXIT_ERROR
    if outcome.code is DesktopCode.WRITE_FAILED:
        print(f"certhelper: {t('the desktop files could not be written or removed')}", file=sys.stderr)
        if getattr(args, "verbose", False):
            print(f"certhelper: {outcome.detail}", file=sys.stderr)
        return EXIT_ERROR
    if outcome.code is DesktopCode.INSTALLED:
        print(t("certhelper is in the desktop's menu ({count} files written).", count=len(outcome.paths)))
        if outcome.autostart:
            print(t("The reminders will start with your session: {path}", path=str(outcome.autostart)))
    else:
        print(t("certhelper is no longer in the desktop's menu ({count} files removed).", count=len(outcome.paths)))
        if outcome.autostart:
            print(t("The reminders no longer start with your session."))
    return EXIT_OK
