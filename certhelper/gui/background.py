"""Run slow work off the GUI thread and hand its result back to a widget, safely.

Why not QThread: a QThread parented to a dialog is deleted with it, and Qt aborts the whole process
("QThread: Destroyed while thread is still running") when that happens before the work ends. Here the
work runs in a plain Python thread that nothing can delete; the result goes back through ONE relay
QObject that lives in the GUI thread for the life of the process (never collected, so a worker never
emits on a deleted object), as a queued call. The receiver is held weakly: a dialog closed and
collected meanwhile simply gets nothing.
"""

from __future__ import annotations

import gc
import logging
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

logger = logging.getLogger(__name__)
T = TypeVar("T")

_running: set[threading.Thread] = set()
_lock = threading.Lock()


class _Relay(QObject):
    deliver = Signal(object, object)  # weak reference to the receiver, result

    def __init__(self) -> None:
        super().__init__()
        self.deliver.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @Slot(object, object)
    def _deliver(self, receiver: Callable[[], Callable[[Any], None] | None], result: object) -> None:
        callback = receiver()
        owner = getattr(callback, "__self__", None)
        if callback is None or (isinstance(owner, QObject) and not shiboken6.isValid(owner)):
            return  # the dialog (or source) is gone: nobody to tell
        callback(result)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        app = QCoreApplication.instance()
        assert app is None or QThread.currentThread() is app.thread(), "create the relay in the GUI thread"
        _relay = _Relay()
    return _relay


def _weak(callback: Callable[[T], None]) -> Callable[[], Callable[[T], None] | None]:
    if hasattr(callback, "__self__") and hasattr(callback, "__func__"):
        return weakref.WeakMethod(callback)  # type: ignore[arg-type,return-value]
    return lambda: callback


def run_in_background(
    work: Callable[[], T], receiver: Callable[[T], None], *, name: str, failed: T, daemon: bool = True
) -> threading.Thread:
    """Call `work()` in a thread; then `receiver(result)` in the GUI thread (`failed` if work raised).

    Call from the GUI thread. A bound method as receiver is held weakly.
    """
    relay, target = _the_relay(), _weak(receiver)

    def run() -> None:
        try:
            result = work()
        except Exception:  # a bug must not leave the dialog busy forever, nor reach the user as a traceback
            logger.exception("background %s failed", name)
            result = failed
        try:
            relay.deliver.emit(target, result)
        finally:
            with _lock:
                _running.discard(thread)

    thread = threading.Thread(target=run, name=f"certhelper-{name}", daemon=daemon)
    with _lock:
        _running.add(thread)
    thread.start()
    return thread


def idle() -> bool:
    """No background work is running (results may still wait in the event queue)."""
    with _lock:
        return not _running


def wait_all(timeout: float) -> bool:
    """Join the running work (tests, and the app's exit); True when all ended within `timeout` seconds."""
    import time

    end = time.monotonic() + timeout
    with _lock:
        threads = list(_running)
    for thread in threads:
        thread.join(max(0.0, end - time.monotonic()))
    return idle()


class GuiThreadGarbageCollector(QObject):
    """Python's cyclic garbage collection, run in the GUI thread only.

    With work in other threads, an automatic collection may start in one of them and destroy a Qt
    object there: Qt then crashes the process (seen as a segfault "Garbage-collecting" in a worker).
    So automatic collection is switched off and a timer in the GUI thread does the same job, with the
    same per-generation thresholds (the approach qutebrowser takes). `stop()` gives it back.
    """

    def __init__(self, parent: QObject, interval_ms: int = 1000) -> None:
        from PySide6.QtCore import QTimer

        super().__init__(parent)
        gc.collect()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    @Slot()
    def collect(self) -> None:
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):  # the oldest due generation: collecting it collects the younger ones
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        gc.enable()
