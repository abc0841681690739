"""The GUI side of the scan worker: runs `certhelper.core.tokens.watch` in a QProcess and turns its
messages into Qt signals. PKCS#11 never runs on the GUI thread, nor in the GUI process.

If the worker crashes, the module it was reading is blamed; if it stops answering, it is killed.
Either way it is restarted with a growing delay, and a module that keeps crashing is left out
(reported as failed) until the user asks to retry.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from certhelper.core.model import Snapshot
from certhelper.core.tokens.discovery import Candidate

logger = logging.getLogger(__name__)

HANG_SECONDS = 20.0  # no message for this long: the worker (a module) hangs (--timeout overrides it)
MAX_CRASHES = 3  # per module, before it is left out until the user retries
BACKOFF_SECONDS = (0.5, 1.0, 2.0, 5.0, 10.0)


class ScanClient(QObject):
    snapshotReady = Signal(object)  # Snapshot
    moduleFailed = Signal(str, str)  # module path, reason ("crashed", "hung")
    workerStateChanged = Signal(str)  # "running", "restarting", "stopped"

    def __init__(
        self,
        candidates: Sequence[Candidate],
        interval: float = 1.0,
        parent: QObject | None = None,
        hang_seconds: float | None = None,
    ) -> None:
        super().__init__(parent)
        self.hang_seconds = hang_seconds or HANG_SECONDS
        self.candidates = list(candidates)
        self.interval = interval
        self.crashes: dict[str, int] = {}
        self.excluded: set[str] = set()
        self.last_snapshot: Snapshot | None = None
        self._current: str | None = None
        self._restarts = 0
        self._buffer = b""
        self._stopping = False
        self._process: QProcess | None = None
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._on_hang)
        self._restart_timer = QTimer(self)
        self._restart_timer.setSingleShot(True)
        self._restart_timer.timeout.connect(self.start)

    # -- control -------------------------------------------------------------------------
    def active_candidates(self) -> list[Candidate]:
        return [c for c in self.candidates if c.path not in self.excluded]

    def start(self) -> None:
        self._stopping = False
        if self._process is not None:
            return
        chosen = self.active_candidates()
        payload = json.dumps([[c.path, c.source, c.name, c.driver] for c in chosen])
        proc = QProcess(self)
        proc.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        proc.readyReadStandardOutput.connect(self._on_output)
        proc.finished.connect(self._on_finished)
        self._buffer = b""
        self._current = None
        self._process = proc
        proc.start(
            sys.executable,
            ["-m", "certhelper.core.tokens.watch", "--candidates", payload, "--interval", str(self.interval)],
        )
        self._watchdog.start(int(self.hang_seconds * 1000))
        self.workerStateChanged.emit("running")

    def stop(self) -> None:
        self._stopping = True
        self._restart_timer.stop()
        self._watchdog.stop()
        proc, self._process = self._process, None
        if proc is not None:
            proc.finished.disconnect(self._on_finished)
            proc.closeWriteChannel()  # the worker stops at end of input
            if not proc.waitForFinished(1500):
                proc.kill()
                proc.waitForFinished(1000)
            proc.deleteLater()
        self.workerStateChanged.emit("stopped")

    def rescan(self) -> None:
        if self._process is not None:
            self._process.write(b"scan\n")

    def retry_failed(self) -> None:
        """The user asked to try the modules left out again."""
        self.excluded.clear()
        self.crashes.clear()
        self._restarts = 0
        self.stop()
        self.start()

    # -- worker messages -----------------------------------------------------------------
    def _on_output(self) -> None:
        if self._process is None:
            return
        self._buffer += bytes(self._process.readAllStandardOutput().data())
        *lines, self._buffer = self._buffer.split(b"\n")
        for line in lines:
            self._watchdog.start(int(self.hang_seconds * 1000))
            try:
                message = json.loads(line)
            except ValueError:
                continue
            kind = message.get("type")
            if kind == "scanning":
                self._current = message.get("module")
            elif kind == "snapshot":
                self._current = None
                self._restarts = 0
                snap = Snapshot.from_dict(message["snapshot"])
                self.last_snapshot = self._with_excluded(snap)
                self.snapshotReady.emit(self.last_snapshot)
            elif kind == "heartbeat":
                self._current = None

    def _with_excluded(self, snap: Snapshot) -> Snapshot:
        """Modules left out still appear, with the reason, so the window can say so."""
        from certhelper.core.errors import ModuleError
        from certhelper.core.model import Module

        extra = tuple(
            Module(c.path, c.source, c.name, error=ModuleError("left-out", crashes=self.crashes.get(c.path, 0)))
            for c in self.candidates
            if c.path in self.excluded
        )
        return Snapshot(snap.taken_at, snap.modules + extra)

    def _blame(self, reason: str) -> None:
        module = self._current
        if module:
            self.crashes[module] = self.crashes.get(module, 0) + 1
            if self.crashes[module] >= MAX_CRASHES:
                self.excluded.add(module)
            logger.warning("scan worker %s while reading %s", reason, module)
            self.moduleFailed.emit(module, reason)
        else:
            self.moduleFailed.emit("", reason)

    def _on_hang(self) -> None:
        if self._process is None:
            return
        self._blame("hung")
        proc, self._process = self._process, None
        proc.finished.disconnect(self._on_finished)
        proc.kill()
        proc.waitForFinished(1000)
        proc.deleteLater()
        self._schedule_restart()

    def _on_finished(self, code: int, status: QProcess.ExitStatus) -> None:
        self._watchdog.stop()
        if self._process is not None:
            self._process.deleteLater()
        self._process = None
        if self._stopping:
            return
        self._blame("crashed" if status == QProcess.ExitStatus.CrashExit or code != 0 else "stopped")
        self._schedule_restart()

    def _schedule_restart(self) -> None:
        delay = BACKOFF_SECONDS[min(self._restarts, len(BACKOFF_SECONDS) - 1)]
        self._restarts += 1
        self.workerStateChanged.emit("restarting")
        self._restart_timer.start(int(delay * 1000))
