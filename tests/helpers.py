"""Shared test helpers: building SoftHSM2 stores, and running the real `certhelper` command."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from certhelper.demo.softhsm import build_in_new_process

ROOT = Path(__file__).resolve().parent.parent

SIREN = "212201859"  # Luhn-valid, made up
SIRET = "21220185900015"
ORG = "Commune de Plérin"
# A certificate in the daily-reminder phase: 20 days left, order date already past.
EXPIRING_IN_20_DAYS = {
    "kind": "holder",
    "id": "20",
    "label": "Signature Yannick",
    "given_name": "Yannick",
    "surname": "Le Bihan",
    "organisation": "Commune de Plérin",
    "siren": SIREN,
    "days_before": 1075,
    "days_left": 20,
}

# The main test token: what a ChamberSign holder's token might look like, plus every oddity.
MAIN_TOKEN = {
    "label": "Mairie de Plérin",
    "pin": "1234",
    "objects": [
        {
            "kind": "holder",
            "id": "01",
            "label": "Signature Hélène",
            "given_name": "Hélène",
            "surname": "Le Goff",
            "organisation": ORG,
            "siren": SIREN,
            "days_before": 200,
            "days_left": 895,
            "email": "helene.legoff@example.fr",
        },
        {
            "kind": "holder",
            "id": "02",
            "label": "Authentification Gaël",
            "given_name": "Gaël",
            "surname": "Tanguy",
            "organisation": ORG,
            "siren": SIREN,
            "days_before": 1080,
            "days_left": 15,
        },
        {
            "kind": "holder",
            "id": "03",
            "label": "Ancien certificat",
            "given_name": "Loïc",
            "surname": "Morvan",
            "organisation": ORG,
            "siren": SIREN,
            "days_before": 1100,
            "days_left": -10,
            "key": "none",
        },
        {"kind": "key-only", "id": "09", "label": "clé orpheline"},
        {"kind": "garbage", "id": "0a", "label": "objet abîmé"},
        {
            "kind": "holder",
            "id": "0b",
            "label": "Clé échangée",
            "given_name": "Anne",
            "surname": "Kerhervé",
            "organisation": ORG,
            "siren": SIREN,
            "days_before": 30,
            "days_left": 400,
            "key": "mismatch",
        },
    ],
}


@dataclass
class Store:
    """A SoftHSM2 store built for a test: its config file and what the builder made."""

    dir: Path
    conf: Path
    module: str
    description: dict[str, Any]

    @property
    def env(self) -> dict[str, str]:
        return {"SOFTHSM2_CONF": str(self.conf)}

    def token(self, label: str) -> dict[str, Any]:
        return next(t for t in self.description["tokens"] if t["label"] == label)

    def objects(self, label: str, kind: str | None = None) -> list[dict[str, Any]]:
        return [o for o in self.token(label)["objects"] if kind is None or o["kind"] == kind]


def build_store(directory: Path, tokens: list[dict[str, Any]]) -> Store:
    """Build tokens in a fresh process (PKCS#11 libraries cache their token list per process)."""
    description = build_in_new_process(directory, tokens)
    return Store(directory, Path(description["conf"]), description["module"], description)


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `python -m certhelper ARGS` as a user would, with a private environment."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "certhelper", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


def run_cli_in_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`certhelper ARGS` in this process (launcher.main): no interpreter start-up, same result object.

    For tests where a separate process adds nothing: the scan still reads each module in its own child,
    which inherits `env`. Keep run_cli for what only a real process shows (signals, stdin, argv bytes).
    """
    import contextlib
    import io

    from certhelper import launcher

    out, err = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = launcher.main(list(args))
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 2
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["certhelper", *args], code, out.getvalue(), err.getvalue())
