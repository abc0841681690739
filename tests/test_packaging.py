"""What a user installs: the wheel carries resources, compiled translations and the desktop files, and
the app installed from it (in a new virtual environment) speaks French under a French locale.

Speed: the wheel is built once per module, from a clean copy of the sources (so the build step, not a
leftover .qm, must provide the translations). The new environment has no pip and no packages of its
own: a .pth file points at this interpreter's site-packages for the dependencies (PySide6 & co.); a
path added by a .pth does not run the .pth files inside it, so the checkout's editable install stays
out and certhelper comes from the wheel.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from certhelper.core.workstation.desktop_entry import APP_ID, ICON_SIZES
from tests.helpers import ROOT

pytestmark = pytest.mark.slow


def clean_copy(target: Path) -> Path:
    """The files git would ship (tracked or new, not ignored): no compiled .qm/.mo, no .venv."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (n.decode() for n in listed)):
        source = ROOT / name
        if source.is_file() and not name.endswith((".qm", ".mo")):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _venv_seeing_these_packages(venv: Path, pth_name: str) -> Path:
    """A new virtual environment (no pip) whose site-packages sees this interpreter's, through a .pth
    file named `pth_name`: the packages installed here come from there, nothing is downloaded."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(site) / pth_name).write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


def build_environment(venv: Path) -> Path:
    """A Python with pyproject.toml's [build-system] requirements, for `pip wheel --no-build-isolation`.

    pip's own isolated build environment would download and unpack PySide6 (some 80 MB) on every run:
    here the requirements this interpreter already satisfies come from it (a .pth file, as for
    `installed`), and only the others (a newer setuptools, wheel) are installed into the new environment.
    """
    from importlib import metadata

    from packaging.requirements import Requirement

    python = _venv_seeing_these_packages(venv, "zz_certhelper_build_deps.pth")
    missing = []
    for text in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]["requires"]:
        requirement = Requirement(text)
        try:
            have = requirement.specifier.contains(metadata.version(requirement.name), prereleases=True)
        except metadata.PackageNotFoundError:
            have = False
        if not have:
            missing.append(text)
    if missing:  # into the new environment only (--ignore-installed: nothing of this interpreter's is touched)
        subprocess.run(
            [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--ignore-installed", *missing],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return python


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = clean_copy(tmp_path_factory.mktemp("source"))
    assert not list(source.rglob("*.qm"))
    out = tmp_path_factory.mktemp("wheel")
    python = build_environment(tmp_path_factory.mktemp("build-env"))
    subprocess.run(
        [str(python), "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("certhelper-*.whl"))


def test_wheel_carries_resources_and_finds_them_once_installed(wheel: Path, installed: Path, tmp_path: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "certhelper/resources/catalogue/drivers.toml" in names
    assert any(n.startswith("certhelper/ui/") for n in names) or not list((ROOT / "ui").glob("*.ui"))
    probe = (
        "import certhelper.paths as p, certhelper.core.guidance.catalogue as c; "
        "print(p.catalogue_dir()); print(c.load(extra_dirs=[]).providers['chambersign']['phone'])"
    )
    site = subprocess.run(  # the environment the wheel was installed into (the `installed` fixture)
        [str(installed), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    out = subprocess.run(
        [str(installed), "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=user_env(tmp_path, "C.UTF-8"),
        check=True,
    ).stdout.splitlines()
    assert out[0] == str(Path(site) / "certhelper" / "resources" / "catalogue")
    assert out[1] == "0 892 230 252"


def test_wheel_ships_compiled_translations_and_desktop_files(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    for ts in (ROOT / "resources" / "i18n").glob("*.ts"):
        qm = f"certhelper/resources/i18n/{ts.stem}.qm"
        assert qm in names, f"{qm}: the build step did not compile {ts.name}"
        assert archive.read(qm)[:16] == bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")  # Qt's .qm magic
    for po in (ROOT / "resources" / "i18n" / "cli").glob("*/LC_MESSAGES/*.po"):
        mo = f"certhelper/resources/{po.relative_to(ROOT / 'resources').with_suffix('.mo').as_posix()}"
        assert mo in names, f"{mo}: the build step did not compile {po.name}"
    assert f"certhelper/resources/desktop/{APP_ID}.desktop" in names
    assert f"certhelper/resources/desktop/{APP_ID}.metainfo.xml" in names
    assert f"certhelper/resources/icons/hicolor/scalable/apps/{APP_ID}.svg" in names
    for size in ICON_SIZES:
        assert f"certhelper/resources/icons/hicolor/{size}x{size}/apps/{APP_ID}.png" in names


PROBE = """
import json, re, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel
import certhelper, certhelper.paths
from certhelper.cli.main import parse
from certhelper.gui.app import App, application

app = application()
controller = App(parse([]))
controller.start()

