"""The tray icon on a real XEmbed tray host, and a due reminder on a real notification service.

Runs the probe (tests/desktop/tray_probe.py) in its own process on the fixture's Xvfb display and
session bus: pytest's own Qt runs offscreen. Evidence comes from outside the app: xwininfo shows the
icon's window inside trayer's panel, and dbus-monitor shows the Notify call the daemon received.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.desktop.conftest import Desktop
from tests.helpers import ROOT

pytestmark = pytest.mark.desktop

TEXTS = {
    "fr": ("Il est temps de renouveler votre certificat", ("Commander", "Plus tard")),
    "en": ("Time to renew your certificate", ("Order", "Later")),
}


def probe(desktop: Desktop, tmp_path: Path, lang: str) -> tuple[dict, dict, str]:
    """(first report, final report, the window tree while the icon was shown)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.desktop.tray_probe", str(tmp_path / "certificates.json"), lang],
        env={**desktop.env, "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = json.loads(proc.stdout.readline() or "{}")
    tree = desktop.windows()  # the probe is still running: its icon is in the tray
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0 and "Traceback" not in err, err
    return first, json.loads(out.strip().splitlines()[-1]), tree


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


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_icon_embeds_in_a_real_tray_and_the_reminder_reaches_the_notification_service(
    desktop: Desktop, tmp_path: Path, lang: str
) -> None:
    first, _, tree = probe(desktop, tmp_path, lang)
    assert first["platform"] == "xcb" and first["tray_available"] is True
    assert first["visible"] is True and first["geometry"][2] > 0 and first["geometry"][3] > 0

    # The icon's own window sits inside trayer's panel (XEmbed), where the probe's geometry says.
    inside = panel_subtree(tree)
    assert '"certhelper-tray-probe"' in inside, inside
    x, y, width, height = first["geometry"]
    assert re.search(rf"{width}x{height}\+\d+\+\d+\s+\+{x}\+{y}", inside), (first["geometry"], inside)

    # The tray's due reminder, as the notification daemon received it over the bus.
    title, (order, later) = TEXTS[lang]
    [(sent_title, sent_text)] = first["sent"]
    assert sent_title == title
    assert first["service"] is True and isinstance(first["notification_ids"][0], int)
    monitored = desktop.monitored()
    call = monitored[monitored.rindex("member=Notify") :]
    strings = re.findall(r'string "((?:[^"\\]|\\.)*)"', call)
    assert strings[:3] == ["certhelper", "dialog-warning", title], strings[:6]
    assert sent_text in strings and "Yannick LE BIHAN" in sent_text
    assert strings[strings.index(sent_text) + 1 : strings.index(sent_text) + 5] == ["order", order, "later", later]


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
