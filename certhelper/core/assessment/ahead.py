"""Reading ahead: a process forked at launch that reads the token for `assess`.

A command that reads tokens spends most of its time loading libraries: its own (options, settings,
the assessment's rules, trust) and the reading's (python-pkcs11, cryptography). The launcher forks a
`Reader` first thing. The reader loads only what reading needs (core.tokens.pkcs11_read) while the
command loads its own modules and parses its options; `assess` then names the module (`read`) and
loads trust. The reader sends what it reads as plain data: the certificates 16 at a time as it
reads them (`assess` classifies them and parses them for trust meanwhile, `result(early=...)`), then
the module, which `assess` makes into the snapshot's model (core.tokens.pkcs11_scan.build_module),
exactly as a read in-process would give.

Isolation is kept: the reader reads the module itself, so it is that module's child (its crash or
hang is reported as the module's, as core.tokens.scan reports a child's). With several modules it
has nothing to do (`decline`): `assess` gives each its own child, as without a reader. The reader
never writes on stdout and ends with os._exit (the parent's buffers are not flushed twice). A reader
gone before its job costs only time: `read` says so (`reading` is false) and `assess` gives the
module a child instead, with the same answer. This module is imported first thing, so it imports only the standard library at its top.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from certhelper.core.guidance.catalogue import Catalogue
    from certhelper.core.model import Module
    from certhelper.core.tokens.discovery import Candidate


# Certificates a message: the command prepares them (classification, trust's parsing) while the
# reader reads on, instead of all of them after the last one.
_BATCH = 16


def _serve(requests: int, answers: int) -> None:
    """In the reader: load the libraries, wait for the module's path, read it, send what was read."""
    import pkcs11  # noqa: F401  # everything reading needs, loaded before the job arrives

    from certhelper.core.tokens.pkcs11_read import read_module

    with os.fdopen(requests, "rb") as inbox:
        path = inbox.read()
    if not path:
        return  # the command ended without reading (usage error, no module, several modules, --help)
    with os.fdopen(answers, "wb") as outbox:
        batch: list[Any] = []

        def read_one(entry: Any) -> None:
            batch.append(entry)
            if len(batch) == _BATCH:
                _send(outbox, ("certificates", batch))
                batch.clear()

        # The module carries every certificate again (a token failing half-way drops its own): only
        # its data is built; the batches only let the command start early.
        _send(outbox, ("module", read_module(os.fsdecode(path), on_certificate=read_one)))


def _send(outbox: Any, message: tuple[str, Any]) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    outbox.write(len(data).to_bytes(8, "big") + data)
    outbox.flush()


def _widen(fd: int) -> None:
    """A pipe that holds what a big token gives (each certificate crosses twice, ~3 kB), where the
    system allows it (Linux): the reader's writes never wait for the command to read, and it ends
    as soon as it has sent the module, instead of waiting for the command 64 kB at a time."""
    import fcntl

    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)  # type: ignore[attr-defined]


