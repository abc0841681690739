"""The app in the desktop's menu (Linux, XDG): the .desktop entry, the AppStream metainfo and the
hicolor icons copied from the package into the user's data folder, optionally with the XDG
autostart entry for the tray (autostart.py). `certhelper desktop install|uninstall` runs this.

Windows and macOS get their shortcuts from the bundle's installer (packaging/), not from here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from certhelper.core.files import atomic_write_text
from certhelper.core.tokens.discovery import current_os
from certhelper.core.workstation import autostart
from certhelper.paths import resources_dir

APP_ID = "fr.certhelper.CertHelper"
DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


class DesktopCode(Enum):
    INSTALLED = "installed"
    REMOVED = "removed"
    UNSUPPORTED_OS = "unsupported_os"  # Windows/macOS: the bundle's installer makes the shortcuts
    WRITE_FAILED = "write_failed"


@dataclass(frozen=True)
class DesktopOutcome:
    code: DesktopCode
    paths: tuple[Path, ...] = ()  # written (install) or removed (uninstall)
    autostart: Path | None = None  # the autostart entry written or removed, if any
    system: str = ""
    detail: str = ""  # the OS error, for --verbose only


def xdg_data_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base)


def app_command() -> list[str]:
    """How the menu starts the app: the bundle's binary, or this interpreter (a venv or pipx keeps working)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "certhelper"]


def shipped_files(resources: Path | None = None) -> dict[Path, Path]:
    """Shipped file -> its place under the data folder (applications/, metainfo/, icons/hicolor/)."""
    resources = resources or resources_dir()
    files = {
        resources / "desktop" / DESKTOP_FILE: Path("applications") / DESKTOP_FILE,
        resources / "desktop" / METAINFO_FILE: Path("metainfo") / METAINFO_FILE,
    }
    hicolor = resources / "icons" / "hicolor"
    for icon in sorted(hicolor.glob(f"*/apps/{APP_ID}.*")):
        files[icon] = Path("icons") / icon.relative_to(resources / "icons")
    return files


def with_command(entry: str, command: list[str]) -> str:
    """The shipped entry with its Exec lines pointing at this installation (the tray action adds --tray)."""
    lines = []
    for line in entry.splitlines():
        if line.startswith("Exec="):
            extra = ["--tray"] if line.rstrip().endswith("--tray") else []
            line = "Exec=" + " ".join(autostart._exec_quote(a) for a in [*command, *extra])
        lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh_caches(data_home: Path) -> None:
    """Menus and icon themes pick new files up sooner with fresh caches; absent tools are no problem."""
    for tool, target in (
        ("update-desktop-database", data_home / "applications"),
        ("gtk-update-icon-cache", data_home / "icons" / "hicolor"),
    ):
        found = shutil.which(tool)
        if found and target.is_dir():
            subprocess.run([found, "-q", str(target)], capture_output=True, check=False, timeout=30)


def install(
    data_home: Path | None = None,
    command: list[str] | None = None,
    with_autostart: bool = False,
    autostart_dir: Path | None = None,
    resources: Path | None = None,
    system: str | None = None,
) -> DesktopOutcome:
    system = system or current_os()
    if system in ("windows", "macos"):
        return DesktopOutcome(DesktopCode.UNSUPPORTED_OS, system=system)
    data_home = data_home or xdg_data_home()
    command = command or app_command()
    written: list[Path] = []
    try:
        for source, relative in shipped_files(resources).items():
            target = data_home / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.name == DESKTOP_FILE:
                atomic_write_text(target, with_command(source.read_text(encoding="utf-8"), command))
            else:
                shutil.copyfile(source, target)
            written.append(target)
        started = None
        if with_autostart:
            started = autostart.enable_xdg(autostart_dir or autostart.xdg_autostart_dir(), [*command, "--tray"])
    except OSError as exc:
        return DesktopOutcome(DesktopCode.WRITE_FAILED, tuple(written), system=system, detail=str(exc))
    _refresh_caches(data_home)
    return DesktopOutcome(DesktopCode.INSTALLED, tuple(written), started, system=system)


def uninstall(
    data_home: Path | None = None,
    autostart_dir: Path | None = None,
    resources: Path | None = None,
    system: str | None = None,
) -> DesktopOutcome:
    """Remove what install() wrote, and the autostart entry (it would start an app no longer in the menu)."""
    system = system or current_os()
    if system in ("windows", "macos"):
        return DesktopOutcome(DesktopCode.UNSUPPORTED_OS, system=system)
    data_home = data_home or xdg_data_home()
    autostart_dir = autostart_dir or autostart.xdg_autostart_dir()
    removed: list[Path] = []
    try:
        for relative in shipped_files(resources).values():
            target = data_home / relative
            if target.is_file():
                target.unlink()
                removed.append(target)
        entry = autostart_dir / autostart.DESKTOP_FILE
        stopped = entry if entry.is_file() else None
        autostart.disable_xdg(autostart_dir)
    except OSError as exc:
        return DesktopOutcome(DesktopCode.WRITE_FAILED, tuple(removed), system=system, detail=str(exc))
    _refresh_caches(data_home)
    return DesktopOutcome(DesktopCode.REMOVED, tuple(removed), stopped, system=system)
