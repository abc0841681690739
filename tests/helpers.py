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
    """Run `python -m certhelper ARGS` as a user would, with a private environment.

    A Python start-up per call (~0.4 CPU-s): prefer run_cli_in_process, and keep this for what only a
    real process shows (see there)."""
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


def _fresh_pkcs11_in_child() -> None:
    """In any child forked from a test process: load the PKCS#11 modules afresh, as a new process would.

    The scan forks one child per module (and the launcher a reader); python-pkcs11 keeps each library
    it loaded, already C_Initialize'd, in `pkcs11._loaded`. A child that inherits SoftHSM2 initialised
    by an earlier test in this worker would list the tokens of that moment and that SOFTHSM2_CONF, not
    those of the store it is asked to read: whatever a test loaded in-process is finalised and
    initialised again in the child (the parent's copy is untouched). Nothing to do when nothing was
    loaded, the usual case. Like a new process, the child has no faulthandler either.
    """
    import faulthandler

    faulthandler.disable()  # pytest's: a driver crashing in a scan child is a result, not a dump on the terminal
    loaded = getattr(sys.modules.get("pkcs11"), "_loaded", None)
    for path, lib in list((loaded or {}).items()):
        try:
            if lib.initialized:
                lib.reinitialize()
        except Exception:  # the scan loads it again and reports what the module says
            loaded.pop(path, None)


os.register_at_fork(after_in_child=_fresh_pkcs11_in_child)


def run_cli_in_process(
    *args: str, env: dict[str, str] | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    """`certhelper ARGS` in this process (launcher.main): no interpreter start-up, same result object.

    What the command sees is what `run_cli` gives it: the test's environment plus `env`, the checkout
    as working directory, stdin from /dev/null, stdout and stderr as UTF-8 files that are not terminals
    (stdout strict, stderr backslashreplace, as Python sets them up). Output is caught at the file
    descriptors, so what a forked scan child prints (a warning, a traceback) is caught too, as it would
    be from a real process. `sys.exit` codes become exit codes. What the command changes in this process
    is put back: os.environ, the working directory, logging (basicConfig's handler and level), warnings
    filters, argparse's translated words, sys.excepthook/unraisablehook, sys.stdin. Scan children
    forked during the call load their PKCS#11 modules afresh (_fresh_pkcs11_in_child).

    Keep run_cli for what only a real process shows: signals, a TTY or piped stdin, argv bytes,
    interpreter-level warnings and start-up, the installed entry point. `timeout` is accepted for
    call-compatibility with run_cli; pytest-timeout bounds an in-process call.
    """
    import argparse
    import io
    import logging
    import tempfile
    import warnings

    from certhelper import launcher

    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    saved_argparse = (argparse._, argparse.ngettext)  # type: ignore[attr-defined]
    saved_sys = (sys.excepthook, sys.unraisablehook, sys.stdin, sys.stdout, sys.stderr)
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    saved_fds = (os.dup(1), os.dup(2))
    with (
        tempfile.TemporaryFile() as out_file,
        tempfile.TemporaryFile() as err_file,
        open(os.devnull, encoding="utf-8") as stdin,
    ):
        os.dup2(out_file.fileno(), 1)
        os.dup2(err_file.fileno(), 2)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", write_through=True)
        sys.stderr = io.TextIOWrapper(
            io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", write_through=True
        )
        sys.stdin = stdin
        os.environ.update(env or {})
        os.chdir(ROOT)
        root.handlers = []  # as in a fresh process: basicConfig installs the CLI's own handler on stderr
        try:
            with warnings.catch_warnings():
                try:
                    code = launcher.main(list(args))
                except SystemExit as exit_:
                    if exit_.code is None or isinstance(exit_.code, int):
                        code = exit_.code or 0
                    else:  # sys.exit("text"): the interpreter prints it and exits with 1
                        print(exit_.code, file=sys.stderr)
                        code = 1
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            for handler in root.handlers:
                if handler not in saved_handlers:
                    handler.close()
            root.handlers = saved_handlers
            root.setLevel(saved_level)
            argparse._, argparse.ngettext = saved_argparse  # type: ignore[attr-defined]
            sys.excepthook, sys.unraisablehook, sys.stdin, sys.stdout, sys.stderr = saved_sys
            os.dup2(saved_fds[0], 1)
            os.dup2(saved_fds[1], 2)
            for fd in saved_fds:
                os.close(fd)
            os.chdir(saved_cwd)
            os.environ.clear()
            os.environ.update(saved_env)
        out_file.seek(0)
        err_file.seek(0)
        # as subprocess.run(text=True) decodes: strictly, universal newlines
        stdout = out_file.read().decode("utf-8").replace("\r\n", "\n")
        stderr = err_file.read().decode("utf-8").replace("\r\n", "\n")
    return subprocess.CompletedProcess(["certhelper", *args], code, stdout, stderr)
