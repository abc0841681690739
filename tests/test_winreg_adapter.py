"""The winreg adapter itself (core/workstation/registry.py, autostart's Run key), on recorded registries.

The adapter's code runs unchanged: only `winreg` is a stand-in (tests/winreg_standin.py) put in
sys.modules, with winreg's interface (checked below against typeshed's winreg.pyi, the same stub
`mypy --platform win32` checks the adapter with). What still needs a real Windows is in the README.
"""

from __future__ import annotations

import ast
import inspect
import logging
import re
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import mypy
import pytest

from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.workstation import autostart, drivers, registry
from tests import winreg_standin
from tests.driver_layouts import (
    IAS_ECC_ATR,
    SERVICES,
    UNINSTALL,
    WINDOWS_IDOPTE,
    WINDOWS_IDOPTE_AND_HASHLOGIC,
)

TYPESHED = Path(mypy.__file__).parent / "typeshed" / "stdlib" / "winreg.pyi"
ADAPTER_SOURCES = [Path(registry.__file__), Path(autostart.__file__)]


@pytest.fixture
def use_registry(monkeypatch: pytest.MonkeyPatch) -> Iterator[types.SimpleNamespace]:
    """use_registry.load(layout) installs a stand-in winreg over that layout; returns it."""
    holder = types.SimpleNamespace(module=None)

    def load(layout: dict) -> types.ModuleType:
        module = winreg_standin.build(layout)
        monkeypatch.setitem(sys.modules, "winreg", module)
        holder.module = module
        return module

    holder.load = load
    yield holder
    if holder.module is not None:  # every handle the adapter opened, it closed
        assert holder.module.open_handles() == 0


# ---- the stand-in has winreg's interface ---------------------------------------------------------


def _stub_functions() -> dict[str, ast.FunctionDef]:
    tree = ast.parse(TYPESHED.read_text(encoding="utf-8"))
    return {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name[0].isupper()}


def _stub_names() -> set[str]:
    text = TYPESHED.read_text(encoding="utf-8")
    return set(re.findall(r"^\s+(\w+)\s*(?::|=)", text, re.M)) | set(_stub_functions()) | {"HKEYType"}


def test_every_winreg_name_the_adapter_uses_exists_in_winreg_and_in_the_stand_in() -> None:
    used = {m for source in ADAPTER_SOURCES for m in re.findall(r"\bwinreg\.(\w+)", source.read_text())}
    assert {"OpenKey", "QueryValueEx", "QueryInfoKey", "EnumKey", "HKEY_LOCAL_MACHINE"} <= used
    stand_in = winreg_standin.build({})
    assert sorted(used - _stub_names()) == []  # typeshed knows them all: they exist on Windows
    assert sorted(n for n in used if not hasattr(stand_in, n)) == []


def test_the_stand_in_functions_take_the_parameters_winreg_takes() -> None:
    stand_in = winreg_standin.build({})
    stubs = _stub_functions()
    checked = 0
    for name, stub in stubs.items():
        if not hasattr(stand_in, name) or name == "SetValueEx":  # SetValueEx: overloads, checked below
            continue
        ours = inspect.signature(getattr(stand_in, name)).parameters
        theirs = [*stub.args.posonlyargs, *stub.args.args]
        assert [p for p in ours] == [a.arg for a in theirs], name
        positional_only = {a.arg for a in stub.args.posonlyargs}
        for p in ours.values():
            assert (p.kind == p.POSITIONAL_ONLY) == (p.name in positional_only), (name, p.name)
        checked += 1
    assert checked >= 9
    assert len(inspect.signature(stand_in.SetValueEx).parameters) == 5


def test_the_stand_in_constants_are_windows_values() -> None:
    text = TYPESHED.read_text(encoding="utf-8")
    stand_in = winreg_standin.build({})
    for name in ("HKEY_CURRENT_USER", "HKEY_LOCAL_MACHINE", "KEY_READ", "KEY_WOW64_64KEY", "REG_SZ", "REG_EXPAND_SZ"):
        match = re.search(rf"^\s+{name}: Final\s*=\s*(\d+)", text, re.M)
        if match:  # typeshed records most of them as literal values
            assert getattr(stand_in, name) == int(match.group(1)), name


# ---- uninstall entries ---------------------------------------------------------------------------


def test_uninstall_entries_read_every_view_and_skip_what_is_not_a_program(use_registry) -> None:
    module = use_registry.load(WINDOWS_IDOPTE_AND_HASHLOGIC)
    entries = {e.name: e for e in registry.uninstall_entries()}
    assert set(entries) == {"Smart Card Middleware", "OpenSC", "certhelper", "Hashlogic Token Manager"}
    idopte = entries["Smart Card Middleware"]
    assert (idopte.version, idopte.location) == ("6.23.34.0", "C:\\Program Files\\Smart Card Middleware\\")
    assert entries["Hashlogic Token Manager"].version == "3.1"  # from WOW6432Node
    # every key opened in the 64-bit view: a 32-bit Python would otherwise be redirected
    assert module.accesses and all(a & module.KEY_WOW64_64KEY for a in module.accesses)


