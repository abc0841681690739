"""A stand-in for Windows' `winreg`, with its interface, over a recorded registry layout.

Same function names, positional-only parameters and defaults as typeshed's winreg.pyi (a test checks
it), the real HKEY_*/KEY_*/REG_* values, handles that are context managers and refuse use once closed,
case-insensitive key and value names, and the errors Windows raises: FileNotFoundError (winerror 2)
for a missing key or value, PermissionError for a key the user may not open, OSError (winerror 259,
"no more data") past the last subkey. It counts open handles, so a test can prove none leaks.

A layout maps full key paths ("HKEY_LOCAL_MACHINE\\SOFTWARE\\...") to their values: a str is REG_SZ,
an int REG_DWORD, bytes REG_BINARY, a (data, REG_x) pair any type; "__denied__": True makes a key
unopenable.
"""

from __future__ import annotations

import re
import types
from typing import Any

HKEY_CLASSES_ROOT, HKEY_CURRENT_USER, HKEY_LOCAL_MACHINE, HKEY_USERS = 0x80000000, 0x80000001, 0x80000002, 0x80000003
HIVES = {
    "HKEY_CLASSES_ROOT": HKEY_CLASSES_ROOT,
    "HKEY_CURRENT_USER": HKEY_CURRENT_USER,
    "HKEY_LOCAL_MACHINE": HKEY_LOCAL_MACHINE,
    "HKEY_USERS": HKEY_USERS,
}
KEY_QUERY_VALUE, KEY_SET_VALUE, KEY_ENUMERATE_SUB_KEYS = 0x1, 0x2, 0x8
KEY_READ, KEY_WRITE, KEY_ALL_ACCESS = 0x20019, 0x20006, 0xF003F
KEY_WOW64_64KEY, KEY_WOW64_32KEY = 0x100, 0x200
REG_NONE, REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ, REG_QWORD = 0, 1, 2, 3, 4, 7, 11
ENVIRONMENT = {"systemroot": r"C:\Windows", "programfiles": r"C:\Program Files", "windir": r"C:\Windows"}


class _Node:
    def __init__(self) -> None:
        self.children: dict[str, tuple[str, _Node]] = {}  # lower-case name -> (name, node)
        self.values: dict[str, tuple[str, Any, int]] = {}  # lower-case name -> (name, data, type)
        self.denied = False

    def child(self, name: str, create: bool = False) -> _Node | None:
        found = self.children.get(name.lower())
        if found is None and create:
            found = (name, _Node())
            self.children[name.lower()] = found
        return found[1] if found else None


def _typed(data: Any) -> tuple[Any, int]:
    if isinstance(data, tuple):
        return data
    if isinstance(data, bool | int):
        return int(data), REG_DWORD
    if isinstance(data, bytes):
        return data, REG_BINARY
    if isinstance(data, list):
        return data, REG_MULTI_SZ
    return str(data), REG_SZ


def _not_found() -> FileNotFoundError:
    error = FileNotFoundError(2, "The system cannot find the file specified")
    error.winerror = 2  # type: ignore[attr-defined]
    return error


