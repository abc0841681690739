"""`certhelper status --json` against the floor, whole process against whole process, in one run.

The floor (benchmarks/bare_read.py) reads the same token with python-pkcs11 and parses every
certificate with cryptography, then prints JSON: what any tool must do. Three cases, each the
median of interleaved runs on the same SoftHSM2 store:
  - a holder's token (4 holder certificates with their keys, 40 more certificates): target <= 1.3x
  - 200 certificates on one token, and 8 tokens of 25 certificates: target <= 1.5x
The figures are ratios measured in this run; nothing here is a timed assertion. Wall time is the
target; CPU time (user + system, children included) is printed too, as it barely moves when other
processes share the machine (the wall time of our two processes does: the reader, forked at launch,
overlaps with the command's start-up only when a core is free: core.assessment.ahead).
Run with `make bench` or `python benchmarks/status_vs_bare.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scan_vs_bare import HOLDER  # noqa: E402  # the same holder certificate
from certhelper.demo.softhsm import build_in_new_process, softhsm_module  # noqa: E402

CASES: list[tuple[str, list[dict[str, Any]], float]] = [
    (
        "a holder's token: 4 holder certificates + keys, 40 more certificates",
        [
            {
                "label": "Banc d'essai",
                "objects": [{**HOLDER, "id": f"{n:02x}", "label": f"cert {n}"} for n in range(1, 5)]
                + [{"kind": "bulk", "count": 40}],
            }
        ],
        1.3,
    ),
    ("200 certificates on one token", [{"label": "Échelle", "objects": [{"kind": "bulk", "count": 200}]}], 1.5),
    (
        "8 tokens of 25 certificates",
        [{"label": f"Clé {n}", "objects": [{"kind": "bulk", "count": 25}]} for n in range(8)],
        1.5,
    ),
]


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time, and CPU time (user + system, the process and the children it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, env=env, cwd=ROOT, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1, 2) or not proc.stdout.startswith((b"{", b"[")):
        raise SystemExit(f"{cmd[1:4]} failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[-500:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare(module: str, conf: str, runs: int, extra: tuple[str, ...] = ()) -> tuple[float, float, float, float]:
    """Medians: our wall time, the floor's, our CPU time, the floor's."""
    env = {**os.environ, "SOFTHSM2_CONF": conf}
    ours = [sys.executable, "-m", "certhelper", "status", "--json", *extra, "--module", module]
    bare = [sys.executable, str(ROOT / "benchmarks" / "bare_read.py"), module]
    timed(ours, env), timed(bare, env)  # warm-up: page cache, bytecode
    mine, floor = [], []
    for _ in range(runs):  # interleaved, so a busy moment hits both sides
        mine.append(timed(ours, env))
        floor.append(timed(bare, env))
    return (
        statistics.median(w for w, _ in mine),
        statistics.median(w for w, _ in floor),
        statistics.median(c for _, c in mine),
        statistics.median(c for _, c in floor),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    module = softhsm_module()
    if module is None:
        print("SoftHSM2 is needed: apt-get install softhsm2", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="certhelper-bench-"))
    os.environ["XDG_DATA_HOME"] = str(work / "data")  # the reminder store of this run only
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    # Bytecode as an installed wheel has it (pip compiles at install): cached under the run's folder,
    # for both sides alike, whatever PYTHONDONTWRITEBYTECODE the caller's shell sets.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    print(f"whole process, median of {args.runs} interleaved runs: certhelper status --json vs bare_read.py")
    try:
        for n, (title, tokens, target) in enumerate(CASES):
            desc = build_in_new_process(work / f"case{n}", tokens)
            # As a user runs it, then with --offline: the floor checks no revocation, and neither does that run.
            for extra in ((), ("--offline",)):
                mine, floor, mine_cpu, floor_cpu = compare(module, desc["conf"], args.runs, extra)
                print(
                    f"  {title}{' (--offline)' if extra else ''}: certhelper {mine * 1000:.0f} ms, "
                    f"bare {floor * 1000:.0f} ms -> ratio {mine / floor:.2f} (target <= {target}); "
                    f"CPU {mine_cpu * 1000:.0f} ms vs {floor_cpu * 1000:.0f} ms -> {mine_cpu / floor_cpu:.2f}",
                    flush=True,
                )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