class Reader:
    """The reading process, forked when created (at launch, before the command line's imports)."""

    _job_write: int
    _answer_read: int
    pid: int
    submitted: bool
    _path: str | None
    _started: float
    _buffer: bytes

    def __init__(self) -> None:
        if sys.platform == "win32":  # no fork: commands read in-process (start() never gets here)
            raise OSError("no fork on Windows")
        job_read, self._job_write = os.pipe()
        self._answer_read, answer_write = os.pipe()
        _widen(answer_write)
        self.pid = os.fork()
        if self.pid == 0:  # the reader
            code = 0
            try:
                os.close(self._job_write)
                os.close(self._answer_read)
                _serve(job_read, answer_write)
            except BaseException:  # Ctrl-C, a library's error: the command reads for itself, no traceback
                code = 1
            finally:
                os._exit(code)
        os.close(job_read)
        os.close(answer_write)
        self.submitted = False
        self._path = None
        self._started = 0.0
        self._buffer = b""

    @property
    def reading(self) -> bool:
        """It has its job: `result` will say what it read."""
        return self._path is not None

    def read(self, path: str) -> None:
        """Hand the reader its job: the one module to read."""
        self.submitted, self._started = True, time.monotonic()
        fd, self._job_write = self._job_write, -1  # closed below, whatever happens
        try:
            with os.fdopen(fd, "wb") as outbox:
                outbox.write(os.fsencode(path))
            self._path = path
        except OSError:  # the reader is gone: the command reads without it
            self._path = None
            self.close()

    def decline(self) -> None:
        """No job for the reader (several modules, or none): it ends."""
        self.submitted = True
        self.close()

    def result(
        self, cand: Candidate, catalogue: Catalogue, timeout: float, early: Callable[[list[Any]], None] | None = None
    ) -> Module:
        """The module read (`cand`: the one `read` was given). `early` is given the certificates
        (pkcs11_read's entries) the reader sends while it reads on.

        The reader read it itself: its crash or hang is that module's, said as a child's would be;
        so is an error making the model of what it read (core.tokens.scan.read_module says it so)."""
        from certhelper.core.errors import ModuleError
        from certhelper.core.model import Module
        from certhelper.core.tokens.pkcs11_scan import build_module

        deadline = self._started + timeout
        try:
            while True:
                message = self._receive(deadline)
                if message is None:
                    return self._ended(cand, timeout, deadline)
                kind, value = message
                if kind == "module":
                    break
                if early is not None:
                    early(value)
            self.close(done=True)
            return build_module(value, catalogue, source=cand.source, name=cand.name)
        except Exception as exc:
            from certhelper.core.tokens.pkcs11_read import exception_text

            return Module(
                cand.path, cand.source, cand.name, error=ModuleError("scan-failed", detail=exception_text(exc))
            )
        finally:
            self.close()

    def _receive(self, deadline: float) -> tuple[str, Any] | None:
        """The next message, or None if the reader ended (or the deadline passed) before sending it whole."""
        while True:
            if len(self._buffer) >= 8:
                size = int.from_bytes(self._buffer[:8], "big")
                if len(self._buffer) >= 8 + size:
                    data, self._buffer = self._buffer[8 : 8 + size], self._buffer[8 + size :]
                    try:
                        value = pickle.loads(data)
                    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
                        return None
                    return value if isinstance(value, tuple) and len(value) == 2 else None
            left = max(0.0, deadline - time.monotonic())  # past it: only what is already there
            try:
                if not select.select([self._answer_read], [], [], left)[0]:
                    return None
                chunk = os.read(self._answer_read, 1 << 20)
            except OSError:
                return None
            if not chunk:
                return None
            self._buffer += chunk

    def _ended(self, cand: Candidate, timeout: float, deadline: float) -> Module:
        """The module the reader was reading: it crashed, stopped or hung there."""
        from certhelper.core.model import Module
        from certhelper.core.tokens import scan

        if sys.platform != "win32" and self.pid > 0:
            pid, status = 0, 0
            while True:  # a reader whose pipe closed is dying: a big process takes a moment to be gone
                try:
                    pid, status = os.waitpid(self.pid, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid != 0 or time.monotonic() >= deadline:
                    break
                time.sleep(0.005)
            if pid == 0:  # still there at the deadline: hung past the timeout
                return scan.timed_out(cand, timeout)
            self.pid = -1
            code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
            return Module(cand.path, cand.source, cand.name, error=scan.death_reason(code))
        return scan.timed_out(cand, timeout)

    def close(self, done: bool = False) -> None:
        """End the reader and release its pipes (`done`: it answered and is exiting: it is reaped
        at `stop`, so the command does not wait for its exit); safe twice."""
        for fd in (self._job_write, self._answer_read):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._job_write = self._answer_read = -1
        self._path = None
        if sys.platform != "win32" and self.pid > 0:
            pid, self.pid = self.pid, -1
            try:
                if done:
                    if os.waitpid(pid, os.WNOHANG)[0] == 0:
                        _exiting.append(pid)
                    return
                if os.waitpid(pid, os.WNOHANG)[0] == 0:
                    os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ChildProcessError, ProcessLookupError, OSError):
                pass


_exiting: list[int] = []  # readers that answered, still exiting: reaped by stop()
_started: Reader | None = None


def start() -> None:
    """At launch, for a command that reads the tokens: fork the reader now (POSIX only)."""
    global _started
    if hasattr(os, "fork") and _started is None:
        try:
            _started = Reader()
        except OSError:
            _started = None


def take() -> Reader | None:
    """The reader started at launch, for the one assessment that uses it (None if there is none)."""
    global _started
    reader, _started = _started, None
    if reader is not None:
        _taken.append(reader)
    return reader


_taken: list[Reader] = []  # given to an assessment: ended by stop() if it did not finish (an error, Ctrl-C)


def stop() -> None:
    """At the end of the command: a reader left unfinished is ended, one that answered is reaped."""
    take()
    while _taken:
        _taken.pop().close()
    while _exiting:
        with contextlib.suppress(ChildProcessError, OSError):
            os.waitpid(_exiting.pop(), 0)
