""" "Start with my session" on the three OSes, each written to a real folder (or a registry stand-in)."""

from __future__ import annotations

import configparser
import os
import plistlib
import shlex
import subprocess
from pathlib import Path

from certhelper.core.workstation import autostart

COMMAND = ["/opt/my apps/python3", "-m", "certhelper", "--tray"]


def test_xdg_autostart_entry(tmp_path: Path) -> None:
    folder = tmp_path / "autostart"
    assert not autostart.is_enabled_xdg(folder)
    path = autostart.enable_xdg(folder, COMMAND)
    assert path == folder / "certhelper.desktop"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(path, encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    # Desktop Entry quoting: the value is unescaped once (\\ -> \), then split like a shell would.
    assert shlex.split(desktop["Exec"].replace("\\\\", "\\")) == COMMAND
    assert autostart.is_enabled_xdg(folder)
    autostart.disable_xdg(folder)
    assert not path.exists() and not autostart.is_enabled_xdg(folder)
    autostart.disable_xdg(folder)  # twice is fine


def test_exec_quoting_of_awkward_paths() -> None:
    entry = autostart.desktop_entry(['C:/a "b"/$HOME\\x', "50%"])
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    assert exec_line == 'Exec="C:/a \\\\"b\\\\"/\\\\$HOME\\\\\\\\x" 50%%'


def test_set_autostart_on_this_linux_uses_xdg_config_home(tmp_path: Path) -> None:
    # conftest points XDG_CONFIG_HOME at a private folder
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "autostart"
    autostart.set_autostart(True)
    assert autostart.autostart_enabled()
    assert "--tray" in (folder / "certhelper.desktop").read_text(encoding="utf-8")
    autostart.set_autostart(False)
    assert not autostart.autostart_enabled()


def test_macos_launch_agent(tmp_path: Path) -> None:
    folder = tmp_path / "LaunchAgents"
    path = autostart.enable_macos(folder, COMMAND)
    data = plistlib.loads(path.read_bytes())
    assert data["ProgramArguments"] == COMMAND and data["RunAtLoad"] is True
    assert data["Label"] == path.stem
    assert autostart.is_enabled_macos(folder)
    autostart.disable_macos(folder)
    assert not autostart.is_enabled_macos(folder)


class DictRunKey:
    """Stands in for HKCU\\...\\Run: winreg exists only on Windows (WinregRunKey is the real one)."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    def set(self, name: str, value: str) -> None:
        self.values[name] = value

    def get(self, name: str) -> str | None:
        return self.values.get(name)

    def delete(self, name: str) -> None:
        self.values.pop(name, None)


def test_windows_run_key_value() -> None:
    key = DictRunKey()
    command = [r"C:\Program Files\Python311\pythonw.exe", "-m", "certhelper", "--tray"]
    autostart.enable_windows(key, command)
    assert key.values == {"certhelper": r'"C:\Program Files\Python311\pythonw.exe" -m certhelper --tray'}
    assert autostart.is_enabled_windows(key)
    assert subprocess.list2cmdline(command) == key.values["certhelper"]
    autostart.disable_windows(key)
    assert not autostart.is_enabled_windows(key)