def test_detect_drivers_on_windows_finds_idopte_and_the_legacy_driver_through_winreg(use_registry) -> None:
    use_registry.load(WINDOWS_IDOPTE_AND_HASHLOGIC)
    found = drivers.detect_drivers(catalogue_mod.load([]), os_name="windows")
    idopte, hashlogic = found.get("idopte"), found.get("hashlogic")
    assert idopte is not None and idopte.version == "6.23.34.0"
    assert "uninstall entry: Smart Card Middleware 6.23.34.0" in idopte.evidence
    assert hashlogic is not None and hashlogic.legacy


def test_an_empty_registry_gives_no_entries(use_registry) -> None:
    use_registry.load({})
    assert registry.uninstall_entries() == [] and registry.smart_cards() == []
    assert registry.service("SCardSvr") is None


def test_a_registry_that_refuses_the_whole_uninstall_key_gives_no_entries(use_registry) -> None:
    use_registry.load({UNINSTALL: {"__denied__": True}, UNINSTALL + r"\A": {"DisplayName": "A"}})
    assert registry.uninstall_entries() == []


def test_a_key_removed_while_listed_ends_the_listing_quietly(use_registry, monkeypatch) -> None:
    module = use_registry.load(WINDOWS_IDOPTE)
    real = module.QueryInfoKey
    monkeypatch.setattr(module, "QueryInfoKey", lambda key, /: (real(key)[0] + 2, *real(key)[1:]))
    assert {e.name for e in registry.uninstall_entries()} >= {"Smart Card Middleware"}


def test_without_winreg_the_readers_say_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "winreg", None)  # import winreg -> ImportError, as on Linux
    assert not registry.available()
    assert drivers.windows_uninstall_entries() == []


def test_an_odd_registry_failure_is_logged_not_raised(
    use_registry, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    module = use_registry.load(WINDOWS_IDOPTE)

    def broken(key, /):
        raise OSError(1015, "The registry is corrupted")

    monkeypatch.setattr(module, "QueryInfoKey", broken)
    with caplog.at_level(logging.WARNING):
        assert drivers.windows_uninstall_entries() == []
    assert "corrupted" in caplog.text


# ---- services and smart cards --------------------------------------------------------------------


def test_a_service_image_path_is_expanded(use_registry) -> None:
    use_registry.load(WINDOWS_IDOPTE)
    scard = registry.service("SCardSvr")
    assert scard is not None and scard.start == 3
    assert scard.image_path.startswith(r"C:\Windows\system32\svchost.exe")
    assert registry.service("scardsvr") == scard.__class__("scardsvr", scard.image_path, 3)  # case-insensitive
    assert registry.service("CertPropSvc").start is None  # no Start value
    assert registry.service("idocachesrv") is None


def test_smart_card_registrations_and_the_atr_conflict_between_two_minidrivers(use_registry) -> None:
    use_registry.load(WINDOWS_IDOPTE)
    cards = registry.smart_cards()
    assert [c.name for c in cards] == ["Identity Device (NIST SP 800-73 [PIV])", "Idopte IAS-ECC"]
    idopte = cards[1]
    assert idopte.atr == IAS_ECC_ATR and idopte.minidriver == "idoMiniDriver.dll"
    assert idopte.matches(IAS_ECC_ATR[:-2] + b"\x12\x34")  # the masked bytes may differ
    assert not idopte.matches(IAS_ECC_ATR[:-3] + b"\x00\x00\x00")
    assert registry.atr_conflicts(cards) == []

    use_registry.load(WINDOWS_IDOPTE_AND_HASHLOGIC)
    [(first, second)] = registry.atr_conflicts(registry.smart_cards())
    assert {first.minidriver, second.minidriver} == {"idoMiniDriver.dll", "hlminidriver.dll"}


# ---- the Run key (autostart) ---------------------------------------------------------------------


def test_the_run_key_round_trip_through_winreg(use_registry) -> None:
    module = use_registry.load({r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run": {}})
    key = autostart.WinregRunKey()
    assert key.get("certhelper") is None
    autostart.enable_windows(key, ["C:\\Program Files\\certhelper\\certhelper.exe", "--tray"])
    assert key.get("certhelper") == '"C:\\Program Files\\certhelper\\certhelper.exe" --tray'
    assert autostart.is_enabled_windows(key)
    with module.OpenKey(module.HKEY_CURRENT_USER, autostart.RUN_KEY) as run:
        assert module.QueryValueEx(run, "certhelper")[1] == module.REG_SZ
    autostart.disable_windows(key)
    autostart.disable_windows(key)  # twice: nothing to delete is not an error
    assert key.get("certhelper") is None


def test_the_run_key_is_created_when_missing(use_registry) -> None:
    use_registry.load({})
    key = autostart.WinregRunKey()
    assert key.get("certhelper") is None
    key.set("certhelper", "x")
    assert key.get("certhelper") == "x"


def test_layouts_use_the_facts_sheet_keys() -> None:
    facts = Path(__file__).resolve().parents[2] / "shared" / "domain" / "chambersign-facts.md"
    if facts.is_file():
        assert r"Calais\SmartCards" in facts.read_text(encoding="utf-8")
    assert SERVICES.endswith(r"CurrentControlSet\Services")
