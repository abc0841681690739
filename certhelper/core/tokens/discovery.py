"""Which PKCS#11 modules to read: the ones asked for, or those found on this workstation.

Explicit choices (--module, CERTHELPER_PKCS11_MODULE) replace discovery. Otherwise: the module
paths the catalogue knows for this OS, plus, on Linux, the modules registered with p11-kit.
Each candidate says where it came from.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from certhelper.core.guidance.catalogue import Catalogue

ENV_MODULES = "CERTHELPER_PKCS11_MODULE"
ENV_SYSROOT = "CERTHELPER_SYSROOT"
P11KIT_MODULE_DIRS = (
    "/usr/lib/x86_64-linux-gnu/pkcs11",
    "/usr/lib/aarch64-linux-gnu/pkcs11",
    "/usr/lib64/pkcs11",
    "/usr/lib/pkcs11",
)


@dataclass(frozen=True)
class Candidate:
    path: str
    source: str  # "option", "environment", "catalogue:<driver id>", "p11-kit:<file>"
    name: str = ""  # the catalogue's name for it, when known
    driver: str = ""  # the catalogue's driver id, when known


def current_os() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "macos"
    return "linux"


def rooted(path: str, sysroot: str | None) -> Path:
    """`path` as seen under `sysroot` (a temp dir laid out like a workstation, for tests/support)."""
    if not sysroot:
        return Path(path)
    if "\\" in path or (len(path) > 1 and path[1] == ":"):
        win = PureWindowsPath(path)
        parts = [win.drive.rstrip(":").upper() or "C", *win.parts[1:]]
        return Path(sysroot, *parts)
    return Path(sysroot, path.lstrip("/"))


def _env_paths(value: str | None) -> list[str]:
    return [p for p in (value or "").split(os.pathsep) if p.strip()]


def explicit_modules(options: Sequence[str] | None, environ: dict[str, str] | None = None) -> list[Candidate]:
    """--module paths if any, else CERTHELPER_PKCS11_MODULE (a path list); [] means discover."""
    if options:
        return [Candidate(str(p), "option") for p in dict.fromkeys(options)]
    env = os.environ if environ is None else environ
    return [Candidate(p, "environment") for p in dict.fromkeys(_env_paths(env.get(ENV_MODULES)))]


def _p11kit_modules(catalogue: Catalogue, sysroot: str | None) -> Iterable[Candidate]:
    for directory in catalogue.p11kit_dirs:
        folder = rooted(directory, sysroot)
        if not folder.is_dir():
            continue
        for conf in sorted(folder.glob("*.module")):
            try:
                lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            settings = dict(
                (k.strip(), v.strip())
                for k, _, v in (ln.partition(":") for ln in lines if ":" in ln and not ln.lstrip().startswith("#"))
            )
            module = settings.get("module")
            if not module:
                continue
            if not os.path.isabs(module):
                found = [rooted(d, sysroot) / module for d in P11KIT_MODULE_DIRS]
                module = str(next((p for p in found if p.exists()), found[0]))
            elif sysroot:
                module = str(rooted(module, sysroot))
            yield Candidate(module, f"p11-kit:{conf.name}")


def discover(catalogue: Catalogue, sysroot: str | None = None, os_name: str | None = None) -> list[Candidate]:
    """Modules present on this workstation, catalogue first, then p11-kit; no duplicates."""
    os_name = os_name or current_os()
    found: list[Candidate] = []
    for driver in catalogue.drivers:
        for path in driver.modules.get(os_name, ()):
            where = rooted(path, sysroot)
            if where.is_file():
                found.append(Candidate(str(where), f"catalogue:{driver.id}", driver.name, driver.id))
    if os_name == "linux":
        for cand in _p11kit_modules(catalogue, sysroot):
            if any(pattern in Path(cand.path).name or pattern in cand.source for pattern in catalogue.p11kit_ignore):
                continue
            found.append(cand)
    unique: dict[str, Candidate] = {}
    for cand in found:
        key = os.path.realpath(cand.path)
        unique.setdefault(key, cand)
    return list(unique.values())


def name_module(path: str, catalogue: Catalogue, os_name: str | None = None) -> tuple[str, str]:
    """(catalogue name, driver id) for a module path, matching on the file name; ("", "") if unknown."""
    os_name = os_name or current_os()
    base = os.path.basename(path.replace("\\", "/")).lower()
    for driver in catalogue.drivers:
        for known in driver.modules.get(os_name, ()):
            if os.path.basename(known.replace("\\", "/")).lower() == base:
                return driver.name, driver.id
    return "", ""


def sysroot() -> str | None:
    """CERTHELPER_SYSROOT: look for drivers under this folder, laid out like a workstation (support/test aid)."""
    return os.environ.get(ENV_SYSROOT) or None
