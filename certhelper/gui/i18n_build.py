"""Build the Qt translations: resources/i18n/*.ts -> *.qm with PySide6's lrelease (run by make)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from certhelper.paths import resources_dir


def lrelease() -> str | None:
    found = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lrelease")
    return found


def build() -> int:
    tool = lrelease()
    sources = sorted((resources_dir() / "i18n").glob("*.ts"))
    if not sources:
        return 0
    if tool is None:
        print("pyside6-lrelease not found (pip install PySide6-Essentials)", file=sys.stderr)
        return 1
    for ts in sources:
        subprocess.run([tool, "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(build())
