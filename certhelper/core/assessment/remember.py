"""The one side effect of looking at tokens: remembering their certificates, so reminders work unplugged.

Called explicitly by the front-ends whose purpose it is (the window, the tray, `status` in text
or JSON, `remind`); never by `assess`, nor by monitoring (`check`, `status --format prometheus`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from certhelper.core.assessment.model import Assessment
from certhelper.core.model import Snapshot

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Remembered:
    """What remembering did: problems the store reported (set-aside file...), or the OS error that stopped it."""

    problems: tuple[str, ...] = ()
    error: str | None = None  # strerror of an OSError (read-only home...): the command goes on


def remember(assessment: Assessment, path: Path | None = None) -> Remembered:
    """Add the assessed certificates to the reminder store (core.reminders.store). Never raises OSError."""
    return remember_snapshot(assessment.snapshot, assessment.now, path)


def remember_snapshot(snapshot: Snapshot, now: dt.datetime, path: Path | None = None) -> Remembered:
    """The same for a snapshot not judged yet (the window and the tray remember each scan as it comes)."""
    from certhelper.core.reminders.store import remember as store_remember

    try:
        store = store_remember(snapshot, now, path)
    except OSError as exc:  # a read-only home must not stop a status or a reminder
        logger.warning("could not remember the certificates: %s", exc)
        return Remembered(error=exc.strerror or str(exc))
    return Remembered(problems=tuple(store.problems))
