"""Scan speed, side by side in one run on the same SoftHSM2 token (issue 2's benchmark).

1. In process: certhelper.core.tokens.pkcs11_scan.scan_module vs a bare python-pkcs11 loop reading the same
   objects (certificate ID/label/type/value, key ID/label/type/public parts). Target: ratio <= 1.3.
2. Whole process: `certhelper status --json` vs `pkcs11-tool --list-objects`, both from a cold start.
3. Scale: 1 -> 8 tokens and 1 -> 200 certificates on a token; the cost must grow linearly.

Each figure is the median of several runs. Run with `make bench` (or python benchmarks/scan_vs_bare.py).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from certhelper.demo.softhsm import build_in_new_process, softhsm_module  # noqa: E402

HOLDER = {
    "kind": "holder",
    "given_name": "Hélène",
    "surname": "Le Goff",
    "organisation": "Commune de Plérin",
    "siren": "212201859",
    "days_left": 800,
}


def build(directory: Path, tokens: list[dict[str, Any]]) -> dict[str, Any]:
    return build_in_new_process(directory, tokens)


def median_seconds(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up: page cache, lazy imports
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bare_loop(lib: Any) -> int:
    """What any PKCS#11 tool must do at least: list tokens and read every object's attributes."""
    from pkcs11 import Attribute as A
    from pkcs11 import ObjectClass

    count = 0
    for slot in lib.get_slots(token_present=True):
        token = slot.get_token()
        if not token.flags & 0x400:
            continue
        with token.open() as session:
            for obj in session.get_objects({A.CLASS: ObjectClass.CERTIFICATE}):
                obj.get_attributes([A.ID, A.LABEL, A.CERTIFICATE_TYPE, A.VALUE])
                count += 1
            for cls in (ObjectClass.PRIVATE_KEY, ObjectClass.PUBLIC_KEY):
                for obj in session.get_objects({A.CLASS: cls}):
                    wanted = [A.ID, A.LABEL, A.KEY_TYPE, A.MODULUS, A.PUBLIC_EXPONENT, A.EC_PARAMS, A.EC_POINT]
                    try:
                        obj.get_attributes(wanted)
                    except Exception:
                        for key in wanted:
                            with contextlib.suppress(Exception):
                                obj[key]
                    count += 1
    return count


def in_process(module: str, runs: int) -> tuple[float, float, float]:
    """Run in a child with the store's SOFTHSM2_CONF: (core cold, core warm, bare) seconds.

    Cold: every certificate parsed again (a CLI run). Warm: certificates already seen are not parsed
    again (the app's worker rescanning after a change)."""
    code = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r})
import pkcs11
from benchmarks.scan_vs_bare import bare_loop, median_seconds
from certhelper.core.guidance import catalogue
from certhelper.core.tokens import x509_fields
from certhelper.core.tokens.pkcs11_scan import scan_module
cat = catalogue.load(extra_dirs=[])
lib = pkcs11.lib({module!r})
def cold():
    x509_fields._CACHE.clear()
    scan_module({module!r}, cat)
core_cold = median_seconds(cold, {runs})
core_warm = median_seconds(lambda: scan_module({module!r}, cat), {runs})
bare = median_seconds(lambda: bare_loop(lib), {runs})
print(json.dumps([core_cold, core_warm, bare]))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    core_cold, core_warm, bare = json.loads(out.stdout)
    return core_cold, core_warm, bare


def whole_process(module: str, runs: int) -> tuple[float, float | None]:
    ours = [sys.executable, "-m", "certhelper", "status", "--json", "--module", module]
    tool = shutil.which("pkcs11-tool")
    mine = median_seconds(lambda: subprocess.run(ours, capture_output=True, cwd=ROOT, check=False), runs)
    if tool is None:
        return mine, None
    theirs = median_seconds(
        lambda: subprocess.run([tool, "--module", module, "--list-objects"], capture_output=True, check=False), runs
    )
    return mine, theirs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    module = softhsm_module()
    if module is None:
        print("SoftHSM2 is needed: apt-get install softhsm2", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="certhelper-bench-"))
    try:
        objects = [{**HOLDER, "id": f"{n:02x}", "label": f"cert {n}"} for n in range(1, 5)]
        objects += [{"kind": "bulk", "count": 40}]
        desc = build(work / "main", [{"label": "Banc d'essai", "objects": objects}])
        os.environ["SOFTHSM2_CONF"] = desc["conf"]
        cold, warm, bare = in_process(module, args.runs)
        print(f"scan, in process (44 certificates, 4 key pairs): bare python-pkcs11 loop {bare * 1000:.1f} ms")
        print(
            f"  core, rescan as the app's worker does: {warm * 1000:.1f} ms -> ratio {warm / bare:.2f} (target <= 1.3)"
        )
        print(f"  core, first scan (every certificate parsed): {cold * 1000:.1f} ms -> ratio {cold / bare:.2f}")
        mine, theirs = whole_process(module, args.runs)
        if theirs:
            print(
                f"whole process: certhelper status --json {mine * 1000:.0f} ms, "
                f"pkcs11-tool --list-objects {theirs * 1000:.0f} ms -> ratio {mine / theirs:.1f}"
            )
        else:
            print(f"whole process: certhelper status --json {mine * 1000:.0f} ms (pkcs11-tool not installed)")

        print("scale, certificates on one token (core first scan, in process):")
        per_cert = {}
        for count in (1, 50, 200):
            d = build(work / f"certs{count}", [{"label": "Échelle", "objects": [{"kind": "bulk", "count": count}]}])
            os.environ["SOFTHSM2_CONF"] = d["conf"]
            seconds, _, _ = in_process(module, max(3, args.runs // 2))
            per_cert[count] = seconds
            print(f"  {count:4d} certificates: {seconds * 1000:8.1f} ms ({seconds / count * 1000:.2f} ms each)")
        print(f"  200 vs 50 certificates: x{per_cert[200] / per_cert[50]:.2f} (linear: x4)")

        print("scale, tokens in one module (core first scan vs bare loop, in process):")
        per_token = {}
        for count in (1, 8):
            tokens = [{"label": f"Clé {n}", "objects": [{"kind": "bulk", "count": 10}]} for n in range(count)]
            d = build(work / f"tokens{count}", tokens)
            os.environ["SOFTHSM2_CONF"] = d["conf"]
            seconds, _, bare_seconds = in_process(module, max(3, args.runs // 2))
            per_token[count] = (seconds, bare_seconds)
            print(
                f"  {count} token(s) of 10 certificates: core {seconds * 1000:6.1f} ms, bare {bare_seconds * 1000:6.1f} ms"
            )
        core_growth = per_token[8][0] / per_token[1][0]
        bare_growth = per_token[8][1] / per_token[1][1]
        print(f"  8 vs 1 tokens: core x{core_growth:.2f}, bare loop x{bare_growth:.2f} (linear: x8)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
