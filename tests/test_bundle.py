"""Smoke test of the PyInstaller bundle (dist/certhelper/, `make bundle`): the binary alone, no Python.

Building it takes minutes, so `make test` runs these only when a bundle is there; `make bundle-test`
builds it if needed and makes its absence a failure (CERTHELPER_BUNDLE_REQUIRED=1).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from certhelper import __version__
from tests.helpers import ROOT, Store, run_cli

BUNDLE = ROOT / "dist" / "certhelper"
BINARY = BUNDLE / ("certhelper.exe" if os.name == "nt" else "certhelper")


def _stale() -> bool:
    """A bundle older than the code it was built from tests old code: `make test` leaves it alone."""
    built = BINARY.stat().st_mtime
    return any(p.stat().st_mtime > built for p in (ROOT / "certhelper").rglob("*.py"))


if not BINARY.is_file():
    if os.environ.get("CERTHELPER_BUNDLE_REQUIRED"):
        pytest.fail(f"no bundle at {BINARY}: run `make bundle`", pytrace=False)
    pytest.skip("no bundle (make bundle-test builds and runs it)", allow_module_level=True)
if _stale() and not os.environ.get("CERTHELPER_BUNDLE_REQUIRED"):
    pytest.skip("the bundle is older than the code (make bundle-test rebuilds and runs it)", allow_module_level=True)

pytestmark = pytest.mark.slow


def bundle_env(tmp_path: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Nothing of the checkout or the venv: the bundle must bring its own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "CERTHELPER_"))}
    env["PATH"] = "/usr/bin:/bin"
    env.update(
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        QT_QPA_PLATFORM="offscreen",
        **(extra or {}),
    )
    return env


def run(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BINARY), *args], capture_output=True, text=True, env=bundle_env(tmp_path, env), cwd=tmp_path, timeout=90
    )


def test_bundle_carries_translations_catalogue_icons_and_qt_plugins() -> None:
    shipped = {p.relative_to(BUNDLE).as_posix() for p in BUNDLE.rglob("*") if p.is_file()}
    for wanted in (
        "certhelper/resources/i18n/certhelper_fr.qm",
        "certhelper/resources/i18n/cli/fr/LC_MESSAGES/certhelper.mo",
        "certhelper/resources/catalogue/drivers.toml",
        "certhelper/resources/icons/certhelper.svg",
        "certhelper/resources/desktop/fr.certhelper.CertHelper.desktop",
    ):
        assert any(name.endswith(wanted) for name in shipped), wanted
    assert any(name.endswith("platforms/libqoffscreen.so") for name in shipped)
    assert any(name.endswith("platforms/libqxcb.so") for name in shipped)


def test_version(tmp_path: Path) -> None:
    done = run(tmp_path, "--version")
    assert done.returncode == 0 and done.stdout.strip() == f"certhelper {__version__}", done.stderr


def test_status_json_on_the_demo_token(tmp_path: Path, main_store: Store) -> None:
    """The bundle reads the token as the Python install does: same verdict (exit code), same tokens."""
    now = {"CERTHELPER_NOW": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")}  # the same instant for both
    done = run(tmp_path, "status", "--json", "--module", main_store.module, env={**main_store.env, **now})
    assert done.stdout and "Traceback" not in done.stderr, done.stderr
    reference = run_cli("status", "--json", "--module", main_store.module, env={**main_store.env, **now})
    assert done.returncode == reference.returncode
    ours, theirs = json.loads(done.stdout), json.loads(reference.stdout)
    tokens = [m["tokens"] for m in ours["modules"]]
    assert tokens[0] and tokens == [m["tokens"] for m in theirs["modules"]]
    assert ours["severity"] == theirs["severity"]
    assert main_store.description["tokens"][0]["label"] in json.dumps(ours, ensure_ascii=False)


def test_help_in_french(tmp_path: Path) -> None:
    done = run(tmp_path, "status", "--help", env={"LANG": "fr_FR.UTF-8"})
    assert done.returncode == 0 and "utilisation" in done.stdout


def children(pid: int) -> list[str]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            found.append(Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
    return found


def test_window_opens_offscreen_with_its_token_worker(tmp_path: Path, main_store: Store) -> None:
    env = bundle_env(tmp_path, {**main_store.env, "LANG": "fr_FR.UTF-8"})
    proc = subprocess.Popen(
        [str(BINARY), "--module", main_store.module],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        deadline, workers = time.monotonic() + 30, []
        while time.monotonic() < deadline and proc.poll() is None:
            workers = [c for c in children(proc.pid) if "certhelper.core.tokens.watch" in c]
            if workers:
                time.sleep(2)  # the worker answers and the window shows the token
                break
            time.sleep(0.3)
        assert proc.poll() is None, proc.communicate()[1]
        assert workers, "the window did not start its token worker (`certhelper -m …` in the bundle)"
        assert proc.poll() is None
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "Traceback" not in err and "could not load the Qt platform plugin" not in err, err
