"""`python -m tests.pki`: the three conditions of issue 11 on a real SoftHSM2 token, against live responders.

Builds the test PKI and a token (good / revoked by OCSP / revoked by CRL only), scans it with
certhelper's own scan, and prints core.trust's answers with the responders up, stopped, and offline
(listeners that count requests stand on both responder ports: any attempt would show).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="certhelper-pki-"))
    os.environ.update(XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"))
    os.environ.pop("CERTHELPER_OFFLINE", None)
    from certhelper.core.guidance.catalogue import load
    from certhelper.core.model import Snapshot
    from certhelper.core.settings import Settings
    from certhelper.core.tokens.discovery import Candidate
    from certhelper.core.tokens.scan import take_snapshot
    from certhelper.core.trust.evaluate import evaluate_trust
    from certhelper.demo.softhsm import build_in_new_process
    from tests.pki import build_pki, token_spec

    now = dt.datetime.now(dt.UTC)
    pki = build_pki(home / "pki", now)
    pki.anchors_dir(home / "config")
    made = build_in_new_process(home / "token", token_spec(pki), pki=pki.pki_spec)
    os.environ["SOFTHSM2_CONF"] = made["conf"]
    holders = {o["label"]: o for o in made["tokens"][0]["objects"] if o["kind"] == "holder"}
    pki.publish(
        [holders["revoked-ocsp"]["serial"]], [holders["revoked-crl"]["serial"]], [holders["good"]["serial"]], now
    )
    catalogue = load()
    snapshot: Snapshot = take_snapshot([Candidate(made["module"], "option")], catalogue, timeout=60)

    def show(title: str, *, offline: bool = False) -> None:
        start = time.monotonic()
        trust = evaluate_trust(snapshot, catalogue, Settings(), dt.datetime.now(dt.UTC), offline=offline)
        print(f"== {title} ({time.monotonic() - start:.2f} s)")
        for label, made_cert in holders.items():
            r, c = trust[made_cert["sha256"]].revocation, trust[made_cert["sha256"]].chain
            print(
                f"  {label:13} {r.status.value:11} source={r.source} reason={r.reason} error={r.error} chain={c.status.value}"
            )

    pki.start()
    show("responders up")
    pki.stop()
    os.environ["XDG_CACHE_HOME"] = str(home / "cache-2")  # no cached answer to fall back on
    show("responders stopped")
    pki.start_counting()
    before = len(pki.counter.requests)
    show("--offline", offline=True)
    os.environ["CERTHELPER_OFFLINE"] = "1"
    show("CERTHELPER_OFFLINE=1")
    print("requests received by the responder ports while offline:", len(pki.counter.requests) - before)
    pki.stop()


if __name__ == "__main__":
    main()
