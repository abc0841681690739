"""No PIN anywhere: after real PIN tests (GUI dialog and CLI) with a known PIN, search every file the
app could write (settings, store, reports, logs, caches, the keyring's file backend) and every
output stream for it. Zero hits. Searching the files of a home where the app really ran is what
makes the test meaningful: each file is checked to exist first.

The CLI's run stays in real processes: the PIN is typed on stdin of a session without a terminal
(getpass), and the keyring backend is the one the environment names at start-up.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import os
import pickle
import re
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from certhelper.core.reminders import credentials
from certhelper.core.tokens.discovery import Candidate
from certhelper.core.tokens.scan import take_snapshot
from tests.fault_module.control import FaultModule
from tests.helpers import MAIN_TOKEN, ROOT, Store, build_store

pytest_plugins = ["tests.fault_module.fixtures"]  # builds the fault module; make_fault, reliability_numbers

SECRET = "Pin-7r3s-S3cr3t"  # the token's PIN: long and odd enough never to appear by chance
WRONG = "Wr0ng-P1n-Typed"


@pytest.fixture(scope="module")
def secret_store(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(
        tmp_path_factory.mktemp("secret-store"),
        [{"label": "Clé secrète", "pin": SECRET, "objects": [MAIN_TOKEN["objects"][0]]}],
    )


def contains(data: bytes, text: str) -> bool:
    """`text` in raw bytes, as UTF-8 or UTF-16, or inside any base64 run (the keyring's file backend)."""
    needles = (text.encode(), text.encode("utf-16-le"))
    blobs = [data]
    for run in re.findall(rb"[A-Za-z0-9+/]{12,}={0,2}", data):
        with contextlib.suppress(ValueError):
            blobs.append(base64.b64decode(run + b"=" * (-len(run) % 4)))
    return any(n in blob for n in needles for blob in blobs)


def leaks(root: Path, *texts: str) -> list[str]:
    """Files under root, and texts, that hold the PIN (right or wrong)."""
    found = [
        str(p) for p in root.rglob("*") if p.is_file() and any(contains(p.read_bytes(), s) for s in (SECRET, WRONG))
    ]
    found += [f"output #{n}" for n, text in enumerate(texts) if SECRET in text or WRONG in text]
    return found


def test_cli_pin_tests_leave_no_pin_in_any_file_or_output(secret_store: Store, make_fault, tmp_path: Path) -> None:
    fault: FaultModule = make_fault(secret_store)
    fault.configure(pin_tries=3)
    home = tmp_path / "home"
    env = {
        **os.environ,
        **fault.env,
        **{v: str(home / v.lower()) for v in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")},
        "PYTHON_KEYRING_BACKEND": "keyrings.alt.file.PlaintextKeyring",
    }
    serial = secret_store.token("Clé secrète")["serial"]
    outputs: list[str] = []

    def cli(*args: str, pin: str = "") -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [sys.executable, "-m", "certhelper", "--verbose", *args],
            input=pin + "\n" if pin else "",
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=120,
            start_new_session=True,  # no terminal: getpass reads the PIN from stdin
            check=False,
        )
        outputs.extend((proc.stdout, proc.stderr))
        assert "Traceback" not in proc.stderr
        return proc

    save = (
        "from certhelper.core.reminders import credentials as c; c.save_login(c.PortalLogin('mairie', 'portal-pass'))"
    )
    subprocess.run([sys.executable, "-c", save], env=env, cwd=ROOT, check=True)
    assert cli("pin", "--module", fault.path, "--serial", serial, pin=WRONG).returncode == 2
    assert cli("pin", "--module", fault.path, "--serial", serial, "--json", pin=SECRET).returncode == 0
    cli("remind", "--scan", "--module", fault.path)
    cli("report", "--module", fault.path, "--output", str(tmp_path / "report.json"))
    cli("report", "--module", fault.path, "--output", str(tmp_path / "report.html"))
    cli("diagnose", "--json", "--module", fault.path)
    assert fault.logins() == 2  # the two PIN tests, nothing else

    written = {p.name for p in tmp_path.rglob("*") if p.is_file()}
    assert {"keyring_pass.cfg", "certificates.json", "report.json", "report.html"} <= written
    assert contains(next(tmp_path.rglob("keyring_pass.cfg")).read_bytes(), "portal-pass")  # the search sees inside
    assert leaks(tmp_path, *outputs) == []


def test_gui_pin_dialog_leaves_no_pin_in_logs_files_or_the_keyring(
    secret_store: Store,
    make_fault,
    qtbot,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    from certhelper.core.guidance import catalogue
    from certhelper.core.reminders.store import remember
    from certhelper.gui.pin_dialog import PinDialog

    fault: FaultModule = make_fault(secret_store)
    fault.configure(pin_tries=3)
    for key, value in fault.env.items():
        monkeypatch.setenv(key, value)
    home = Path(os.environ["XDG_DATA_HOME"]).parent  # the session's private home (tests/conftest.py)
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    caplog.set_level(logging.DEBUG)
    try:
        credentials.save_login(credentials.PortalLogin("mairie", "portal-pass"))
        snap = take_snapshot([Candidate(fault.path, "option")], catalogue.load())
        [(module, token)] = snap.tokens
        dialog = PinDialog(module, token)
        qtbot.addWidget(dialog)
        results = []
        for pin, outcome in ((WRONG, "incorrect"), (SECRET, "ok")):
            dialog.pin_edit.setText(pin)
            with qtbot.waitSignal(dialog.checked, timeout=60000) as done:
                dialog.test_button.click()
            assert done.args[0].outcome == outcome
            assert dialog.pin_edit.text() == ""  # the field forgets it at once
            results.append(done.args[0])
        dialog.done(0)
        # What the app writes AFTER the PIN was typed, by its own code, in the process that held the PIN:
        # a fresh scan (the window's next one) remembered in the store. Nothing is written here by hand.
        started = time.time()
        after = take_snapshot([Candidate(fault.path, "option")], catalogue.load())
        remember(after, after.taken_at)
    finally:
        keyring.set_keyring(before)
    assert fault.logins() == 2  # the two tries the dialog made, counted by the token's driver; the scans none
    written = [p for p in home.rglob("certificates.json") if p.stat().st_mtime >= started]
    assert written, "the store was not written after the PIN test: searching it would prove nothing"
    assert contains((tmp_path / "keyring_pass.cfg").read_bytes(), "portal-pass")  # the search sees inside
    log_text = "\n".join(r.getMessage() for r in caplog.records) + caplog.text
    assert "PIN check on token" in log_text  # the outcome was logged...
    held = [repr(r) + pickle.dumps(r).decode("latin-1") for r in results]  # ...and kept, in the results
    held += [repr(after), pickle.dumps(after).decode("latin-1")]
    assert leaks(tmp_path, log_text, *held) == [] and leaks(home) == []  # ...never the PIN
