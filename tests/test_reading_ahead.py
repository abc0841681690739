"""The reader the launcher starts (core.assessment.ahead): same answer as reading in-process, a dead
reader costs nothing but time, and no process is left behind."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from typing import Any

import pytest

from certhelper.core.assessment import ahead
from certhelper.core.assessment import assess as assess_mod
from certhelper.core.clock import now_utc
from certhelper.core.guidance import catalogue
from certhelper.core.settings import load_settings
from certhelper.core.tokens import pkcs11_scan, scan
from certhelper.core.tokens.discovery import Candidate
from tests.helpers import Store, run_cli_in_process


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CERTHELPER_OFFLINE", "1")  # trust is checked, without network (its own tests)


def _normalised(document: Any) -> Any:
    """The status document without its clock readings, lists in a stable order (SoftHSM2 lists
    objects in no fixed order from one process to the next)."""
    if isinstance(document, dict):
        return {k: _normalised(v) for k, v in document.items() if k not in ("generated_at", "taken_at", "checked_at")}
    if isinstance(document, list):
        return sorted((_normalised(v) for v in document), key=lambda v: json.dumps(v, sort_keys=True))
    return document


def _children() -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        text = (task / "children").read_text().split()
        found |= {int(pid) for pid in text}
    return found


def _status(store: Store) -> dict[str, Any]:
    proc = run_cli_in_process("status", "--json", "--module", store.module, env=store.env)
    assert proc.returncode in (0, 1, 2) and proc.stdout.startswith("{"), proc.stderr
    return _normalised(json.loads(proc.stdout))


@pytest.mark.parametrize("store_name", ["main_store", "two_token_store"])
def test_the_reader_answers_what_reading_here_answers(store_name: str, request: pytest.FixtureRequest) -> None:
    store: Store = request.getfixturevalue(store_name)
    with pytest.MonkeyPatch.context() as patch:

        def not_here(*_: object) -> object:
            raise AssertionError("the command read the token itself: the reader did not answer")

        patch.setattr(scan, "start_scan", not_here)
        through_reader = _status(store)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ahead, "start", lambda: None)  # no reader: the command reads in a child
        read_here = _status(store)
    assert through_reader == read_here
    assert through_reader["modules"][0]["tokens"], "the token was read"


def _request(store: Store, reader: ahead.Reader | None, copies: int = 1) -> assess_mod.AssessRequest:
    candidates = tuple(Candidate(store.module, "option") for _ in range(copies))
    return assess_mod.AssessRequest(candidates=candidates, catalogue=CAT, settings=load_settings(), reader=reader)


CAT = catalogue.load()


@pytest.mark.parametrize(("copies", "alive"), [(1, False), (2, False), (2, True)])
def test_a_reader_gone_or_declined_is_replaced_by_reading_here(
    copies: int, alive: bool, main_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reader gone before its job: its death is no module's fault (a module crashing in it is:
    tests/test_fault_scan.py). Several modules: each gets its own child, the reader ends unused."""
    monkeypatch.setenv("SOFTHSM2_CONF", str(main_store.conf))
    now = now_utc()
    reader = ahead.Reader()
    if not alive:
        os.kill(reader.pid, signal.SIGKILL)
        os.waitpid(reader.pid, 0)
    with_reader = assess_mod.assess(_request(main_store, reader, copies), now)
    plain = assess_mod.assess(_request(main_store, None, copies), now)
    assert [m.error for m in with_reader.snapshot.modules] == [None] * copies
    assert [t.token.serial for t in with_reader.tokens] == [t.token.serial for t in plain.tokens]
    assert {c.certificate.sha256 for t in with_reader.tokens for c in t.certificates} == {
        c.certificate.sha256 for t in plain.tokens for c in t.certificates
    }
    assert [f.code for f in with_reader.findings] == [f.code for f in plain.findings]
    assert reader.pid == -1


def test_no_reader_outlives_its_command(main_store: Store) -> None:
    before = _children()
    _status(main_store)
    refused = run_cli_in_process("status", "--timeout", "-1", "--module", main_store.module, env=main_store.env)
    assert refused.returncode == 2  # refused while parsing: the reader started at launch was never used
    assert _children() <= before


def test_certificates_come_in_batches_while_the_reader_reads_on(
    bulk_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """200 certificates: the command gets them 16 at a time before the module (and prepares them
    meanwhile); the module it builds is the one a read in-process gives."""
    monkeypatch.setenv("SOFTHSM2_CONF", str(bulk_store.conf))
    before = _children()
    reader = ahead.Reader()
    reader.read(bulk_store.module)
    batches: list[list[Any]] = []
    module = reader.result(Candidate(bulk_store.module, "option"), CAT, 30.0, early=batches.append)
    assert module is not None and module.error is None
    assert [len(b) for b in batches] == [16] * 12  # the last 8 come with the module
    here = pkcs11_scan.scan_module(bulk_store.module, CAT)
    streamed = {fields["sha256"] for batch in batches for _, _, fields, _ in batch}
    built = {c.sha256: c for t in module.tokens for c in t.certificates}
    assert streamed < set(built) and len(built) == 200
    assert built == {c.sha256: c for t in here.tokens for c in t.certificates}
    ahead.stop()  # reaps the reader, which ended once it had sent the module
    assert reader.pid == -1 and _children() <= before


def _exited(pid: int, within: float = 10.0) -> bool:
    """The process ended (a zombie, not reaped yet): what it wrote is all in the pipe."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z":
            return True
        time.sleep(0.01)
    return False


def test_an_answer_waiting_past_the_deadline_is_taken_not_called_a_death(tmp_path: Path) -> None:
    """The command came late for the answer (loading trust, a busy machine): the answer is there, it is
    the module's, not "stopped" or "timed out"."""
    missing = str(tmp_path / "libgone.so")
    reader = ahead.Reader()
    reader.read(missing)
    assert _exited(reader.pid)
    time.sleep(0.3)
    module = reader.result(Candidate(missing, "option"), CAT, 0.2)
    assert module.error is not None and module.error.code == "not-found"
    ahead.stop()


def test_an_error_making_the_model_is_that_modules_error(main_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """As in a child (core.tokens.scan.read_module): the module says "scan-failed", the command goes on."""
    monkeypatch.setenv("SOFTHSM2_CONF", str(main_store.conf))

    def broken(*_: object, **__: object) -> object:
        raise KeyError("slot")

    monkeypatch.setattr(pkcs11_scan, "build_module", broken)
    before = _children()
    reader = ahead.Reader()
    reader.read(main_store.module)
    module = reader.result(Candidate(main_store.module, "option"), CAT, 30.0)
    assert module.error is not None and module.error.code == "scan-failed" and "KeyError" in (module.error.detail or "")
    ahead.stop()
    assert reader.pid == -1 and _children() <= before
