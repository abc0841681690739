"""The store of remembered certificates: filled from a real SoftHSM2 scan, survives corruption and crashes."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import time
from pathlib import Path

import pytest

from certhelper.core.guidance import catalogue
from certhelper.core.model import Snapshot
from certhelper.core.reminders.store import (
    STORE_VERSION,
    Remembered,
    UnknownCertificate,
    forget,
    load_store,
    remember,
    save_store,
)
from certhelper.core.reminders.store import (
    Store as RememberedStore,
)
from certhelper.core.settings import Settings, load_settings, save_settings
from certhelper.core.tokens.discovery import Candidate
from tests.helpers import Store

NOW = dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def main_snapshot(main_store: Store) -> Snapshot:
    """A real scan of the main SoftHSM2 token (the scan runs in a forked child that reads SOFTHSM2_CONF)."""
    from certhelper.core.tokens.scan import take_snapshot

    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(main_store.conf)
    try:
        return take_snapshot([Candidate(main_store.module, "option")], catalogue.load())
    finally:
        if old is None:
            del os.environ["SOFTHSM2_CONF"]
        else:
            os.environ["SOFTHSM2_CONF"] = old


def test_remember_keeps_every_holder_certificate_of_a_scan(
    tmp_path: Path, main_store: Store, main_snapshot: Snapshot
) -> None:
    path = tmp_path / "certificates.json"
    remember(main_snapshot, NOW, path)
    store = load_store(path)
    holders = {o["sha256"]: o for o in main_store.objects("Mairie de Plérin", "holder")}
    assert {c.sha256 for c in store.certificates} == set(holders)  # no CA certificate, nothing missing
    token_serial = main_snapshot.tokens[0][1].serial
    for cert in store.certificates:
        assert cert.token_serial == token_serial
        assert cert.token_label == "Mairie de Plérin"
        assert cert.not_after.strftime("%Y-%m-%dT%H:%M:%SZ") == holders[cert.sha256]["not_after"]
        assert cert.first_seen == cert.last_seen == NOW
    assert {c.holder for c in store.certificates} >= {"Hélène LE GOFF", "Gaël TANGUY"}


def test_a_later_scan_updates_last_seen_and_keeps_first_seen(tmp_path: Path, main_snapshot: Snapshot) -> None:
    path = tmp_path / "certificates.json"
    remember(main_snapshot, NOW, path)
    later = NOW + dt.timedelta(days=3)
    remember(main_snapshot, later, path)
    for cert in load_store(path).certificates:
        assert cert.first_seen == NOW
        assert cert.last_seen == later


def test_a_corrupted_store_is_set_aside_and_rebuilt_without_touching_settings(
    tmp_path: Path, main_snapshot: Snapshot
) -> None:
    settings_file = tmp_path / "settings.json"
    save_settings(Settings(lead_time_days=30), settings_file)
    path = tmp_path / "certificates.json"
    path.write_text('{"version": 1, "certificates": [{"sha256": "ab"', encoding="utf-8")  # cut short

    store = load_store(path)
    assert store.certificates == ()
    assert store.problems and "unreadable" in store.problems[0]
    kept = list(tmp_path.glob("certificates.json.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8").startswith('{"version": 1')
    assert not path.exists()

    remember(main_snapshot, NOW, path)
    assert load_store(path).certificates and not load_store(path).problems
    assert load_settings(settings_file).lead_time_days == 30


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (json.dumps({"version": STORE_VERSION + 1, "certificates": []}), "newer certhelper"),
        ("[1, 2, 3]", "not a JSON object"),
        (json.dumps({"version": 1, "certificates": [{"sha256": "00"}]}), "not_after"),  # missing fields
        ("\x00\x01 not json", "unreadable"),
    ],
)
def test_unusable_store_contents_never_crash(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "certificates.json"
    path.write_text(content, encoding="utf-8")
    store = load_store(path)
    assert store.certificates == () and len(store.problems) == 1
    assert reason in store.problems[0]
    assert len(list(tmp_path.glob("certificates.json.corrupt-*"))) == 1


def _write_forever(path: Path, ready: int) -> None:
    """In a forked child: one complete file, say "ready", then rewrite it big and small until killed.

    A fork rather than a new interpreter: the writes and the SIGKILL are the same, without a Python
    start-up per attempt. The child never returns into pytest (os._exit whatever happens)."""
    try:
        now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)

        def store(n: int) -> RememberedStore:
            return RememberedStore(
                tuple(
                    Remembered(f"{i:064x}", "Holder " + "x" * 500, "Org", "CN=CA", now, "RGS**", "s", "l", now, now)
                    for i in range(n)
                )
            )

        small, big = store(5), store(400)
        save_store(small, path)  # a first complete file: on a busy machine the kill may come first
        os.write(ready, b"ready")
        while True:
            save_store(big, path)
            save_store(small, path)
    finally:
        os._exit(1)


def test_the_store_survives_a_crash_in_the_middle_of_a_write(tmp_path: Path) -> None:
    path = tmp_path / "certificates.json"
    for attempt in range(5):
        ready, told = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(ready)
            _write_forever(path, told)
        os.close(told)
        try:
            assert os.read(ready, 5) == b"ready"
        finally:
            os.close(ready)
        time.sleep(0.05 + 0.03 * attempt)  # let it write many times, then kill it wherever it is
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL  # killed mid-loop, not ended
        store = load_store(path)
        assert store.problems == ()
        assert len(store.certificates) in (5, 400)
    assert not list(tmp_path.glob("certificates.json.corrupt-*"))


def test_forget_removes_a_certificate_for_good(tmp_path: Path, main_snapshot: Snapshot) -> None:
    path = tmp_path / "certificates.json"
    store = remember(main_snapshot, NOW, path)
    target = next(c for c in store.certificates if c.holder == "Gaël TANGUY")
    gone = forget(target.sha256[:12].upper(), path)
    assert gone.sha256 == target.sha256
    assert target.sha256 not in {c.sha256 for c in load_store(path).certificates}
    remember(main_snapshot, NOW + dt.timedelta(days=1), path)  # the token is plugged again
    assert target.sha256 not in {c.sha256 for c in load_store(path).certificates}
    assert len(load_store(path).certificates) == len(store.certificates) - 1


def test_forget_refuses_unknown_or_ambiguous_fingerprints(tmp_path: Path, main_snapshot: Snapshot) -> None:
    path = tmp_path / "certificates.json"
    store = remember(main_snapshot, NOW, path)
    with pytest.raises(UnknownCertificate) as unknown:
        forget("f" * 64, path)
    assert unknown.value.matches == 0
    with pytest.raises(UnknownCertificate) as ambiguous:
        forget("", path)
    assert ambiguous.value.matches == 0
    assert load_store(path).certificates == store.certificates  # nothing lost


def test_a_newer_certificate_for_the_same_holder_and_issuer_replaces_the_old_one(tmp_path: Path) -> None:
    from certhelper.core.reminders.store import Remembered, Store

    def cert(sha: str, holder: str, issuer: str, days: int) -> Remembered:
        return Remembered(sha * 64, holder, "Org", issuer, NOW + dt.timedelta(days=days), "RGS**", "1", "t", NOW, NOW)

    old, new = cert("a", "Gaël Tanguy", "CN=CA3", 10), cert("b", "Gaël Tanguy", "CN=CA3", 1000)
    other_issuer = cert("c", "Gaël Tanguy", "CN=Other CA", 5)
    other_holder = cert("d", "Hélène Le Goff", "CN=CA3", 8)
    store = Store((old, new, other_issuer, other_holder))
    assert store.replaced_by(old) == new
    assert {c.sha256[0] for c in store.active()} == {"b", "c", "d"}
    save_store(store, tmp_path / "s.json")
    assert load_store(tmp_path / "s.json").active() == store.active()
