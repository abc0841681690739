"""Scanning every module, each in a child process so a crashing or hanging driver cannot take
the caller down: a crash or a timeout becomes that module's error, and the others are still read.
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import time
from collections.abc import Sequence
from typing import Any

from certhelper.core.errors import ModuleError
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Module, Snapshot, _from_jsonable
from certhelper.core.settings import SCAN_TIMEOUT_S
from certhelper.core.tokens.discovery import Candidate, name_module

logger = logging.getLogger(__name__)


def _context() -> Any:
    # fork is cheap and the parent has not loaded any PKCS#11 code; elsewhere spawn.
    import multiprocessing  # here: importing this module stays light (core.assessment.request)

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def read_module(cand: Candidate, catalogue: Catalogue, reinitialize: bool = False) -> Module:
    """Read one module here, in this process (a child's job): any error becomes the module's."""
    from certhelper.core.tokens.pkcs11_scan import scan_module

    try:
        return scan_module(cand.path, catalogue, source=cand.source, name=cand.name, reinitialize=reinitialize)
    except BaseException as exc:  # report, never a traceback on the user's terminal
        from certhelper.core.tokens.pkcs11_read import exception_text

        return Module(cand.path, cand.source, cand.name, error=ModuleError("scan-failed", detail=exception_text(exc)))


def named(cand: Candidate, catalogue: Catalogue) -> Candidate:
    """The candidate with its driver's name from the catalogue, if it has none yet."""
    if cand.name:
        return cand
    name, _ = name_module(cand.path, catalogue)
    return Candidate(cand.path, cand.source, name, cand.driver)


def _child(conn: Any, cand: Candidate, catalogue: Catalogue, reinitialize: bool) -> None:
    try:
        conn.send(read_module(cand, catalogue, reinitialize))  # pickled as it is: 3x cheaper than JSON
    finally:
        conn.close()


def death_reason(code: int | None) -> ModuleError:
    """Why a process reading a module ended without an answer: its signal, else its exit code."""
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return ModuleError("crashed", detail=name, signal=name)
    return ModuleError("stopped", detail=f"exit code {code}", exit_code=code)


class PendingScan:
    """Modules being read, each in its own child process: started by `start_scan`, collected by
    `modules()`. Between the two the caller is free: the command line loads the rest of the
    assessment (trust, wording) while the token is read, instead of after."""

    def __init__(self, candidates: Sequence[Candidate], catalogue: Catalogue, timeout: float) -> None:
        ctx = _context()
        self.timeout = timeout
        self.deadline = time.monotonic() + timeout
        self._jobs: list[tuple[Candidate, Any, Any]] = []
        for cand in (named(c, catalogue) for c in candidates):
            receiver, sender = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(sender, cand, catalogue, False), daemon=True)
            proc.start()
            sender.close()
            self._jobs.append((cand, proc, receiver))
        self._results: list[Module] | None = None

    def modules(self) -> list[Module]:
        """Every module's result, in the candidates' order (waits for the children, once)."""
        if self._results is None:
            self._results = [self._collect(*job) for job in self._jobs]
        return self._results

    def _collect(self, cand: Candidate, proc: Any, receiver: Any) -> Module:
        data, ended = None, False
        try:
            if receiver.poll(max(0.0, self.deadline - time.monotonic())):
                data = receiver.recv()
        except (EOFError, OSError):  # its end of the pipe closed with nothing sent: the child is dying
            ended = True
        # A dying child may take a moment to be gone (a big process's exit): wait for it until the deadline,
        # so a crash is reported as a crash, not as a timeout.
        proc.join(max(0.1, self.deadline - time.monotonic()) if ended else 0.5 if data is not None else 0.1)
        try:
            if data is not None and proc.is_alive():
                proc.kill()  # it answered but lingers (a module's C_Finalize hanging): nothing more to wait for
                proc.join(2)
            if data is not None:
                return data if isinstance(data, Module) else _from_jsonable(Module, data)
            if proc.is_alive():
                proc.kill()
                proc.join(2)
                logger.warning("module %s did not answer within %.0f s", cand.path, self.timeout)
                return timed_out(cand, self.timeout)
            return Module(cand.path, cand.source, cand.name, error=death_reason(proc.exitcode))
        finally:
            receiver.close()


def timed_out(cand: Candidate, seconds: float) -> Module:
    return Module(cand.path, cand.source, cand.name, error=ModuleError("timed-out", seconds=seconds))


def start_scan(candidates: Sequence[Candidate], catalogue: Catalogue, timeout: float = SCAN_TIMEOUT_S) -> PendingScan:
    """Start reading every candidate, in parallel child processes; `.modules()` collects them."""
    return PendingScan(candidates, catalogue, timeout)


def scan_isolated(
    candidates: Sequence[Candidate], catalogue: Catalogue, timeout: float = SCAN_TIMEOUT_S
) -> list[Module]:
    """Scan all candidates in parallel child processes; results in the candidates' order."""
    return start_scan(candidates, catalogue, timeout).modules()


def take_snapshot(
    candidates: Sequence[Candidate],
    catalogue: Catalogue,
    *,
    timeout: float = SCAN_TIMEOUT_S,
    now: dt.datetime | None = None,
) -> Snapshot:
    return snapshot_of(start_scan(candidates, catalogue, timeout), now)


def snapshot_of(scan: PendingScan, now: dt.datetime | None = None) -> Snapshot:
    """The snapshot a started scan gives, taken at `now` (JSON keeps seconds)."""
    when = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    return Snapshot(taken_at=when, modules=tuple(scan.modules()))
