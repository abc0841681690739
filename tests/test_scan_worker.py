"""The scan worker process (what the app runs) sees tokens plugged and unplugged, and never needs a login."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from certhelper.core.model import Snapshot
from certhelper.demo.softhsm import init_token, remove_token, write_config
from tests.helpers import ROOT, Store


def read_snapshots(proc: subprocess.Popen[str], until, limit: float = 20.0) -> Snapshot:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        message = json.loads(line)
        if message["type"] == "snapshot":
            snap = Snapshot.from_dict(message["snapshot"])
            if until(snap):
                return snap
    raise AssertionError("the worker never reported the expected snapshot")


def test_worker_reports_tokens_as_they_come_and_go(softhsm: str, tmp_path: Path) -> None:
    conf = write_config(tmp_path)
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    with subprocess.Popen(
        [sys.executable, "-m", "certhelper.core.tokens.watch", "--module", softhsm, "--interval", "0.3"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    ) as proc:
        try:
            first = read_snapshots(proc, lambda s: True)
            assert first.modules[0].error is None and first.modules[0].tokens == ()
            init_token(conf, "Clé branchée", "1234")
            plugged = read_snapshots(proc, lambda s: bool(s.modules[0].tokens))
            assert [t.label for t in plugged.modules[0].tokens] == ["Clé branchée"]
            remove_token(conf, "Clé branchée")
            read_snapshots(proc, lambda s: not s.modules[0].tokens)
        finally:
            proc.stdin.close()  # end of input: the worker stops by itself
            assert proc.wait(10) == 0


def test_snapshot_round_trips_through_json(main_store: Store) -> None:
    from certhelper.core.guidance import catalogue
    from certhelper.core.tokens.discovery import Candidate
    from certhelper.core.tokens.scan import take_snapshot

    os.environ["SOFTHSM2_CONF"] = str(main_store.conf)
    try:
        snap = take_snapshot([Candidate(main_store.module, "option")], catalogue.load())
    finally:
        del os.environ["SOFTHSM2_CONF"]
    again = Snapshot.from_dict(json.loads(json.dumps(snap.to_dict())))
    assert again == snap
    assert len(again.modules[0].tokens[0].certificates) == 4
