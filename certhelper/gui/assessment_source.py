"""Where the window and the tray get their Assessment: snapshots in, one verdict out, the GUI never blocked.

The scan worker (gui.scan_client) sends snapshots. For each change of the modules read, the drivers and
services of the workstation are detected once, in a background thread; then the core's
`judge()` gives the Assessment, which is emitted for the window and the tray to render (both only
render: they decide nothing). Revocation and chain checks (core.trust) go to the network and may hang
on a dead responder: they run in a background thread too; meanwhile the certificates' trust is "not
checked" and `pending` names them (the cards say "checking…"), and once the answers arrive the
snapshot is judged again with them.

Background work runs in daemon threads (never joined: a hung responder cannot keep the app from
quitting), through gui.background: results come back to the GUI thread through its one long-lived
relay (a worker never emits on an object that a closed window may have deleted), tagged with a
generation so that a late answer for an older snapshot is dropped.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QObject, Signal

from certhelper.core.assessment.model import Assessment
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Snapshot
from certhelper.core.settings import Settings
from certhelper.core.trust.model import Trust
from certhelper.core.workstation.drivers import Drivers
from certhelper.gui.background import run_in_background

logger = logging.getLogger(__name__)

DetectDrivers = Callable[[], Drivers | None]
EvaluateTrust = Callable[[Snapshot, dt.datetime], Mapping[str, Trust]]


def default_detect(catalogue: Catalogue) -> DetectDrivers:
    from certhelper.core.tokens.discovery import sysroot
    from certhelper.core.workstation.drivers import detect_drivers

    return lambda: detect_drivers(catalogue, sysroot=sysroot())


def default_trust(catalogue: Catalogue, settings: Settings, offline: bool) -> EvaluateTrust | None:
    """core.trust's evaluation, or None while it is not installed (the cards then say nothing of it)."""
    try:
        from certhelper.core.trust.evaluate import evaluate_trust
    except ImportError:
        logger.info("core.trust.evaluate is not available: revocation is not checked")
        return None
    return lambda snapshot, now: evaluate_trust(snapshot, catalogue, settings, now, offline=offline)


def _judge(**kwargs: Any) -> Assessment:
    from certhelper.core.assessment.assess import judge

    return judge(**kwargs)


def _modules_key(snapshot: Snapshot) -> tuple[tuple[str, bool], ...]:
    """What makes the drivers worth detecting again: a module appears, goes, or starts/stops failing."""
    return tuple((m.path, bool(m.error)) for m in snapshot.modules)


def _certificates_key(snapshot: Snapshot) -> frozenset[str]:
    """The holder certificates (core.trust checks those, not the CA certificates beside them)."""
    return frozenset(c.sha256 for _, c in snapshot.certificates if not c.is_ca)


