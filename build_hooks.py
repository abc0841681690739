"""setuptools build step: compile the translations into every wheel and sdist.

- Qt: resources/i18n/*.ts -> *.qm with PySide6's lrelease (PySide6-Essentials is a build requirement);
- command line: resources/i18n/cli/LANG/LC_MESSAGES/*.po -> *.mo with Babel (certhelper.i18n_build).

The wheel gets them in its build folder (the checkout is left alone); the sdist gets them beside
their sources, so a wheel built from the sdist has them even where no lrelease runs.
Imported by setup.py; `python build_hooks.py DIR` compiles in DIR/resources (used by the bundle).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

ROOT = Path(__file__).resolve().parent


def lrelease() -> str:
    """PySide6's lrelease: the console script beside this interpreter, else the binary inside PySide6."""
    found = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lrelease")
    if found:
        return found
    try:
        import PySide6
    except ImportError as exc:
        raise SystemExit("certhelper build: PySide6 is needed to compile the Qt translations (lrelease)") from exc
    for name in ("lrelease", "lrelease.exe", "Qt/libexec/lrelease"):
        candidate = Path(PySide6.__file__).parent / name
        if candidate.is_file():
            return str(candidate)
    raise SystemExit("certhelper build: no lrelease in PySide6")


def compile_qt(i18n: Path) -> list[Path]:
    """Every i18n/*.ts -> .qm (unfinished entries left out, as lrelease does)."""
    sources = sorted(i18n.glob("*.ts"))
    if not sources:
        return []
    tool = lrelease()
    out = []
    for ts in sources:
        qm = ts.with_suffix(".qm")
        subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], check=True)
        if not qm.is_file() or qm.stat().st_size == 0:
            raise SystemExit(f"certhelper build: lrelease wrote no {qm.name}")
        out.append(qm)
    return out


def compile_cli(cli_dir: Path) -> list[Path]:
    """Every LANG/LC_MESSAGES/*.po -> .mo, with the project's own Babel compiler."""
    if not any(cli_dir.glob("*/LC_MESSAGES/*.po")):
        return []
    sys.path.insert(0, str(ROOT))
    try:
        from certhelper.i18n_build import compile_catalogues
    finally:
        sys.path.remove(str(ROOT))
    return list(compile_catalogues(cli_dir))


def compile_all(resources: Path) -> list[Path]:
    i18n = resources / "i18n"
    return compile_qt(i18n) + compile_cli(i18n / "cli")


class BuildPyWithTranslations(build_py):
    def run(self) -> None:
        super().run()
        built = Path(self.build_lib) / "certhelper" / "resources"
        for path in compile_all(built):
            self.announce(f"compiled {path.relative_to(self.build_lib)}", level=2)


class SdistWithTranslations(sdist):
    def run(self) -> None:
        compile_all(ROOT / "resources")
        super().run()


COMMANDS = {"build_py": BuildPyWithTranslations, "sdist": SdistWithTranslations}

if __name__ == "__main__":
    for p in compile_all(Path(sys.argv[1]) / "resources" if len(sys.argv) > 1 else ROOT / "resources"):
        print(p)
