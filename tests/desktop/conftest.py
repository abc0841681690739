"""The desktop the tests in this folder run on: Xvfb, a session D-Bus, notification-daemon, trayer, dbus-monitor.

Started once per worker by a session fixture, as root or not, with no screen (.ci/run): each process
is ours and is stopped at the end. Missing programs skip with the package to install (make test's
system-deps installs them), never fail for an unrelated reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

NOTIFICATION_DAEMON = "/usr/lib/notification-daemon/notification-daemon"
NEEDED = {
    "Xvfb": "xvfb",
    "dbus-daemon": "dbus-daemon",
    "trayer": "trayer",
    "xwininfo": "x11-utils",
    "dbus-monitor": "dbus-bin",
}


@dataclass
class Desktop:
    display: str
    bus: str
    monitor_log: Path
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    @property
    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DISPLAY": self.display,
            "DBUS_SESSION_BUS_ADDRESS": self.bus,
            "QT_QPA_PLATFORM": "xcb",
            "XDG_CURRENT_DESKTOP": "X-Generic",  # no desktop-specific Qt theme: plain XEmbed
        }

    def windows(self) -> str:
        return subprocess.run(
            ["xwininfo", "-root", "-tree"], env=self.env, capture_output=True, text=True, timeout=10, check=True
        ).stdout

    def monitored(self) -> str:
        return self.monitor_log.read_text(encoding="utf-8", errors="replace")


def _wait(what: str, ready, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.1)
    raise AssertionError(f"the test desktop did not start: {what}")


def _read_line(fd: int, timeout: float = 15) -> str:
    deadline, data = time.monotonic() + timeout, b""
    os.set_blocking(fd, False)
    while time.monotonic() < deadline and not data.endswith(b"\n"):
        try:
            data += os.read(fd, 4096)
        except BlockingIOError:
            time.sleep(0.05)
    return data.decode().strip()


def _has_owner(env: dict[str, str], name: str) -> bool:
    proc = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
         "org.freedesktop.DBus.NameHasOwner", f"string:{name}"],
        env=env, capture_output=True, text=True, timeout=5, check=False,
    )  # fmt: skip
    return "boolean true" in proc.stdout


@pytest.fixture(scope="session")
def desktop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desktop]:
    missing = [pkg for program, pkg in NEEDED.items() if not shutil.which(program)]
    missing += [] if os.access(NOTIFICATION_DAEMON, os.X_OK) else ["notification-daemon"]
    if missing:
        pytest.skip(f"needs a test desktop: apt-get install {' '.join(missing)} (make test does it)")
    root = tmp_path_factory.mktemp("desktop")
    processes: dict[str, subprocess.Popen[bytes]] = {}
    files = ExitStack()

    def log(path: Path) -> IO[bytes]:  # the child keeps its own copy; ours closes at the end
        return files.enter_context(path.open("wb"))

    try:
        read, write = os.pipe()
        processes["Xvfb"] = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=log(root / "xvfb.log"),
        )  # fmt: skip
        os.close(write)
        display = ":" + _read_line(read)
        os.close(read)
        read, write = os.pipe()
        processes["dbus-daemon"] = subprocess.Popen(
            ["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--print-address={write}"],
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=log(root / "dbus.log"),
        )  # fmt: skip
        os.close(write)
        bus = _read_line(read)
        os.close(read)
        assert display != ":" and bus, "Xvfb or dbus-daemon gave no address"
        desk = Desktop(display, bus, root / "dbus-monitor.log", processes)
        # Record what the notification service receives, as the bus carried it.
        processes["dbus-monitor"] = subprocess.Popen(
            # the calls and signals, and the replies (Notify's reply carries the notification's id)
            ["dbus-monitor", "--address", bus, "interface='org.freedesktop.Notifications'", "type='method_return'"],
            env=desk.env, stdout=log(desk.monitor_log), stderr=subprocess.STDOUT,
        )  # fmt: skip
        processes["notification-daemon"] = subprocess.Popen(
            [NOTIFICATION_DAEMON], env=desk.env, stdout=subprocess.DEVNULL, stderr=log(root / "nd.log")
        )
        processes["trayer"] = subprocess.Popen(
            ["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "200",
             "--heighttype", "pixel", "--height", "32"],
            env=desk.env, stdout=subprocess.DEVNULL, stderr=log(root / "trayer.log"),
        )  # fmt: skip
        _wait("notification-daemon on the session bus", lambda: _has_owner(desk.env, "org.freedesktop.Notifications"))
        _wait("trayer's panel", lambda: '("panel" "trayer")' in desk.windows())
        yield desk
    finally:
        for process in reversed(processes.values()):
            process.terminate()
        for process in processes.values():
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        files.close()
