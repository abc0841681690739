"""The desktop integration: the shipped .desktop entry and AppStream metainfo pass their validators,
the hicolor icons are the app's icon at each size, and `certhelper desktop install|uninstall` puts
them in (and takes them out of) the user's data folder, with the tray's autostart entry on request."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from certhelper.core.workstation import desktop_entry
from certhelper.core.workstation.desktop_entry import APP_ID, ICON_SIZES, DesktopCode
from tests.helpers import ROOT, run_cli_in_process

DESKTOP = ROOT / "resources" / "desktop" / f"{APP_ID}.desktop"
METAINFO = ROOT / "resources" / "desktop" / f"{APP_ID}.metainfo.xml"
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is needed: scripts/system-deps.sh installs it (desktop-file-utils, appstream)"
    return found


def validate_desktop(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([tool("desktop-file-validate"), str(path)], capture_output=True, text=True, check=False)


def test_desktop_entry_passes_desktop_file_validate() -> None:
    done = validate_desktop(DESKTOP)
    assert done.returncode == 0 and "error" not in done.stdout, done.stdout


def test_the_validator_catches_a_broken_entry(tmp_path: Path) -> None:
    broken = tmp_path / "broken.desktop"
    broken.write_text(DESKTOP.read_text(encoding="utf-8").replace("Type=Application\n", ""), encoding="utf-8")
    assert validate_desktop(broken).returncode != 0


def test_metainfo_passes_appstreamcli_and_speaks_french() -> None:
    done = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", "--no-color", str(METAINFO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert [p for p in root.iter("p") if p.get(XML_LANG) == "fr"], "no French description"
    assert [s for s in root.iter("summary") if s.get(XML_LANG) == "fr"]
    images = [i.text or "" for i in root.iter("image")]
    assert images and all(
        Path(url).name in {p.name for p in (ROOT / "docs" / "screenshots").glob("*.png")} for url in images
    )


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_hicolor_icons_at_every_size_and_scalable() -> None:
    scalable = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == (ROOT / "resources" / "icons" / "certhelper.svg").read_bytes()
    for size in ICON_SIZES:
        assert png_size(HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png") == (size, size)
    assert f"Icon={APP_ID}\n" in DESKTOP.read_text(encoding="utf-8")


def test_install_then_uninstall_for_the_user(tmp_path: Path) -> None:
    data, autostart_dir = tmp_path / "data", tmp_path / "config" / "autostart"
    command = ["/opt/certhelper dir/certhelper"]
    done = desktop_entry.install(data, command, with_autostart=True, autostart_dir=autostart_dir, system="linux")
    assert done.code is DesktopCode.INSTALLED
    entry = data / "applications" / f"{APP_ID}.desktop"
    assert entry in done.paths and validate_desktop(entry).returncode == 0
    text = entry.read_text(encoding="utf-8")
    assert 'Exec="/opt/certhelper dir/certhelper"\n' in text
    assert 'Exec="/opt/certhelper dir/certhelper" --tray\n' in text
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
    assert done.autostart == autostart_dir / "certhelper.desktop" and "--tray" in done.autostart.read_text()
    removed = desktop_entry.uninstall(data, autostart_dir, system="linux")
    assert removed.code is DesktopCode.REMOVED and set(removed.paths) == set(done.paths)
    assert not [p for p in data.rglob("*") if p.is_file() and p.suffix != ".cache"]
    assert not (autostart_dir / "certhelper.desktop").exists()


def test_install_without_autostart_leaves_the_session_alone(tmp_path: Path) -> None:
    done = desktop_entry.install(tmp_path / "d", ["certhelper"], autostart_dir=tmp_path / "a", system="linux")
    assert done.code is DesktopCode.INSTALLED and done.autostart is None and not (tmp_path / "a").exists()


@pytest.mark.parametrize("system", ["windows", "macos"])
def test_other_systems_are_told_to_use_the_bundle(tmp_path: Path, system: str) -> None:
    assert desktop_entry.install(tmp_path, system=system).code is DesktopCode.UNSUPPORTED_OS
    assert not list(tmp_path.iterdir())


def test_a_read_only_folder_is_a_typed_failure(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.write_text("a file where the folder should be")
    done = desktop_entry.install(data, ["certhelper"], system="linux")
    assert done.code is DesktopCode.WRITE_FAILED and done.detail


def test_the_command_in_french(tmp_path: Path) -> None:
    env = {
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "LANG": "fr_FR.UTF-8",
        "CERTHELPER_LANG": "fr",
    }
    done = run_cli_in_process("desktop", "install", "--autostart", env=env)
    assert done.returncode == 0, done.stderr
    assert "certhelper est dans le menu du bureau" in done.stdout and "démarreront avec votre session" in done.stdout
    assert (tmp_path / "data" / "applications" / f"{APP_ID}.desktop").is_file()
    done = run_cli_in_process("desktop", "uninstall", env=env)
    assert done.returncode == 0 and "n'est plus dans le menu" in done.stdout
    assert not (tmp_path / "data" / "applications" / f"{APP_ID}.desktop").exists()
    assert not (tmp_path / "config" / "autostart" / "certhelper.desktop").exists()
