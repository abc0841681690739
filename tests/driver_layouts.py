"""Workstations laid out in a folder: the files a driver installation leaves, for core.middleware.

The paths are the catalogue's own (resources/catalogue/drivers.toml), placed under a temp root the
way CERTHELPER_SYSROOT reads them (C:\\... becomes <root>/C/...). Processes are <root>/proc/<pid>/comm.
"""

from __future__ import annotations

from pathlib import Path

from certhelper.core.tokens.discovery import rooted

ELF = b"\x7fELF" + b"\0" * 60  # enough to look like a library; never loaded by these tests
PE = b"MZ" + b"\0" * 62

IDOPTE = {
    "linux": ["/usr/lib/SCMiddleware/libidop11.so", "/usr/lib/SCMiddleware/idocachesrv"],
    "macos": ["/Library/SCMiddleware/libidop11.dylib"],
    "windows": [r"C:\Program Files\Smart Card Middleware\bin\idoPKCS.dll"],
}
# Hashlogic's file names are unknown: an install folder is what gives it away.
HASHLOGIC = {
    "linux": ["/opt/hashlogic/README"],
    "macos": ["/Applications/HashLogic Token Manager.app/Contents/Info.plist"],
    "windows": [r"C:\Program Files (x86)\Hashlogic\bin\readme.txt"],
}
OPENSC_LINUX = ["/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", "/usr/sbin/pcscd"]


def lay_out(root: Path, paths: list[str]) -> Path:
    """Create each file (as a fake binary) under `root`; returns root."""
    for path in paths:
        target = rooted(path, str(root))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(PE if path.lower().endswith(".dll") else ELF)
    return root


def run_processes(root: Path, names: list[str]) -> Path:
    """<root>/proc/<pid>/comm for each running process name (an empty /proc when names is [])."""
    (root / "proc").mkdir(parents=True, exist_ok=True)
    (root / "proc" / "self").mkdir(exist_ok=True)  # not a pid: must be ignored
    for pid, name in enumerate(names, start=100):
        (root / "proc" / str(pid)).mkdir()
        (root / "proc" / str(pid) / "comm").write_text(name + "\n", encoding="utf-8")
    return root
