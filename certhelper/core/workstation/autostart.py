""" "Start with my session": the tray app launched at login, the way each OS expects it.

- Linux (and other XDG desktops): a .desktop file in $XDG_CONFIG_HOME/autostart.
- Windows: a value in HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run.
- macOS: a LaunchAgent plist in ~/Library/LaunchAgents with RunAtLoad.
Each function takes its target (a folder, or a registry key object) so all three can be tested anywhere.
"""

from __future__ import annotations

import logging
import os
import plistlib
import sys
from pathlib import Path
from typing import Protocol

from certhelper.core.tokens.discovery import current_os
from certhelper.core.workstation.registry import winreg

logger = logging.getLogger(__name__)

NAME = "certhelper"
DESKTOP_FILE = "certhelper.desktop"
LAUNCH_AGENT_LABEL = "fr.certhelper.tray"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"


def tray_command() -> list[str]:
    """How to start the tray app: the same interpreter this app runs on, so a venv keeps working
    (in the PyInstaller bundle, sys.executable is the app itself)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--tray"]
    return [sys.executable, "-m", "certhelper", "--tray"]


# -- Linux: XDG autostart ------------------------------------------------------------------
def xdg_autostart_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart"


def _exec_quote(arg: str) -> str:
    """Desktop Entry spec: quote arguments with reserved characters; then escape for a string value."""
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        quoted = arg
    else:
        quoted = '"' + "".join("\\" + c if c in '"`$\\' else c for c in arg) + '"'
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def desktop_entry(command: list[str]) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Name=certhelper",
            "Comment=Certificate reminders in the notification area",
            "Comment[fr]=Rappels de renouvellement du certificat dans la zone de notification",
            "Exec=" + " ".join(_exec_quote(a) for a in command),
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
    )


def enable_xdg(autostart_dir: Path, command: list[str]) -> Path:
    from certhelper.core.files import atomic_write_text

    path = autostart_dir / DESKTOP_FILE
    atomic_write_text(path, desktop_entry(command))
    return path


def disable_xdg(autostart_dir: Path) -> None:
    (autostart_dir / DESKTOP_FILE).unlink(missing_ok=True)


def is_enabled_xdg(autostart_dir: Path) -> bool:
    path = autostart_dir / DESKTOP_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return False
    return "Hidden=true" not in text and "X-GNOME-Autostart-enabled=false" not in text


# -- Windows: per-user Run key ---------------------------------------------------------------
class RunKey(Protocol):
    """The few operations needed on HKCU\\...\\Run (WinregRunKey on Windows)."""

    def set(self, name: str, value: str) -> None: ...
    def get(self, name: str) -> str | None: ...
    def delete(self, name: str) -> None: ...


class WinregRunKey:
    """HKCU\\...\\Run through winreg (registry.winreg: type-checked for Windows, a stand-in in tests)."""

    def set(self, name: str, value: str) -> None:
        with winreg.CreateKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
            winreg.SetValueEx(key, name, 0, winreg.REG_SZ, value)

    def get(self, name: str) -> str | None:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY) as key:
                value, _ = winreg.QueryValueEx(key, name)
        except FileNotFoundError:
            return None
        return value if isinstance(value, str) else None

    def delete(self, name: str) -> None:
        try:
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
                winreg.DeleteValue(key, name)
        except FileNotFoundError:
            pass


def windows_command_line(command: list[str]) -> str:
    import subprocess

    return subprocess.list2cmdline(command)


def enable_windows(run_key: RunKey, command: list[str]) -> None:
    run_key.set(NAME, windows_command_line(command))


def disable_windows(run_key: RunKey) -> None:
    run_key.delete(NAME)


def is_enabled_windows(run_key: RunKey) -> bool:
    return run_key.get(NAME) is not None


# -- macOS: LaunchAgent ------------------------------------------------------------------------
def launch_agents_dir() -> Path:
    return Path.home() / "Library" / "LaunchAgents"


def enable_macos(agents_dir: Path, command: list[str]) -> Path:
    path = agents_dir / f"{LAUNCH_AGENT_LABEL}.plist"
    agents_dir.mkdir(parents=True, exist_ok=True)
    data = {"Label": LAUNCH_AGENT_LABEL, "ProgramArguments": command, "RunAtLoad": True, "ProcessType": "Interactive"}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(plistlib.dumps(data))
    os.replace(tmp, path)
    return path


def disable_macos(agents_dir: Path) -> None:
    (agents_dir / f"{LAUNCH_AGENT_LABEL}.plist").unlink(missing_ok=True)


def is_enabled_macos(agents_dir: Path) -> bool:
    return (agents_dir / f"{LAUNCH_AGENT_LABEL}.plist").is_file()


# -- this OS ----------------------------------------------------------------------------------
def set_autostart(enabled: bool, command: list[str] | None = None) -> None:
    """Turn "start with my session" on or off on the OS this runs on."""
    command = command or tray_command()
    system = current_os()
    if system == "windows" and enabled:
        enable_windows(WinregRunKey(), command)
    elif system == "windows":
        disable_windows(WinregRunKey())
    elif system == "macos" and enabled:
        enable_macos(launch_agents_dir(), command)
    elif system == "macos":
        disable_macos(launch_agents_dir())
    elif enabled:
        enable_xdg(xdg_autostart_dir(), command)
    else:
        disable_xdg(xdg_autostart_dir())
    logger.info("start with the session: %s", "on" if enabled else "off")


def autostart_enabled() -> bool:
    system = current_os()
    if system == "windows":
        return is_enabled_windows(WinregRunKey())
    if system == "macos":
        return is_enabled_macos(launch_agents_dir())
    return is_enabled_xdg(xdg_autostart_dir())
