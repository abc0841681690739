"""Reading ahead: a process started at launch that reads the tokens and checks trust for `assess`.

A command that reads tokens spends most of its time loading libraries: its own (options, settings,
the assessment's rules) and the reading's (python-pkcs11, cryptography, asn1crypto). The launcher
starts a `Reader` first thing, once what both processes need is loaded (`start`): while the command
line loads and parses its options, the reader loads what reading and trust need; `assess` then hands
it the job (`AssessRequest.job`: which modules, the settings, `now`) and gets back the modules read,
then their trust, computed by the same functions as without it (core.tokens.scan, core.trust.evaluate).

Isolation is kept: with one module the reader reads it itself, so it is that module's child (its
crash or hang is reported as the module's, as core.tokens.scan reports a child's); with several, it
gives each module a child of its own. The reader never writes on stdout and ends with os._exit (the
parent's buffers are not flushed twice). A reader gone before its job costs only time: `result()` is
None and `assess` reads in-process, with the same answer. This module is imported before the command
line, so it imports only the standard library at its top.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import sys
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import datetime as dt

    from certhelper.core.assessment.request import AssessRequest
    from certhelper.core.model import Module
    from certhelper.core.tokens.discovery import Candidate
    from certhelper.core.trust.model import Trust

# Safety nets, for a reader that stops answering: with several modules it ends hung ones at the
# scan's timeout, and trust ends at its own budget (20 s, at most an hour through
# CERTHELPER_REVOCATION_BUDGET: core.trust.evaluate), so only a reader gone silent reaches these.
_TRUST_ALLOWANCE_S = 3600.0 + 60.0
_MARGIN_S = 5.0


class ReadJob:
    """What `assess` asks of the reader (AssessRequest.job): the request, as of `now`, and the log level.
    (A plain class: dataclasses would cost the launch a few milliseconds before the reader starts.)"""

    def __init__(self, request: AssessRequest, now: dt.datetime, log_level: int) -> None:
        self.request, self.now, self.log_level = request, now, log_level


def _serve(requests: int, answers: int) -> None:
    """In the reader: load the libraries, wait for the job, read, send the modules, check trust, send it."""
    import pkcs11  # noqa: F401  # everything reading needs, loaded before the job arrives

    from certhelper.core.assessment import reading
    from certhelper.core.tokens import pkcs11_scan, scan  # noqa: F401

    anchors = None
    if not select.select([requests], [], [], 0)[0]:  # no job yet: load trust too while waiting
        anchors = reading.load_trust()
    with os.fdopen(requests, "rb") as inbox:
        try:
            job: ReadJob = pickle.load(inbox)
        except (EOFError, pickle.UnpicklingError):
            return  # the command ended without reading (usage error, no module, --help)
    import logging

    logging.basicConfig(level=job.log_level, format="certhelper: %(levelname)s: %(message)s", stream=sys.stderr)
    from certhelper.core.model import Snapshot

    request = job.request
    with os.fdopen(answers, "wb") as outbox:
        if len(request.candidates) == 1:  # this process is that module's child: a crash here is the module's
            modules = [scan.read_module(scan.named(request.candidates[0], request.catalogue), request.catalogue)]
        else:  # one child each, as without a reader
            modules = scan.start_scan(request.candidates, request.catalogue, request.timeout).modules()
        _send(outbox, modules)
        if request.check_trust:
            if anchors is None:
                anchors = reading.load_trust()
            snapshot = Snapshot(taken_at=job.now.replace(microsecond=0), modules=tuple(modules))
            _send(outbox, reading.trust_of(snapshot, request, job.now, anchors))


def _send(outbox: Any, value: object) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    outbox.write(len(data).to_bytes(8, "big") + data)
    outbox.flush()


class Reader:
    """The reading process, forked when created (at launch, before the command line's imports)."""

    _job_write: int
    _answer_read: int
    pid: int
    submitted: bool
    _job: ReadJob | None
    _started: float
    _buffer: bytes

    def __init__(self) -> None:
        if sys.platform == "win32":  # no fork: commands read in-process (start() never gets here)
            raise OSError("no fork on Windows")
        job_read, self._job_write = os.pipe()
        self._answer_read, answer_write = os.pipe()
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
        self._job: ReadJob | None = None
        self._started = 0.0
        self._buffer = b""

    def read(self, job: ReadJob) -> None:
        """Hand the reader its job (AssessRequest.job: what to read, as of when)."""
        self.submitted, self._started = True, time.monotonic()
        fd, self._job_write = self._job_write, -1  # closed below, whatever happens
        try:
            with os.fdopen(fd, "wb") as outbox:
                pickle.dump(job, outbox, protocol=pickle.HIGHEST_PROTOCOL)
            self._job = job
        except OSError:  # the reader is gone: result() says so
            self._job = None

    def result(self) -> tuple[list[Module], dict[str, Trust] | None] | None:
        """The modules read, and their trust (None: check it here); None if the reader read nothing.

        With one module the reader read it itself: its crash or hang is that module's, said as a
        child's would be. With several, each had its own child, so a reader gone means: read here."""
        if self._job is None:
            self.close()
            return None
        from certhelper.core.tokens import scan

        request, alone = self._job.request, len(self._job.request.candidates) == 1
        deadline = self._started + request.timeout + (0 if alone else _MARGIN_S)
        modules: Any = self._receive(deadline)
        if modules is None:
            answer = None
            if alone:
                cand = scan.named(request.candidates[0], request.catalogue)
                answer = [self._ended(cand, request.timeout, deadline)], None
            self.close()
            return answer
        trust: Any = {}
        if request.check_trust:
            trust = self._receive(time.monotonic() + _TRUST_ALLOWANCE_S)
        self.close(done=trust is not None)
        return list(modules), trust

    def _receive(self, deadline: float) -> object | None:
        """The next message, or None if the reader ended or the deadline passed first."""
        while True:
            if len(self._buffer) >= 8:
                size = int.from_bytes(self._buffer[:8], "big")
                if len(self._buffer) >= 8 + size:
                    data, self._buffer = self._buffer[8 : 8 + size], self._buffer[8 + size :]
                    try:
                        value: object = pickle.loads(data)
                        return value
                    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
                        return None
            left = deadline - time.monotonic()
            try:
                if left <= 0 or not select.select([self._answer_read], [], [], left)[0]:
                    return None
                chunk = os.read(self._answer_read, 1 << 20)
            except OSError:
                return None
            if not chunk:
                return None
            self._buffer += chunk

    def _ended(self, cand: Candidate, timeout: float, deadline: float) -> Module:
        """The one module the reader read in-process: it crashed, stopped or hung there."""
        from certhelper.core.model import Module
        from certhelper.core.tokens import scan

        if sys.platform != "win32":
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
        """End the reader and release its pipes (`done`: it answered and is exiting); safe twice."""
        for fd in (self._job_write, self._answer_read):
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._job_write = self._answer_read = -1
        if sys.platform != "win32" and self.pid > 0:
            try:
                if not done and os.waitpid(self.pid, os.WNOHANG)[0] == 0:
                    os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ChildProcessError, ProcessLookupError, OSError):
                pass
            self.pid = -1


_started: Reader | None = None


def start() -> None:
    """At launch, for a command that reads the tokens: fork the reader now (POSIX only).

    What both processes need (the model, the catalogue, the settings: core.tokens.scan's imports) is
    loaded first, once; the reader then loads python-pkcs11 and cryptography while the command parses."""
    global _started
    if hasattr(os, "fork") and _started is None:
        from certhelper.core.tokens import scan  # noqa: F401

        try:
            _started = Reader()
        except OSError:
            _started = None


def take() -> Reader | None:
    """The reader started at launch, for the one assessment that uses it (None if there is none)."""
    global _started
    reader, _started = _started, None
    return reader


def stop() -> None:
    """At the end of the command: a reader nobody used is ended."""
    reader = take()
    if reader is not None:
        reader.close()
