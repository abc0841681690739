"""Compile the fault-injecting PKCS#11 module (fault_pkcs11.c) with the system C compiler.

The module forwards to a private copy of SoftHSM2's library: a process that also loads SoftHSM2
directly (the GUI's scan worker reading two modules) then holds two independent instances, as it
would with two vendors' drivers, instead of one library initialised twice.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

SOURCE = Path(__file__).with_name("fault_pkcs11.c")
P11_KIT_INCLUDE = Path("/usr/include/p11-kit-1")  # pkcs11.h, from Debian's libp11-kit-dev


class BuildError(RuntimeError):
    pass


def build(directory: Path, softhsm_module: str) -> Path:
    """Build libfaultp11.so in `directory`; returns its path."""
    compiler = shutil.which("gcc") or shutil.which("cc")
    if compiler is None:
        raise BuildError("no C compiler: apt-get install gcc libc6-dev (make test does it)")
    if not (P11_KIT_INCLUDE / "p11-kit" / "pkcs11.h").is_file():
        raise BuildError("p11-kit/pkcs11.h not found: apt-get install libp11-kit-dev (make test does it)")
    directory.mkdir(parents=True, exist_ok=True)
    real_copy = directory / "libsofthsm2-copy.so"
    shutil.copyfile(softhsm_module, real_copy)
    output = directory / "libfaultp11.so"
    command = [
        compiler,
        "-shared",
        "-fPIC",
        "-O1",
        "-Wall",
        "-Wextra",
        "-Werror",
        "-Wno-unused-parameter",
        f"-I{P11_KIT_INCLUDE}",
        f'-DREAL_MODULE="{real_copy}"',
        "-o",
        str(output),
        str(SOURCE),
        "-ldl",
    ]
    proc = subprocess.run(command, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise BuildError(f"compiling {SOURCE.name} failed:\n{proc.stderr}")
    return output
