"""Which token drivers (PKCS#11 middleware) are installed on this workstation, from the catalogue.

A driver is found by what proves it: its module files, its install folders, folders whose name
matches one of its patterns (Hashlogic: exact file names unknown), and on Windows the uninstall
entries of the registry. On Linux we also say whether its service (idocachesrv, pcscd) runs.
The filesystem root and the registry/process readers are parameters, so tests and the support
desk (CERTHELPER_SYSROOT) can point the detection at a workstation laid out in a folder.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from certhelper.core.guidance.catalogue import Catalogue, DriverSpec
from certhelper.core.tokens.discovery import current_os, rooted
from certhelper.core.workstation import registry

logger = logging.getLogger(__name__)

UninstallReader = Callable[[], list[tuple[str, str]]]  # (display name, display version)
ProcessReader = Callable[[], set[str]]

# Where a service's program may sit besides the driver's own install folders (Linux).
_SERVICE_DIRS = ("/usr/sbin", "/usr/bin", "/sbin", "/usr/local/sbin", "/usr/local/bin")
_COMM_LENGTH = 15  # Linux truncates /proc/<pid>/comm to 15 characters


@dataclass(frozen=True)
class DriverFound:
    id: str
    name: str
    legacy: bool
    role: str  # "token", "generic", "software"
    evidence: tuple[str, ...]  # paths and uninstall entries that prove it is installed
    module_paths: tuple[str, ...]  # its PKCS#11 module files present on this workstation
    services: dict[str, bool | None] = field(default_factory=dict)  # service -> running (None: unknown)
    version: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "legacy": self.legacy,
            "role": self.role,
            "evidence": list(self.evidence),
            "module_paths": list(self.module_paths),
            "services": dict(self.services),
            "version": self.version,
        }


@dataclass(frozen=True)
class Drivers:
    os: str
    found: tuple[DriverFound, ...]
    checked: tuple[str, ...] = ()  # ids of every catalogue driver looked for (found or not)

    def has(self, driver_id: str) -> bool:
        return self.get(driver_id) is not None

    def get(self, driver_id: str) -> DriverFound | None:
        return next((d for d in self.found if d.id == driver_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {"os": self.os, "checked": list(self.checked), "found": [d.to_dict() for d in self.found]}


def windows_uninstall_entries() -> list[tuple[str, str]]:
    """(DisplayName, DisplayVersion) of every program in the Windows uninstall registry keys."""
    none: list[registry.UninstallEntry] = []
    return [(e.name, e.version) for e in registry.safely(registry.uninstall_entries, none)]


def linux_processes(sysroot: str | None = None) -> set[str] | None:
    """Names of the running processes (from /proc/<pid>/comm); None when /proc cannot be read."""
    proc = rooted("/proc", sysroot)
    try:
        pids = [p for p in proc.iterdir() if p.name.isdigit()]
    except OSError:
        return None
    names: set[str] = set()
    for pid in pids:
        try:
            names.add((pid / "comm").read_text(encoding="utf-8", errors="replace").strip())
        except OSError:
            continue  # the process ended while we listed it
    return names


def _pattern_matches(spec: DriverSpec, os_name: str, sysroot: str | None) -> list[str]:
    """Folders next to the driver's install folders whose name contains one of its patterns."""
    if not spec.name_patterns:
        return []
    found: list[str] = []
    parents = {rooted(d, sysroot).parent for d in spec.install_dirs.get(os_name, ())}
    for parent in sorted(parents):
        try:
            entries = sorted(parent.iterdir())
        except OSError:
            continue
        for entry in entries:
            if any(p.casefold() in entry.name.casefold() for p in spec.name_patterns):
                found.append(str(entry))
    return found


