"""Scanning every module, each in a child process so a crashing or hanging driver cannot take
the caller down: a crash or a timeout becomes that module's error, and the others are still read.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import signal
import time
from collections.abc import Sequence
from typing import Any

from certhelper.core.errors import ModuleError
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Module, Snapshot, _from_jsonable
from certhelper.core.tokens.discovery import Candidate, name_module

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 20.0


def _context() -> Any:
    # fork is cheap and the parent has not loaded any PKCS#11 code; elsewhere spawn.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _child(conn: Any, cand: Candidate, catalogue: Catalogue, reinitialize: bool) -> None:
    from certhelper.core.tokens.pkcs11_scan import scan_module

    try:
        module = scan_module(cand.path, catalogue, source=cand.source, name=cand.name, reinitialize=reinitialize)
        conn.send(module)  # pickled as it is: three times cheaper than through its JSON form
    except BaseException as exc:  # report, never a traceback on the user's terminal
        detail = f"{type(exc).__name__}: {exc}".rstrip(": ")
        conn.send(Module(cand.path, cand.source, cand.name, error=ModuleError("scan-failed", detail=detail)))
    finally:
        conn.close()


def _death_reason(code: int | None) -> ModuleError:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return ModuleError("crashed", detail=name, signal=name)
    return ModuleError("stopped", detail=f"exit code {code}", exit_code=code)


def scan_isolated(
    candidates: Sequence[Candidate], catalogue: Catalogue, timeout: float = DEFAULT_TIMEOUT
) -> list[Module]:
    """Scan all candidates in parallel child processes; results in the candidates' order."""
    ctx = _context()
    jobs = []
    for cand in candidates:
        if not cand.name:
            name, _ = name_module(cand.path, catalogue)
            cand = Candidate(cand.path, cand.source, name, cand.driver)
        receiver, sender = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(sender, cand, catalogue, False), daemon=True)
        proc.start()
        sender.close()
        jobs.append((cand, proc, receiver))
    deadline = time.monotonic() + timeout
    results = []
    for cand, proc, receiver in jobs:
        data = None
        remaining = max(0.0, deadline - time.monotonic())
        try:
            if receiver.poll(remaining):
                data = receiver.recv()
        except (EOFError, OSError):
            data = None
        proc.join(0.5 if data is not None else 0.1)
        if data is not None and proc.is_alive():
            proc.kill()  # it answered but lingers (a module's C_Finalize hanging): nothing more to wait for
            proc.join(2)
        if data is not None:
            results.append(data if isinstance(data, Module) else _from_jsonable(Module, data))
        elif proc.is_alive():
            proc.kill()
            proc.join(2)
            logger.warning("module %s did not answer within %.0f s", cand.path, timeout)
            error = ModuleError("timed-out", seconds=timeout)
            results.append(Module(cand.path, cand.source, cand.name, error=error))
        else:
            results.append(Module(cand.path, cand.source, cand.name, error=_death_reason(proc.exitcode)))
        receiver.close()
    return results


def take_snapshot(
    candidates: Sequence[Candidate],
    catalogue: Catalogue,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    now: dt.datetime | None = None,
) -> Snapshot:
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)  # JSON keeps seconds
    return Snapshot(taken_at=when, modules=tuple(scan_isolated(candidates, catalogue, timeout)))
