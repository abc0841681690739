"""The Windows registry, read through winreg: uninstall entries, services, smart-card registrations.

This is the only module that calls winreg (with autostart.WinregRunKey for the Run key). It is
type-checked against Windows' winreg (`mypy --platform win32`, `make lint`) and tested on every system
against recorded registry layouts through a stand-in with winreg's interface
(tests/test_winreg_adapter.py). Every read tolerates a missing key, a missing value, a value of
the wrong type and a key it may not open: the registry of a real workstation has all of them.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, TypeVar

logger = logging.getLogger(__name__)
T = TypeVar("T")

if sys.platform == "win32":
    import winreg as winreg  # re-exported: autostart's Run key uses the same one
else:

    class _ImportedOnUse:
        """winreg exists only on Windows: elsewhere `winreg.<name>` imports it on use (a stand-in, in tests)."""

        def __getattr__(self, name: str) -> Any:
            return getattr(importlib.import_module("winreg"), name)

    winreg: Any = _ImportedOnUse()

UNINSTALL = r"SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"
UNINSTALL_WOW64 = r"SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall"
SERVICES = r"SYSTEM\CurrentControlSet\Services"
SMART_CARDS = r"SOFTWARE\Microsoft\Cryptography\Calais\SmartCards"
MINIDRIVER_VALUE = "80000001"  # the card's minidriver DLL, under its SmartCards entry


@dataclass(frozen=True)
class UninstallEntry:
    name: str
    version: str
    location: str  # InstallLocation ("" when the installer did not record it)


@dataclass(frozen=True)
class ServiceEntry:
    name: str
    image_path: str  # environment variables expanded
    start: int | None  # 2 automatic, 3 manual, 4 disabled


@dataclass(frozen=True)
class SmartCardEntry:
    name: str
    atr: bytes
    atr_mask: bytes
    minidriver: str
    crypto_provider: str

    def matches(self, atr: bytes) -> bool:
        mask = self.atr_mask or b"\xff" * len(self.atr)
        return len(atr) == len(self.atr) == len(mask) and all(
            (a & m) == (b & m) for a, b, m in zip(atr, self.atr, mask, strict=True)
        )


def available() -> bool:
    """Whether winreg can be imported here (on Windows, or with a stand-in in tests)."""
    try:
        importlib.import_module("winreg")
    except ImportError:
        return False
    return True


def _read_access() -> int:
    # The 64-bit view: a 32-bit Python would otherwise be redirected to WOW6432Node for HKLM\SOFTWARE.
    return int(winreg.KEY_READ | winreg.KEY_WOW64_64KEY)


def _subkey_names(key: Any) -> Iterator[str]:
    count = int(winreg.QueryInfoKey(key)[0])
    for index in range(count):
        try:
            yield str(winreg.EnumKey(key, index))
        except OSError:  # a key deleted while we list it
            return


def _value(key: Any, name: str) -> object | None:
    """A value's data, expanded when REG_EXPAND_SZ; None when it is missing or cannot be read."""
    try:
        found = winreg.QueryValueEx(key, name)
    except OSError:
        return None
    data: object = found[0]
    if found[1] == winreg.REG_EXPAND_SZ and isinstance(data, str):
        return str(winreg.ExpandEnvironmentStrings(data))
    return data


def _text(key: Any, name: str) -> str:
    data = _value(key, name)
    return data.strip() if isinstance(data, str) else ""


def _binary(key: Any, name: str) -> bytes:
    data = _value(key, name)
    return bytes(data) if isinstance(data, bytes | bytearray) else b""


def _children(hive: int, path: str) -> Iterator[tuple[str, Any]]:
    """(name, open handle) of every subkey of hive\\path that can be opened; nothing if path is absent."""
    try:
        parent = winreg.OpenKey(hive, path, 0, _read_access())
    except OSError:
        return
    with parent:
        for name in list(_subkey_names(parent)):
            try:
                child = winreg.OpenKey(parent, name, 0, _read_access())
            except OSError:  # no access, or removed meanwhile
                continue
            with child:
                yield name, child


def uninstall_entries() -> list[UninstallEntry]:
    """Every program listed under the uninstall keys (machine, 32-bit machine, user) with a display name."""
    roots = (
        (winreg.HKEY_LOCAL_MACHINE, UNINSTALL),
        (winreg.HKEY_LOCAL_MACHINE, UNINSTALL_WOW64),
        (winreg.HKEY_CURRENT_USER, UNINSTALL),
    )
    entries: list[UninstallEntry] = []
    for hive, path in roots:
        for _, key in _children(hive, path):
            name = _text(key, "DisplayName")
            if not name:  # updates and components without a name are not programs a person installed
                continue
            entries.append(UninstallEntry(name, _text(key, "DisplayVersion"), _text(key, "InstallLocation")))
    return entries


def service(name: str) -> ServiceEntry | None:
    """A Windows service's registration, or None when it is not installed."""
    try:
        key = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, f"{SERVICES}\\{name}", 0, _read_access())
    except OSError:
        return None
    with key:
        start = _value(key, "Start")
        return ServiceEntry(name, _text(key, "ImagePath"), start if isinstance(start, int) else None)


def smart_cards() -> list[SmartCardEntry]:
    """The cards registered with Windows' smart-card subsystem (Calais), with their ATR and minidriver."""
    cards: list[SmartCardEntry] = []
    for name, key in _children(winreg.HKEY_LOCAL_MACHINE, SMART_CARDS):
        atr = _binary(key, "ATR")
        if not atr:
            continue
        cards.append(
            SmartCardEntry(
                name, atr, _binary(key, "ATRMask"), _text(key, MINIDRIVER_VALUE), _text(key, "Crypto Provider")
            )
        )
    return cards


def atr_conflicts(cards: list[SmartCardEntry]) -> list[tuple[SmartCardEntry, SmartCardEntry]]:
    """Pairs of registrations that claim the same card with different minidrivers (the first one wins)."""
    pairs: list[tuple[SmartCardEntry, SmartCardEntry]] = []
    for i, first in enumerate(cards):
        for second in cards[i + 1 :]:
            if first.minidriver.casefold() == second.minidriver.casefold():
                continue
            if first.matches(second.atr) or second.matches(first.atr):
                pairs.append((first, second))
    return pairs


def safely(read: Callable[[], T], default: T) -> T:
    """Run one registry read; no winreg here gives `default`, and so does a registry failing oddly (logged)."""
    with suppress(ImportError):
        try:
            return read()
        except OSError as exc:
            logger.warning("cannot read the Windows registry: %s", exc)
    return default