def _uninstall_matches(spec: DriverSpec, os_name: str, entries: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    wanted = [n.casefold() for n in (*spec.uninstall_names.get(os_name, ()), *spec.name_patterns)]
    return [(name, version) for name, version in entries if any(w in name.casefold() for w in wanted)]


def _service_installed(service: str, spec: DriverSpec, os_name: str, sysroot: str | None) -> bool:
    folders = (*spec.install_dirs.get(os_name, ()), *_SERVICE_DIRS)
    return any(rooted(f"{folder}/{service}", sysroot).is_file() for folder in folders)


def _services(
    spec: DriverSpec, os_name: str, sysroot: str | None, processes: Callable[[], set[str] | None]
) -> dict[str, bool | None]:
    out: dict[str, bool | None] = {}
    for service in spec.services.get(os_name, ()):
        running_now = processes()
        running = None if running_now is None else service[:_COMM_LENGTH] in running_now
        # A service counts when its program is installed, or when it runs from somewhere unexpected.
        if running or _service_installed(service, spec, os_name, sysroot):
            out[service] = running
    return out


def _detect_one(
    spec: DriverSpec,
    os_name: str,
    sysroot: str | None,
    entries: list[tuple[str, str]],
    processes: Callable[[], set[str] | None],
) -> DriverFound | None:
    modules = [str(p) for p in (rooted(m, sysroot) for m in spec.modules.get(os_name, ())) if p.is_file()]
    folders = [str(p) for p in (rooted(d, sysroot) for d in spec.install_dirs.get(os_name, ())) if p.is_dir()]
    folders += [f for f in _pattern_matches(spec, os_name, sysroot) if f not in folders]
    uninstall = _uninstall_matches(spec, os_name, entries)
    evidence = [*modules, *folders, *(f"uninstall entry: {name} {version}".strip() for name, version in uninstall)]
    if not evidence:
        return None
    version = next((v for _, v in uninstall if v), None)
    logger.info("driver %s found: %s", spec.id, "; ".join(evidence))
    return DriverFound(
        id=spec.id,
        name=spec.name,
        legacy=spec.legacy,
        role=spec.role,
        evidence=tuple(dict.fromkeys(evidence)),
        module_paths=tuple(modules),
        services=_services(spec, os_name, sysroot, processes),
        version=version,
    )


def detect_drivers(
    catalogue: Catalogue,
    *,
    sysroot: str | None = None,
    os_name: str | None = None,
    uninstall_entries: UninstallReader | None = None,
    running_processes: ProcessReader | None = None,
) -> Drivers:
    """The catalogue's drivers installed on this workstation (or on the one laid out under sysroot)."""
    os_name = os_name or current_os()
    if uninstall_entries is None:
        # The real registry only describes the real machine, never a laid-out sysroot.
        uninstall_entries = windows_uninstall_entries if os_name == "windows" and not sysroot else list
    try:
        entries = list(uninstall_entries())
    except OSError as exc:
        logger.warning("cannot read the uninstall entries: %s", exc)
        entries = []

    cache: list[set[str] | None] = []

    def processes() -> set[str] | None:
        if not cache:  # read /proc once, and only if a driver has a service to check
            if running_processes is not None:
                cache.append(running_processes())
            elif os_name == "linux":
                cache.append(linux_processes(sysroot))
            else:
                cache.append(None)
        return cache[0]

    found = [d for spec in catalogue.drivers if (d := _detect_one(spec, os_name, sysroot, entries, processes))]
    return Drivers(os=os_name, found=tuple(found), checked=tuple(spec.id for spec in catalogue.drivers))


def drivers_from_dict(data: dict[str, Any]) -> Drivers:
    """The inverse of Drivers.to_dict (reports and the GUI's worker pass drivers as JSON)."""
    found = tuple(
        DriverFound(
            id=d["id"],
            name=d["name"],
            legacy=bool(d["legacy"]),
            role=d["role"],
            evidence=tuple(d.get("evidence", ())),
            module_paths=tuple(d.get("module_paths", ())),
            services=dict(d.get("services", {})),
            version=d.get("version"),
        )
        for d in data.get("found", ())
    )
    return Drivers(os=data["os"], found=found, checked=tuple(data.get("checked", ())))
