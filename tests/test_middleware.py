"""Driver detection on Windows, macOS and Linux workstations laid out in temp folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.tokens.discovery import rooted
from certhelper.core.workstation.drivers import detect_drivers, drivers_from_dict
from tests.driver_layouts import HASHLOGIC, IDOPTE, OPENSC_LINUX, lay_out, run_processes


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return catalogue_mod.load([])


def test_empty_workstation_has_no_driver_but_says_what_it_looked_for(cat: Catalogue, tmp_path: Path) -> None:
    for os_name in ("linux", "macos", "windows"):
        drivers = detect_drivers(cat, sysroot=str(tmp_path), os_name=os_name, running_processes=set)
        assert drivers.found == ()
        assert not drivers.has("idopte")
        assert drivers.get("idopte") is None
        assert {"idopte", "hashlogic", "opensc"} <= set(drivers.checked)


def test_linux_idopte_with_its_cache_service_stopped(cat: Catalogue, tmp_path: Path) -> None:
    lay_out(tmp_path, IDOPTE["linux"] + OPENSC_LINUX)
    run_processes(tmp_path, ["systemd", "pcscd"])  # pcscd runs, idocachesrv does not
    drivers = detect_drivers(cat, sysroot=str(tmp_path), os_name="linux")
    idopte = drivers.get("idopte")
    assert idopte is not None and not idopte.legacy and idopte.role == "token"
    assert idopte.module_paths == (str(rooted("/usr/lib/SCMiddleware/libidop11.so", str(tmp_path))),)
    assert str(tmp_path / "usr/lib/SCMiddleware") in idopte.evidence
    assert idopte.services == {"idocachesrv": False}
    opensc = drivers.get("opensc")
    assert opensc is not None and opensc.services == {"pcscd": True}
    assert not drivers.has("hashlogic")


def test_linux_service_state_unknown_without_proc(cat: Catalogue, tmp_path: Path) -> None:
    lay_out(tmp_path, IDOPTE["linux"])  # no <root>/proc: nobody can tell whether it runs
    idopte = detect_drivers(cat, sysroot=str(tmp_path), os_name="linux").get("idopte")
    assert idopte is not None and idopte.services == {"idocachesrv": None}


def test_linux_service_running_is_seen(cat: Catalogue, tmp_path: Path) -> None:
    lay_out(tmp_path, IDOPTE["linux"])
    run_processes(tmp_path, ["idocachesrv"])
    idopte = detect_drivers(cat, sysroot=str(tmp_path), os_name="linux").get("idopte")
    assert idopte is not None and idopte.services == {"idocachesrv": True}


def test_service_not_installed_is_not_reported(cat: Catalogue, tmp_path: Path) -> None:
    lay_out(tmp_path, ["/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"])  # OpenSC without pcscd
    run_processes(tmp_path, [])
    opensc = detect_drivers(cat, sysroot=str(tmp_path), os_name="linux").get("opensc")
    assert opensc is not None and opensc.services == {}


def test_macos_idopte_and_hashlogic_by_folder_name(cat: Catalogue, tmp_path: Path) -> None:
    lay_out(tmp_path, IDOPTE["macos"] + HASHLOGIC["macos"])
    drivers = detect_drivers(cat, sysroot=str(tmp_path), os_name="macos")
    assert drivers.os == "macos"
    assert drivers.get("idopte").module_paths == (str(tmp_path / "Library/SCMiddleware/libidop11.dylib"),)  # type: ignore[union-attr]
    hashlogic = drivers.get("hashlogic")
    assert hashlogic is not None and hashlogic.legacy
    # Found by the "hashlogic" pattern in a folder name the catalogue does not spell out.
    assert str(tmp_path / "Applications/HashLogic Token Manager.app") in hashlogic.evidence
    assert hashlogic.module_paths == ()


def test_windows_files_and_uninstall_entries(cat: Catalogue, tmp_path: Path) -> None:
    lay_out(tmp_path, IDOPTE["windows"])
    entries = [("Smart Card Middleware", "6.23.38.0"), ("Mozilla Firefox", "120.0"), ("HASHLOGIC Pilote", "")]
    drivers = detect_drivers(cat, sysroot=str(tmp_path), os_name="windows", uninstall_entries=lambda: entries)
    idopte = drivers.get("idopte")
    assert idopte is not None
    assert idopte.module_paths == (str(tmp_path / "C/Program Files/Smart Card Middleware/bin/idoPKCS.dll"),)
    assert "uninstall entry: Smart Card Middleware 6.23.38.0" in idopte.evidence
    assert idopte.version == "6.23.38.0"
    assert idopte.services == {}  # no service to check on Windows
    hashlogic = drivers.get("hashlogic")  # only its uninstall entry is left
    assert hashlogic is not None and hashlogic.evidence == ("uninstall entry: HASHLOGIC Pilote",)
    assert not drivers.has("opensc")


def test_windows_both_drivers_by_files_alone(cat: Catalogue, tmp_path: Path) -> None:
    lay_out(tmp_path, IDOPTE["windows"] + HASHLOGIC["windows"])
    drivers = detect_drivers(cat, sysroot=str(tmp_path), os_name="windows")
    assert drivers.has("idopte") and drivers.has("hashlogic")
    assert str(tmp_path / "C/Program Files (x86)/Hashlogic") in drivers.get("hashlogic").evidence  # type: ignore[union-attr]


def test_linux_legacy_folder(cat: Catalogue, tmp_path: Path) -> None:
    lay_out(tmp_path, HASHLOGIC["linux"])
    drivers = detect_drivers(cat, sysroot=str(tmp_path), os_name="linux", running_processes=set)
    assert [d.id for d in drivers.found] == ["hashlogic"]


def test_drivers_survive_json(cat: Catalogue, tmp_path: Path) -> None:
    lay_out(tmp_path, IDOPTE["linux"] + OPENSC_LINUX)
    run_processes(tmp_path, ["pcscd"])
    drivers = detect_drivers(cat, sysroot=str(tmp_path), os_name="linux")
    assert drivers_from_dict(drivers.to_dict()) == drivers


def test_administrator_can_add_a_module_path(tmp_path: Path) -> None:
    """A Hashlogic module file name learnt later goes in an override file, not in code."""
    override = tmp_path / "override"
    override.mkdir()
    (override / "drivers.toml").write_text(
        '[[driver]]\nid = "hashlogic"\nname = "Hashlogic"\n[driver.modules]\nlinux = ["/usr/lib/libhashlogic-p11.so"]\n',
        encoding="utf-8",
    )
    cat = catalogue_mod.load([override])
    root = lay_out(tmp_path / "root", ["/usr/lib/libhashlogic-p11.so"])
    hashlogic = detect_drivers(cat, sysroot=str(root), os_name="linux", running_processes=set).get("hashlogic")
    assert hashlogic is not None and hashlogic.legacy  # the shipped fields are kept
    assert hashlogic.module_paths == (str(root / "usr/lib/libhashlogic-p11.so"),)