class AssessmentSource(QObject):
    """Turns snapshots into Assessments for the window and the tray. Shared by both in one app."""

    assessmentReady = Signal(object)  # Assessment
    pendingChanged = Signal()  # the set of certificates whose trust is being checked changed

    def __init__(
        self,
        *,
        catalogue: Catalogue,
        settings: Settings,
        now: Callable[[], dt.datetime],
        detect: DetectDrivers | None = None,
        trust: EvaluateTrust | bool | None = True,  # True: core.trust's; None/False: no trust checks
        offline: bool = False,
        judge: Callable[..., Assessment] = _judge,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalogue, self.settings, self.now, self.offline = catalogue, settings, now, offline
        self.detect = detect or default_detect(catalogue)
        self.evaluate: EvaluateTrust | None = (
            default_trust(catalogue, settings, offline) if trust is True else (trust or None)
        )
        self.judge_fn = judge
        self.snapshot: Snapshot | None = None
        self.drivers: Drivers | None = None
        self.assessment: Assessment | None = None
        self.trust: dict[str, Trust] = {}
        self.pending: frozenset[str] = frozenset()  # certificates whose trust is being checked
        self.detections = 0  # how many times the drivers were detected (once per change)
        self._drivers_key: object = None
        self._drivers_ready = False
        self._trust_key: frozenset[str] | None = None
        self._generation = {"drivers": 0, "trust": 0}

    # -- inputs ----------------------------------------------------------------------------
    def set_snapshot(self, snapshot: Snapshot) -> None:
        """A snapshot from the scan worker. The same modules again: nothing to judge anew."""
        if self.snapshot is not None and snapshot.modules == self.snapshot.modules and self.assessment is not None:
            self.snapshot = snapshot
            return
        self.snapshot = snapshot
        key = _modules_key(snapshot)
        if key != self._drivers_key:
            self._drivers_key = key
            self._start("drivers", self.detect)
        if self._drivers_ready:
            self._judge()  # with the drivers known so far; judged again if the new detection differs
        self._check_trust(snapshot)

    def rescan(self) -> None:
        """The user asked to read again: drivers and trust are looked at again too."""
        self._drivers_key = None
        self._trust_key = None
        if self.snapshot is not None:
            snap, self.snapshot = self.snapshot, None
            self.set_snapshot(snap)

    def refresh(self) -> None:
        """The date changed: judge again, and ask about revocation again (it may have changed since)."""
        if self.snapshot is not None and self._drivers_ready:
            self._judge()
        if self.snapshot is not None:
            self._trust_key = None
            self._check_trust(self.snapshot)

    # -- background work -------------------------------------------------------------------
    def _start(self, kind: str, work: Callable[[], object]) -> None:
        self._generation[kind] += 1
        generation = self._generation[kind]

        def run() -> tuple[int, str, object]:
            return generation, kind, work()

        if kind == "drivers":
            self.detections += 1
        # A failing check must not take the app down: logged by run_in_background, treated as "no answer".
        # The worker holds no reference to this source: it may be collected meanwhile (window closed).
        failed: tuple[int, str, object] = (generation, kind, None)
        run_in_background(run, self._on_result, name=kind, failed=failed)

    def _on_result(self, answer: tuple[int, str, object]) -> None:
        self._on_done(*answer)

    def _check_trust(self, snapshot: Snapshot) -> None:
        certs = _certificates_key(snapshot)
        if self.evaluate is None or certs == self._trust_key:
            return
        self._trust_key = certs
        evaluate, now = self.evaluate, self.now()
        self.pending = frozenset(certs - set(self.trust)) if certs else frozenset()
        self.pendingChanged.emit()
        self._start("trust", lambda: evaluate(snapshot, now))

    def _on_done(self, generation: int, kind: str, result: object) -> None:
        if generation != self._generation[kind]:
            return  # an answer for an older snapshot
        if kind == "drivers":
            if not isinstance(result, Drivers):  # detection failed (logged): judged as "no driver found"
                result = Drivers(os=platform.system().lower(), found=())
            changed = not self._drivers_ready or result != self.drivers
            self.drivers, self._drivers_ready = result, True
            if changed and self.snapshot is not None:
                self._judge()
        else:
            if isinstance(result, Mapping):
                self.trust = dict(result)
            self.pending = frozenset()
            self.pendingChanged.emit()
            if self.snapshot is not None and self._drivers_ready:
                self._judge()

    # -- the verdict -----------------------------------------------------------------------
    def _judge(self) -> None:
        assert self.snapshot is not None
        current = {c.sha256 for _, c in self.snapshot.certificates}
        trust = {sha: t for sha, t in self.trust.items() if sha in current}
        try:
            assessment = self.judge_fn(
                snapshot=self.snapshot,
                drivers=self.drivers,
                now=self.now(),
                catalogue=self.catalogue,
                settings=self.settings,
                trust=trust or None,
                offline=self.offline,
            )
        except Exception:  # a bug in the core must not take the window down: logged, the last verdict stays
            logger.exception("the assessment failed")
            return
        self.assessment = assessment
        self.assessmentReady.emit(assessment)