def build(layout: dict[str, dict[str, Any]]) -> types.ModuleType:
    """A module with winreg's interface over `layout`; its `open_handles` and `accesses` are for assertions."""
    roots = {value: _Node() for value in HIVES.values()}
    for path, values in layout.items():
        hive, _, rest = path.partition("\\")
        node = roots[HIVES[hive]]
        for part in filter(None, rest.split("\\")):
            found = node.child(part, create=True)
            assert found is not None
            node = found
        for name, data in values.items():
            if name == "__denied__":
                node.denied = bool(data)
                continue
            value, kind = _typed(data)
            node.values[name.lower()] = (name, value, kind)

    module = types.ModuleType("winreg")
    state = {"open": 0}
    accesses: list[int] = []

    class HKEYType:
        def __init__(self, node: _Node) -> None:
            self._node: _Node | None = node
            state["open"] += 1

        def __enter__(self) -> HKEYType:
            return self

        def __exit__(self, *exc: object) -> bool:
            self.Close()
            return False

        def __bool__(self) -> bool:
            return self._node is not None

        def __int__(self) -> int:
            return id(self) if self._node else 0

        def Close(self) -> None:
            if self._node is not None:
                self._node = None
                state["open"] -= 1

        def Detach(self) -> int:
            handle = int(self)
            self.Close()
            return handle

        @property
        def node(self) -> _Node:
            if self._node is None:
                raise OSError(6, "The handle is invalid")
            return self._node

    def _node_of(key: Any) -> _Node:
        if isinstance(key, HKEYType):
            return key.node
        if isinstance(key, int) and key in roots:
            return roots[key]
        raise TypeError(f"The object is not a PyHKEY object (got {key!r})")

    def _walk(key: Any, sub_key: str | None, create: bool) -> _Node:
        node = _node_of(key)
        for part in filter(None, (sub_key or "").split("\\")):
            found = node.child(part, create=create)
            if found is None:
                raise _not_found()
            node = found
            if node.denied:
                raise PermissionError(13, "Access is denied")
        return node

    def OpenKey(key: Any, sub_key: str | None, reserved: int = 0, access: int = KEY_READ) -> HKEYType:
        accesses.append(access)
        return HKEYType(_walk(key, sub_key, create=False))

    def CreateKey(key: Any, sub_key: str | None, /) -> HKEYType:
        return HKEYType(_walk(key, sub_key, create=True))

    def CloseKey(hkey: Any, /) -> None:
        if isinstance(hkey, HKEYType):
            hkey.Close()

    def EnumKey(key: Any, index: int, /) -> str:
        names = sorted(name for name, _ in _node_of(key).children.values())
        if not 0 <= index < len(names):
            raise OSError(22, "No more data is available")  # winerror 259
        return names[index]

    def EnumValue(key: Any, index: int, /) -> tuple[str, Any, int]:
        values = sorted(_node_of(key).values.values())
        if not 0 <= index < len(values):
            raise OSError(22, "No more data is available")
        return values[index]

    def QueryInfoKey(key: Any, /) -> tuple[int, int, int]:
        node = _node_of(key)
        return len(node.children), len(node.values), 133_000_000_000_000_000

    def QueryValueEx(key: Any, name: str, /) -> tuple[Any, int]:
        found = _node_of(key).values.get((name or "").lower())
        if found is None:
            raise _not_found()
        return found[1], found[2]

    def SetValueEx(key: Any, value_name: str | None, reserved: Any, type: int, value: Any, /) -> None:
        _node_of(key).values[(value_name or "").lower()] = (value_name or "", value, type)

    def DeleteValue(key: Any, value: str, /) -> None:
        if _node_of(key).values.pop(value.lower(), None) is None:
            raise _not_found()

    def ExpandEnvironmentStrings(string: str, /) -> str:
        return re.sub(r"%([^%]+)%", lambda m: ENVIRONMENT.get(m.group(1).lower(), m.group(0)), string)

    functions = [OpenKey, CreateKey, CloseKey, EnumKey, EnumValue, QueryInfoKey, QueryValueEx, SetValueEx]
    functions += [DeleteValue, ExpandEnvironmentStrings]
    for function in functions:
        setattr(module, function.__name__, function)
    module.OpenKeyEx = OpenKey  # type: ignore[attr-defined]
    module.HKEYType = HKEYType  # type: ignore[attr-defined]
    module.error = OSError  # type: ignore[attr-defined]
    for name, value in list(globals().items()):
        if re.fullmatch(r"(HKEY|KEY|REG)_[A-Z0-9_]+", name):
            setattr(module, name, value)
    module.open_handles = lambda: state["open"]  # type: ignore[attr-defined]
    module.accesses = accesses  # type: ignore[attr-defined]
    return module
