"""The main window on real SoftHSM2 tokens, with the real scan worker process."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from certhelper.core.tokens.discovery import Candidate
from certhelper.demo.softhsm import init_token, remove_token
from certhelper.gui.scan_client import ScanClient
from tests.gui.conftest import shown, snapshot_of
from tests.helpers import MAIN_TOKEN, Store, build_store

# The promise: a token plugged or unplugged shows within 2 seconds. The worker polls and
# re-initialises the modules (SoftHSM2 only sees new tokens then) every second.
LIVE_MS = 2000


def _soft(store: Store) -> Candidate:
    return Candidate(store.module, "option", "SoftHSM2", "softhsm2")


@pytest.fixture
def client(qtbot, monkeypatch):
    made: list[ScanClient] = []

    def start(candidates: list[Candidate], conf: Path) -> ScanClient:
        monkeypatch.setenv("SOFTHSM2_CONF", str(conf))  # the worker process inherits it
        scan = ScanClient(candidates, interval=1.0)
        made.append(scan)
        return scan

    yield start
    for scan in made:
        scan.stop()


def holders(window) -> list[str]:
    return [c.holder_label.text() for t in window.token_cards for c in t.certificate_cards]


def test_window_shows_each_certificate_with_holder_and_days_left(make_window, client, main_store, qtbot) -> None:
    scan = client([_soft(main_store)], main_store.conf)
    window = make_window("en", [_soft(main_store)], scan)
    scan.start()
    qtbot.waitUntil(lambda: bool(window.token_cards), timeout=20000)
    assert sorted(holders(window)) == ["Anne KERHERVÉ", "Gaël TANGUY", "Hélène LE GOFF", "Loïc MORVAN"]
    now = dt.datetime.now(dt.UTC)
    made = {o["holder"]: o for o in main_store.objects(MAIN_TOKEN["label"], "holder")}
    cards = {c.holder_label.text(): c for c in window.token_cards[0].certificate_cards}
    for holder, obj in made.items():
        not_after = dt.datetime.fromisoformat(obj["not_after"].replace("Z", "+00:00"))
        days = int((not_after - now).total_seconds() // 86400)
        text = cards[holder].validity_label.text()
        if days >= 0:
            assert f"— {days} days left" in text, text
        else:
            assert f"— {-days} days ago" in text and text.startswith("Expired on"), text
    assert cards["Gaël TANGUY"].level in ("soon", "urgent") and cards["Hélène LE GOFF"].level == "ok"
    assert cards["Loïc MORVAN"].level == "expired"
    assert cards["Anne KERHERVÉ"].level != "ok"  # its key does not match: never a green card
    titles = [row.title.text() for row in window.findings_view.rows]
    assert titles and window.findings_view.rows[0].finding.severity == "critical", titles
    count = window.assessment.attention_count()
    assert count >= 2 and window.summary.text() == f"{count} points need your attention."
    paths = [label.text() for label in window.workstation.lines]
    assert main_store.module in paths


def test_plugged_token_appears_and_unplugged_disappears_while_running(
    make_window, client, softhsm, tmp_path, qtbot
) -> None:
    store = build_store(tmp_path / "live", [])
    scan = client([_soft(store)], store.conf)
    window = make_window("en", [_soft(store)], scan)
    scan.start()
    qtbot.waitUntil(lambda: window.assessment is not None, timeout=20000)
    assert window.empty_frame.isVisible() and window.empty_title.text() == "Plug in your token"
    init_token(store.conf, "Clé du matin", "1234")
    qtbot.waitUntil(lambda: [c.token.label for c in window.token_cards] == ["Clé du matin"], timeout=LIVE_MS)
    assert not window.empty_frame.isVisible() and not window.multiple_label.isVisible()
    init_token(store.conf, "Deuxième clé", "1234")
    qtbot.waitUntil(lambda: len(window.token_cards) == 2, timeout=LIVE_MS)
    assert window.multiple_label.isVisible()
    assert "Plug in only one token at a time" in window.multiple_label.text()
    assert "multiple-tokens" in [f.code for f in window.findings]
    remove_token(store.conf, "Clé du matin")
    qtbot.waitUntil(lambda: [c.token.label for c in window.token_cards] == ["Deuxième clé"], timeout=LIVE_MS)
    assert not window.multiple_label.isVisible()


ABORT_C = """
#include <stdlib.h>
typedef unsigned long CK_RV;
CK_RV C_GetFunctionList(void **list) { (void)list; abort(); return 0; }
"""


@pytest.fixture(scope="module")
def aborting_module(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A PKCS#11 module that aborts as soon as it is used: a crashing vendor driver."""
    gcc = shutil.which("gcc") or shutil.which("cc")
    assert gcc, "a C compiler is needed for this test (apt-get install gcc)"
    folder = tmp_path_factory.mktemp("abort-module")
    (folder / "abort.c").write_text(ABORT_C)
    library = folder / "libabort-pkcs11.so"
    subprocess.run([gcc, "-shared", "-fPIC", "-o", str(library), str(folder / "abort.c")], check=True)
    return str(library)


