"""The layers hold (import-linter's contracts in pyproject.toml), and they can fail: a core module that
imports PySide6 breaks them. Every third-party package the code imports is declared in pyproject.toml."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(checkout: Path) -> subprocess.CompletedProcess[str]:
    if not LINT_IMPORTS.is_file():
        pytest.fail("lint-imports is missing: pip install import-linter (the dev extra)")
    env = {**os.environ, "PYTHONPATH": str(checkout)}  # this checkout's certhelper, not the installed one
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--config", str(checkout / "pyproject.toml")],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_the_contracts_hold_and_fail_when_the_core_imports_qt(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "certhelper", checkout / "certhelper", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", checkout / "pyproject.toml")
    kept = lint_imports(checkout)
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert "0 broken" in kept.stdout

    victim = checkout / "certhelper" / "core" / "settings.py"
    victim.write_text(victim.read_text(encoding="utf-8") + "\nfrom PySide6 import QtCore  # noqa\n", encoding="utf-8")
    broken = lint_imports(checkout)
    assert broken.returncode != 0
    assert re.search(r"The core imports neither Qt.*BROKEN", broken.stdout.replace("\n", " "))
    assert "certhelper.core.settings -> PySide6" in broken.stdout


def third_party_imports() -> dict[str, set[str]]:
    """Top-level third-party names imported anywhere in the package -> the files importing them."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / "certhelper").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top != "certhelper":
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def declared() -> set[str]:
    with (ROOT / "pyproject.toml").open("rb") as fh:
        project = tomllib.load(fh)["project"]
    return {re.split(r"[\s;<>=!~\[]", req, maxsplit=1)[0].lower().replace("_", "-") for req in project["dependencies"]}


def test_every_imported_package_is_declared() -> None:
    by_module = packages_distributions()
    deps = declared()
    missing = {}
    for module, files in sorted(third_party_imports().items()):
        dists = {d.lower().replace("_", "-") for d in by_module.get(module, [module])}
        if not dists & deps:
            missing[module] = sorted(files)
    assert missing == {}, f"imported but not in [project] dependencies: {missing}"
