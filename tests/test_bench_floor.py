"""The benchmark's floor reads what `certhelper status --json` reads: the same tokens and certificates
(else the ratio in benchmarks/status_vs_bare.py would compare different work)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import Store, run_cli_in_process

ROOT = Path(__file__).resolve().parent.parent


def test_the_floor_reads_the_same_certificates_as_status(main_store: Store) -> None:
    floor = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bare_read.py"), main_store.module],
        capture_output=True,
        text=True,
        env={**main_store_env(main_store)},
        timeout=120,
        check=False,
    )
    assert floor.returncode == 0, floor.stderr
    bare = {
        (t["serial"], c["subject"], c["not_after"][:19]) for t in json.loads(floor.stdout) for c in t["certificates"]
    }
    ours = run_cli_in_process("status", "--json", "--module", main_store.module, env=main_store.env)
    assert ours.stdout.startswith("{"), ours.stderr
    doc = json.loads(ours.stdout)
    mine = {
        (t["serial"], c["subject"], c["not_after"][:19].replace("Z", ""))
        for m in doc["modules"]
        for t in m["tokens"]
        for c in t["certificates"]
    }
    assert len(bare) >= 4 and mine == bare


def main_store_env(store: Store) -> dict[str, str]:
    import os

    return {**os.environ, **store.env}
