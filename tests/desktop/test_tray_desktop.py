"""The app's own tray (`certhelper --tray`) on a real XEmbed tray host and a real notification service.

The app runs as a user starts it, in its own process on the fixture's Xvfb display and session bus
(pytest's own Qt runs offscreen), with a remembered certificate whose reminder is due and the clock
pinned (CERTHELPER_NOW). Evidence comes from outside the app only: xwininfo shows the icon's window
inside trayer's panel, dbus-monitor shows the Notify call the daemon received (title, text, both
actions) and its id; a click on an action, sent on the bus as the daemon does, changes the reminders.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from certhelper.core.reminders.store import Remembered, Store, load_store, save_store
from tests.desktop.conftest import Desktop
from tests.helpers import ROOT

pytestmark = pytest.mark.desktop

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
HOLDER = "Yannick LE BIHAN"
SHA = "b" * 64
TEXTS = {
    "fr": ("Il est temps de renouveler votre certificat", ("Commander", "Plus tard")),
    "en": ("Time to renew your certificate", ("Order", "Later")),
}


def _until(what: str, found: Callable[[], object], timeout: float = 40) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = found()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"not seen within {timeout} s: {what}")


def panel_subtree(tree: str) -> str:
    """The lines of xwininfo's tree under trayer's panel window."""
    lines = tree.splitlines()
    start = next(i for i, line in enumerate(lines) if '("panel" "trayer")' in line)
    indent = len(lines[start]) - len(lines[start].lstrip())
    below = []
    for line in lines[start + 1 :]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        below.append(line)
    return "\n".join(below)


def notify_call(monitored: str, since: int) -> tuple[list[str], int] | None:
    """The strings of the app's Notify call for HOLDER seen after offset `since`, and the id it got back."""
    blocks = re.split(r"\n(?=\S)", monitored[since:])  # dbus-monitor: one unindented header per message
    for i, block in enumerate(blocks):
        if "member=Notify" not in block or HOLDER not in block:
            continue
        serial, sender = re.search(r"serial=(\d+)", block), re.search(r"sender=(\S+)", block)
        assert serial and sender, block
        for reply in blocks[i + 1 :]:
            if f"reply_serial={serial.group(1)}" in reply and f"destination={sender.group(1)}" in reply:
                number = re.search(r"uint32 (\d+)", reply)
                if number:
                    return re.findall(r'string "((?:[^"\\]|\\.)*)"', block), int(number.group(1))
    return None


@pytest.fixture
def tray_app(desktop: Desktop, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, int]]:
    """`certhelper --tray --lang LANG` with a due reminder; (its store, the monitor log's offset at start)."""
    lang = request.param
    data = tmp_path / "data"
    store = data / "certhelper" / "certificates.json"
    not_after = NOW + dt.timedelta(days=20, hours=2)
    save_store(
        Store((Remembered(SHA, HOLDER, "Commune de Plérin", "CN=CA3", not_after, "RGS**", "7", "Clé", NOW, NOW),)),
        store,
    )
    since = len(desktop.monitored())
    env = {
        **desktop.env,
        "CERTHELPER_NOW": NOW.isoformat(),
        "XDG_DATA_HOME": str(data),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "certhelper", "--tray", "--lang", lang],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        yield store, since
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the app and its scanning child
        _, err = proc.communicate(timeout=20)
        assert "Traceback" not in err, err


@pytest.mark.parametrize("tray_app", ["fr", "en"], indirect=True)
def test_the_apps_tray_embeds_and_sends_its_reminder_with_actions_to_the_notification_service(
    desktop: Desktop, tray_app: tuple[Path, int], request: pytest.FixtureRequest
) -> None:
    store, since = tray_app
    lang = request.node.callspec.params["tray_app"]
    title, (order, later) = TEXTS[lang]

    # The reminder, as the notification daemon received it over the bus: title, text, both actions.
    strings, notification_id = _until("the tray's Notify call", lambda: notify_call(desktop.monitored(), since))  # type: ignore[misc]
    assert strings[:3] == ["certhelper", "dialog-warning", title], strings
    [text] = [s for s in strings if s.startswith(HOLDER)]
    assert ("20 jours" if lang == "fr" else "20 days") in text, text
    assert strings[strings.index(text) + 1 : strings.index(text) + 5] == ["order", order, "later", later], strings

    # The icon's own window sits inside trayer's panel (XEmbed).
    inside = _until(
        "the icon in trayer's panel",
        lambda: '"certhelper"' in panel_subtree(desktop.windows()) and panel_subtree(desktop.windows()),
    )
    assert '"certhelper"' in str(inside)

    # "Plus tard", clicked on the notification (the daemon's ActionInvoked): snoozed one day.
    def click(key: str, nid: int) -> None:
        subprocess.run(
            ["dbus-send", "--session", "--type=signal", "/org/freedesktop/Notifications",
             "org.freedesktop.Notifications.ActionInvoked", f"uint32:{nid}", f"string:{key}"],
            env=desktop.env, check=True, timeout=10,
        )  # fmt: skip

    click("later", notification_id + 1000)  # not ours: nothing happens
    click("later", notification_id)
    state = _until("the snooze in the store", lambda: load_store(store).state(SHA).snoozed_until)
    assert state == NOW + dt.timedelta(days=1)
    assert load_store(store).state(SHA).acknowledged == ()


def test_notification_action_clicks_come_back_to_the_app(desktop: Desktop, tmp_path: Path) -> None:
    """An ActionInvoked signal on the bus reaches DesktopNotifications.actionInvoked (only for our ids)."""
    script = """
import json, subprocess, sys
from PySide6.QtCore import QCoreApplication, QTimer
from certhelper.gui.notifications import DesktopNotifications
app = QCoreApplication([])
n = DesktopNotifications()
got = []
n.actionInvoked.connect(lambda i, k: (got.append([i, k]), app.quit()))
nid = n.notify("t", "x", [("later", "Plus tard")])
def click():  # what the daemon emits when the user clicks "Plus tard"
    subprocess.run(["dbus-send", "--session", "--type=signal", "/org/freedesktop/Notifications",
                    "org.freedesktop.Notifications.ActionInvoked", f"uint32:{nid}", "string:later"], check=True)
    subprocess.run(["dbus-send", "--session", "--type=signal", "/org/freedesktop/Notifications",
                    "org.freedesktop.Notifications.ActionInvoked", "uint32:987654", "string:order"], check=True)
QTimer.singleShot(300, click)
QTimer.singleShot(5000, app.quit)
app.exec()
print(json.dumps({"id": nid, "got": got}))
n.stop()
"""
    proc = subprocess.run(
        [sys.executable, "-c", script],
        env=desktop.env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["got"] == [[result["id"], "later"]]


def test_without_a_notification_service_notify_says_so(tmp_path: Path) -> None:
    """No session bus at all: None (the tray then uses its balloon), no exception, no thread left."""
    script = """
import os
os.environ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=/nonexistent/bus"
from PySide6.QtCore import QCoreApplication
from certhelper.gui.notifications import DesktopNotifications
app = QCoreApplication([])
n = DesktopNotifications()
print(n.available(), n.notify("t", "x", [("later", "Plus tard")]))
"""
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
    )
    assert proc.returncode == 0 and proc.stdout.split() == ["False", "None"], proc.stdout + proc.stderr
