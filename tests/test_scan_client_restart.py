"""The GUI's scan worker against a driver that crashes or hangs: the window's side (ScanClient) names
the module, restarts the worker with a growing delay, and leaves out a module that keeps crashing
until the user asks to retry; the other modules go on being read all along.
"""

from __future__ import annotations

import pytest

from certhelper.core.tokens.discovery import Candidate
from certhelper.gui import scan_client
from certhelper.gui.scan_client import ScanClient
from tests.fault_module.control import FaultModule
from tests.helpers import Store

pytest_plugins = ["tests.fault_module.fixtures"]  # builds the fault module; make_fault, reliability_numbers


@pytest.fixture
def fault(main_store: Store, make_fault, monkeypatch: pytest.MonkeyPatch) -> FaultModule:
    made = make_fault(main_store)
    for key, value in made.env.items():  # the worker process inherits them
        monkeypatch.setenv(key, value)
    return made


@pytest.mark.faults("pkcs11:segv@C_GetTokenInfo")
def test_a_module_that_keeps_crashing_is_left_out_until_retry(
    fault: FaultModule, main_store: Store, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The back-off's shape is what is tested, not its real length (0.5 s ... 10 s): a tenth of it.
    monkeypatch.setattr(scan_client, "BACKOFF_SECONDS", tuple(s / 10 for s in scan_client.BACKOFF_SECONDS))
    fault.configure(fault="segv", fault_function="C_GetTokenInfo")
    client = ScanClient([Candidate(fault.path, "option"), Candidate(main_store.module, "option")], interval=0.3)
    failures: list[tuple[str, str]] = []
    delays: list[int] = []
    client.moduleFailed.connect(lambda path, reason: failures.append((path, reason)))
    # When a worker starts after a crash, the restart timer still holds the delay it waited.
    client.workerStateChanged.connect(
        lambda state: delays.append(client._restart_timer.interval()) if state == "running" else None
    )
    try:
        with qtbot.waitSignal(client.snapshotReady, timeout=60000) as ready:
            client.start()
        assert failures == [(fault.path, "crashed")] * scan_client.MAX_CRASHES
        assert delays[1:] == [int(s * 1000) for s in scan_client.BACKOFF_SECONDS[: scan_client.MAX_CRASHES]]
        assert delays[1] < delays[2] < delays[3]  # each restart waits longer
        bad, good = ready.args[0].modules[-1], ready.args[0].modules[0]
        assert good.path == main_store.module and good.tokens[0].label == "Mairie de Plérin"
        assert bad.path == fault.path and bad.error is not None and bad.error.code == "left-out"
        assert len(fault.faults()) == scan_client.MAX_CRASHES  # not loaded again once left out

        client.rescan()  # later scans leave it out too
        qtbot.waitSignal(client.snapshotReady, timeout=30000).wait()
        assert len(fault.faults()) == scan_client.MAX_CRASHES

        fault.configure()  # the driver is fixed (or updated); the user asks to retry
        with qtbot.waitSignal(client.snapshotReady, timeout=60000) as ready:
            client.retry_failed()
        by_path = {m.path: m for m in ready.args[0].modules}
        assert by_path[fault.path].error is None and by_path[fault.path].tokens[0].label == "Mairie de Plérin"
        assert by_path[main_store.module].tokens
    finally:
        client.stop()


@pytest.mark.faults("pkcs11:hang@C_GetTokenInfo")
def test_a_hanging_module_is_named_the_window_stays_responsive_and_the_worker_restarts(
    fault: FaultModule, main_store: Store, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QTimer

    monkeypatch.setattr(scan_client, "BACKOFF_SECONDS", tuple(s / 10 for s in scan_client.BACKOFF_SECONDS))
    fault.configure(fault="hang", fault_function="C_GetTokenInfo", hang_seconds=3600)
    candidates = [Candidate(fault.path, "option"), Candidate(main_store.module, "option")]
    client = ScanClient(candidates, interval=0.3, hang_seconds=1.5)  # the watchdog (20 s), shortened
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)  # stands for the window: it must keep handling events while the driver hangs
    try:
        with qtbot.waitSignal(client.moduleFailed, timeout=60000) as failed:
            client.start()
        assert failed.args == [fault.path, "hung"]
        assert len(ticks) > 10
        fault.configure()  # the next worker finds a driver that answers
        with qtbot.waitSignal(client.snapshotReady, timeout=60000) as ready:
            pass
        assert [m.error for m in ready.args[0].modules] == [None, None]
        assert fault.faults() == ["fault hang C_GetTokenInfo"]
    finally:
        timer.stop()
        client.stop()