def dump():
    w = controller.window
    texts = [w.windowTitle()]
    for widget in w.findChildren(QLabel) + w.findChildren(QAbstractButton) + w.findChildren(QGroupBox):
        if widget.isVisibleTo(w):
            text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
            texts.append(re.sub(r"<[^>]+>", "", text).replace("&", "").strip())
    print(json.dumps({"package": certhelper.__file__, "resources": str(certhelper.paths.resources_dir()),
                      "texts": [t for t in texts if t]}))
    app.quit()

QTimer.singleShot(300, dump)
app.exec()
controller.stop()
"""


def translations() -> dict[str, str]:
    """Our English source texts -> French (those that differ), from the .ts."""
    tree = ET.parse(ROOT / "resources" / "i18n" / "certhelper_fr.ts")
    pairs = {}
    for message in tree.getroot().iter("message"):
        source, french = message.findtext("source") or "", message.findtext("translation") or ""
        if french and source.replace("&", "") != french.replace("&", "") and "%" not in source:
            pairs[source.replace("&", "")] = french.replace("&", "")
    return pairs


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel installed; the dependencies come through a .pth file."""
    venv = tmp_path_factory.mktemp("venv")
    python = _venv_seeing_these_packages(venv, "zz_certhelper_test_deps.pth")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return python


def user_env(tmp_path: Path, lang: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "CERTHELPER_", "PYTHON"))}
    empty = tmp_path / "no-drivers"
    empty.mkdir(exist_ok=True)
    env.update(
        LANG=lang,
        QT_QPA_PLATFORM="offscreen",
        CERTHELPER_SYSROOT=str(empty),  # no driver found: the window's empty state, no worker
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    return env


def window_texts(python: Path, tmp_path: Path, lang: str) -> dict[str, object]:
    probe = tmp_path / "probe.py"
    probe.write_text(PROBE, encoding="utf-8")
    done = subprocess.run(
        [str(python), str(probe)],
        capture_output=True,
        text=True,
        env=user_env(tmp_path, lang),
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_installed_app_window_is_french_under_a_french_locale(installed: Path, tmp_path: Path) -> None:
    pairs = translations()
    french = window_texts(installed, tmp_path, "fr_FR.UTF-8")
    assert str(french["package"]).startswith(str(installed.parent.parent)), "certhelper did not come from the wheel"
    assert (Path(str(french["resources"])) / "i18n" / "certhelper_fr.qm").is_file()
    texts = list(french["texts"])  # type: ignore[call-overload]
    assert [t for t in texts if t in pairs] == [], "English left in the French window"
    assert len([t for t in texts if t in pairs.values()]) >= 3, texts
    english = window_texts(installed, tmp_path, "en_GB.UTF-8")["texts"]
    assert [t for t in english if t in pairs]  # type: ignore[union-attr]  # the check can see English


def test_installed_command_line_speaks_french(installed: Path, tmp_path: Path) -> None:
    script = installed.parent / "certhelper"
    env = user_env(tmp_path, "fr_FR.UTF-8")
    assert subprocess.run([str(script), "--version"], capture_output=True, text=True, env=env).stdout.startswith(
        "certhelper "
    )
    helped = subprocess.run([str(script), "status", "--help"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert helped.returncode == 0
    assert re.search(r"^utilisation ?:", helped.stdout, re.M), helped.stdout[:200]


def ts_messages(path: Path) -> dict[tuple[str, str], str]:
    """(context, source) -> translation (empty when unfinished), of the messages still in use."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            if kind in ("vanished", "obsolete"):
                continue
            text = "".join(translation.itertext()).strip() if translation is not None else ""
            found[(context.findtext("name") or "", message.findtext("source") or "")] = "" if kind else text
    return found


@pytest.mark.parametrize(("name", "flags"), [("certhelper_fr.ts", []), ("certhelper_en.ts", ["-pluralonly"])])
def test_qt_translation_sources_are_current(tmp_path: Path, name: str, flags: list[str]) -> None:
    """`make translations` would change nothing: every tr() text of the code is in the .ts (with a
    French translation), and the .ts holds no text the code no longer has. Same lupdate call as the Makefile."""
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent)) or shutil.which("pyside6-lupdate")
    assert lupdate, "pyside6-lupdate (PySide6) is needed"
    original = ROOT / "resources" / "i18n" / name
    refreshed = tmp_path / name
    shutil.copyfile(original, refreshed)
    sources = sorted(
        str(p.relative_to(ROOT)) for p in [*(ROOT / "certhelper" / "gui").glob("*.py"), *(ROOT / "ui").glob("*.ui")]
    )
    subprocess.run([lupdate, *sources, "-ts", str(refreshed), "-no-obsolete", "-silent", *flags], cwd=ROOT, check=True)
    before, after = ts_messages(original), ts_messages(refreshed)
    assert sorted(set(after) - set(before)) == [], f"texts of the code missing from {name}: run `make translations`"
    assert sorted(set(before) - set(after)) == [], f"texts in {name} the code no longer has: run `make translations`"
    if name == "certhelper_fr.ts":
        assert sorted(k for k, v in after.items() if not v) == [], "texts without a French translation"