def test_a_crashing_module_leaves_the_window_alive_with_a_message(
    make_window, client, main_store, aborting_module, qtbot, monkeypatch
) -> None:
    from certhelper.gui import scan_client

    # The restarts' delays (0.5 s, 1 s, 2 s...) are the scan client's to test (test_scan_client_restart):
    # here a tenth of them, the window's side is the same.
    monkeypatch.setattr(scan_client, "BACKOFF_SECONDS", tuple(s / 10 for s in scan_client.BACKOFF_SECONDS))
    candidates = [Candidate(aborting_module, "option"), _soft(main_store)]
    scan = client(candidates, main_store.conf)
    window = make_window("en", candidates, scan)
    scan.start()
    qtbot.waitUntil(window.banner.isVisible, timeout=20000)
    assert aborting_module in window.banner_label.text()
    assert "this window keeps working" in window.banner_label.text()
    # after a few crashes the module is left out, the other one is read, and the user can retry
    qtbot.waitUntil(lambda: bool(window.token_cards), timeout=30000)
    qtbot.waitUntil(window.retry_button.isVisible, timeout=5000)
    assert "keeps crashing" in window.banner_label.text()
    assert window.isVisible() and window.token_cards[0].token.label == MAIN_TOKEN["label"]


def test_empty_states_say_what_to_do(make_window, empty_store, catalogue, monkeypatch, qtbot) -> None:
    window = make_window("en", [])
    assert window.empty_title.text() == "No token driver is installed"
    assert "https://support.chambersign.fr/pilotes/" in window.empty_text.text()
    snap = snapshot_of(empty_store, catalogue, monkeypatch)
    other = make_window("en", [_soft(empty_store)])
    shown(other, snap, qtbot)
    assert other.empty_title.text() == "Plug in your token"
    count = other.assessment.attention_count()  # e.g. no token plugged, no ChamberSign driver here
    expected = {0: "No token is plugged in.", 1: "1 point needs your attention."}.get(count)
    assert other.summary.text() == (expected or f"{count} points need your attention.")


def test_two_tokens_warn_to_plug_one_only(make_window, two_token_store, catalogue, monkeypatch, qtbot, lang_fr) -> None:
    window = make_window("fr", [_soft(two_token_store)])
    shown(window, snapshot_of(two_token_store, catalogue, monkeypatch), qtbot)
    assert len(window.token_cards) == 2
    assert window.multiple_label.isVisible()
    assert window.multiple_label.text().startswith("Ne branchez qu'une clé à la fois")


def test_the_crash_banner_goes_away_once_the_worker_reads_again(
    make_window, main_store, catalogue, monkeypatch, qtbot
) -> None:
    snap = snapshot_of(main_store, catalogue, monkeypatch)
    window = make_window("en", [_soft(main_store)])
    shown(window, snap, qtbot)
    window.on_module_failed(main_store.module, "crashed")
    assert window.banner.isVisible()
    window.show_snapshot(snap)  # the restarted worker sends the same snapshot again
    assert not window.banner.isVisible()


def test_days_left_are_redrawn_when_the_date_changes(make_window, main_store, catalogue, monkeypatch, qtbot) -> None:
    snap = snapshot_of(main_store, catalogue, monkeypatch)
    clock = [dt.datetime.now(dt.UTC)]
    window = make_window("en", [_soft(main_store)])
    window.now = lambda: clock[0]
    shown(window, snap, qtbot)

    def texts() -> str:
        return " ".join(label.text() for label in window.findChildren(QLabel))

    assert "15 days left" in texts() or "14 days left" in texts()
    clock[0] += dt.timedelta(days=3)  # no token moved, but three days went by
    window._refresh_if_new_day()  # what the window's 10-minute timer calls
    assert "12 days left" in texts() or "11 days left" in texts()
