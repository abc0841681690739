"""`make demo`: build a demo token with SoftHSM2 and open the app on it.

The token (resources/demo/demo_token.json) holds a valid RGS**-like certificate, one that expires
in 15 days, one expired, and a key without a certificate. It is rebuilt at every run in the user
cache dir, so the dates are always relative to today. Only this process's environment is changed
(SOFTHSM2_CONF, CERTHELPER_PKCS11_MODULE): the real SoftHSM2 store, if any, is left alone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from certhelper.language import user_language
from certhelper.paths import resources_dir, user_cache_dir


def demo_spec(directory: Path) -> dict[str, Any]:
    spec = json.loads((resources_dir() / "demo" / "demo_token.json").read_text(encoding="utf-8"))
    return {"dir": str(directory), "tokens": spec["tokens"]}


def build_demo_store(directory: Path | None = None) -> dict[str, Any]:
    """(Re)build the demo token in `directory` (default: the user cache dir); what was made."""
    directory = directory or user_cache_dir() / "demo-token"
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    # In a process of its own: a PKCS#11 library caches its token list per process.
    proc = subprocess.run(
        [sys.executable, "-m", "certhelper.demo.softhsm"],
        input=json.dumps(demo_spec(directory)),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "softhsm build failed")
    return json.loads(proc.stdout)


def use_store(made: dict[str, Any]) -> None:
    os.environ["SOFTHSM2_CONF"] = made["conf"]
    os.environ["CERTHELPER_PKCS11_MODULE"] = made["module"]
    # The demo CA is made up: no OCSP responder or CRL anywhere, and its root is no trust anchor.
    # Offline, the app says "not checked" instead of "could not be checked" for every demo certificate.
    os.environ["CERTHELPER_OFFLINE"] = "1"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make demo", description="Open certhelper on a demo SoftHSM2 token.")
    parser.add_argument("--lang", choices=("fr", "en"), default=None)
    parser.add_argument("--build-only", action="store_true", help="build the token, print where, do not open")
    args = parser.parse_args(argv)
    lang = user_language(args.lang or "fr")
    from certhelper.demo.softhsm import softhsm_module
    from certhelper.gui.app import display_problem, no_display_message

    if softhsm_module() is None or shutil.which("softhsm2-util") is None:
        print(
            "SoftHSM2 manque : sudo apt-get install softhsm2 (make system-deps)"
            if lang == "fr"
            else "SoftHSM2 is missing: sudo apt-get install softhsm2 (make system-deps)",
            file=sys.stderr,
        )
        return 2
    if not args.build_only and display_problem():
        print(no_display_message(lang), file=sys.stderr)
        return 2
    try:
        made = build_demo_store()
    except (RuntimeError, OSError, ValueError) as exc:
        print(f"certhelper demo: {exc}", file=sys.stderr)
        return 2
    use_store(made)
    token = made["tokens"][0]
    print(
        f"Clé de démonstration « {token['label']} » (code PIN {token['pin']}) : {made['conf']}"
        if lang == "fr"
        else f"Demo token “{token['label']}” (PIN {token['pin']}): {made['conf']}",
        file=sys.stderr,
    )
    if args.build_only:
        return 0
    from certhelper.gui.launch import launch

    return launch(argparse.Namespace(module=None, lang=lang, tray=False, timeout=20.0, command=None))


if __name__ == "__main__":
    sys.exit(main())
