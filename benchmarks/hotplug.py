"""A token plugged while the app runs: how long until the app's scan worker reports it (target <= 1 s).

The app's own ScanClient (certhelper.gui.scan_client: the worker process `certhelper.core.tokens.watch`
behind a QProcess, at the settings' default interval) watches a SoftHSM2 store; tokens are created
one after another with softhsm2-util at uneven moments, and each latency runs from the start of the
creation to the `snapshotReady` that first contains the token (an upper bound: creation itself
takes some tens of milliseconds). Prints the median and the worst of the trials.
Run with `make bench` or `python benchmarks/hotplug.py [--trials N]`.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from certhelper.demo.softhsm import init_token, softhsm_module, write_config  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=8)
    args = parser.parse_args()
    module = softhsm_module()
    if module is None or shutil.which("softhsm2-util") is None:
        print("SoftHSM2 is needed: apt-get install softhsm2", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from certhelper.core.settings import Settings
    from certhelper.core.tokens.discovery import Candidate
    from certhelper.gui.scan_client import ScanClient

    work = Path(tempfile.mkdtemp(prefix="certhelper-hotplug-"))
    conf = write_config(work)
    os.environ["SOFTHSM2_CONF"] = str(conf)  # the worker process inherits it
    init_token(conf, "Déjà là", "1234")
    app = QCoreApplication.instance() or QCoreApplication([])
    interval = Settings().scan_interval_seconds
    client = ScanClient([Candidate(module, "option")], interval=interval)
    seen: dict[str, float] = {}

    def on_snapshot(snap: object) -> None:
        now = time.perf_counter()
        for _, token in snap.tokens:  # type: ignore[attr-defined]
            seen.setdefault(token.label, now)

    client.snapshotReady.connect(on_snapshot)

    def wait_for(label: str, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        loop = QEventLoop()
        while label not in seen and time.perf_counter() < deadline:
            QTimer.singleShot(10, loop.quit)
            loop.exec()
        return label in seen

    latencies: list[float] = []
    try:
        client.start()
        if not wait_for("Déjà là", 30):
            print("the scan worker reported nothing within 30 s", file=sys.stderr)
            return 1
        rng = random.Random(20261129)
        for n in range(args.trials):
            settle_until = time.perf_counter() + rng.uniform(0.3, 1.7)  # land anywhere in the worker's cycle
            while time.perf_counter() < settle_until:
                wait_for("", 0.05)
            label = f"Branchée {n}"
            start = time.perf_counter()
            init_token(conf, label, "1234")
            if not wait_for(label, 10):
                print(f"  {label}: not reported within 10 s", flush=True)
                latencies.append(float("inf"))
                continue
            latencies.append(seen[label] - start)
        finite = [x for x in latencies if x != float("inf")]
        print(
            f"token plugged while the app's scan worker runs (interval {interval:g} s, {len(latencies)} trials): "
            f"median {statistics.median(finite) * 1000:.0f} ms, worst {max(latencies) * 1000:.0f} ms (target <= 1000 ms)"
        )
        print("  each: " + ", ".join(f"{x * 1000:.0f}" for x in latencies) + " ms")
    finally:
        client.stop()
        app.processEvents()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
