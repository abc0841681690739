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


# ---- Windows registries, as recorded key paths and values (tests/winreg_standin.py reads them) ----
# Key paths are the facts sheet's; the values are what such installs leave. UNCONFIRMED for Idopte and
# Hashlogic: their GUIDs, versions, card names and ATRs are illustrative, marked as such in the README.
UNINSTALL = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"
UNINSTALL_WOW64 = r"HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows\CurrentVersion\Uninstall"
UNINSTALL_USER = r"HKEY_CURRENT_USER\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall"
SERVICES = r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services"
SMART_CARDS = r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Cryptography\Calais\SmartCards"
REG_EXPAND_SZ = 2
IAS_ECC_ATR = bytes.fromhex("3BFF9600008131FE4380318065B0846566FB120183900085")  # illustrative
IAS_ECC_MASK = bytes.fromhex("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF0000")

WINDOWS_IDOPTE = {
    UNINSTALL + r"\{5E7B7E53-2B9E-4C1B-9F0D-1D5C1A8B4A10}": {
        "DisplayName": "Smart Card Middleware",
        "DisplayVersion": "6.23.34.0",
        "Publisher": "Idopte",
        "InstallLocation": "C:\\Program Files\\Smart Card Middleware\\",
    },
    UNINSTALL + r"\KB5034441": {"ParentKeyName": "OperatingSystem"},  # an update: no DisplayName
    UNINSTALL + r"\OpenSC": {"DisplayName": "OpenSC", "DisplayVersion": "0.25.1.0"},
    UNINSTALL + r"\Locked": {"__denied__": True, "DisplayName": "never read"},  # a key this user may not open
    UNINSTALL + r"\OddTypes": {"DisplayName": 42, "DisplayVersion": b"\x01"},  # wrong value types
    UNINSTALL_USER + r"\certhelper": {"DisplayName": "certhelper", "DisplayVersion": ("0.1.0", 1)},
    SERVICES + r"\SCardSvr": {
        "ImagePath": (r"%SystemRoot%\system32\svchost.exe -k LocalServiceAndNoImpersonation", REG_EXPAND_SZ),
        "Start": 3,
    },
    SERVICES + r"\CertPropSvc": {"ImagePath": (r"%SystemRoot%\system32\svchost.exe -k netsvcs", REG_EXPAND_SZ)},
    SMART_CARDS + r"\Idopte IAS-ECC": {
        "ATR": IAS_ECC_ATR,
        "ATRMask": IAS_ECC_MASK,
        "80000001": "idoMiniDriver.dll",
        "Crypto Provider": "Microsoft Base Smart Card Crypto Provider",
    },
    SMART_CARDS + r"\Identity Device (NIST SP 800-73 [PIV])": {
        "ATR": bytes.fromhex("3B8880010000000000000000"),
        "ATRMask": bytes.fromhex("FFFF00000000000000000000"),
        "80000001": "msclmd.dll",
    },
    SMART_CARDS + r"\No ATR": {"80000001": "x.dll"},  # incomplete: ignored
}
# The same workstation after the old driver was installed too: a 32-bit uninstall entry, and a second
# minidriver claiming the ChamberSign card's ATR (the facts sheet's suspected conflict).
WINDOWS_IDOPTE_AND_HASHLOGIC = {
    **WINDOWS_IDOPTE,
    UNINSTALL_WOW64 + r"\{0B1F0000-HASH-LOGIC}": {"DisplayName": "Hashlogic Token Manager", "DisplayVersion": "3.1"},
    SMART_CARDS + r"\Hashlogic IAS": {
        "ATR": bytes([b & m for b, m in zip(IAS_ECC_ATR, IAS_ECC_MASK, strict=True)]),
        "80000001": "hlminidriver.dll",
    },
}
