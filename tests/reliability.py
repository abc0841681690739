"""Faults counted as faults: what each reliability test injects, checked, and totalled for the run.

A test states the faults it injects with `@pytest.mark.faults("settings:unreadable", ...)` or, when they depend
on parameters, with the `inject` fixture (`inject(f"pkcs11:{kind}@{function}")`). A fault counts as survived
when its test passes. Faults named `pkcs11:KIND@FUNCTION` are checked against what the fault module really did
(tests/fault_module/fixtures.py): a stated fault it never injected fails the test, and any fault it injected
is counted even if not stated. Numbers (C_Login calls, fuzz inputs) go through the `reliability_numbers`
fixture. At the end of the run (all xdist workers merged): <basetemp>/reliability.json and one line in the
terminal summary with the number of DISTINCT faults survived.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

STATED = pytest.StashKey[set[str]]()
SEEN = pytest.StashKey[set[str]]()
FAILED = pytest.StashKey[bool]()

_survived: Counter[str] = Counter()  # fault -> passing tests that injected it
_numbers: Counter[str] = Counter()


def stated_faults(node: pytest.Item) -> set[str]:
    """The faults a test states (marker and `inject`)."""
    return node.stash.setdefault(STATED, set())


def record_seen(node: pytest.Item, faults: set[str]) -> None:
    """What the fault module says it injected for this test (called by make_fault)."""
    node.stash.setdefault(SEEN, set()).update(faults)


@pytest.fixture
def inject(request: pytest.FixtureRequest) -> Callable[[str], str]:
    """inject("pkcs11:hang@C_FindObjects") states a fault this test injects; returns the name."""
    stated = stated_faults(request.node)

    def add(name: str) -> str:
        stated.add(name)
        return name

    return add


@pytest.fixture(scope="session")
def reliability_numbers() -> Counter[str]:
    """Session totals (C_Login calls counted, fuzz inputs...), merged across workers at the end."""
    return _numbers


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("faults"):
        stated_faults(item).update(str(a) for a in mark.args)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report: pytest.TestReport = yield
    if report.failed or (report.when == "call" and report.outcome != "passed"):
        item.stash[FAILED] = True
    if report.when == "teardown" and not item.stash.get(FAILED, False):
        for fault in stated_faults(item) | item.stash.get(SEEN, set()):
            _survived[fault] += 1
    return report


def _document() -> dict[str, Any]:
    return {
        "distinct faults survived": len(_survived),
        "faults": dict(sorted(_survived.items())),
        "numbers": dict(sorted(_numbers.items())),
    }


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:  # xdist: a worker's totals reach the controller
    data = getattr(node, "workeroutput", {}).get("reliability")
    if data:
        doc = json.loads(data)
        _survived.update(doc["faults"])
        _numbers.update(doc["numbers"])


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    if hasattr(config, "workerinput"):  # an xdist worker: hand the totals to the controller
        config.workeroutput["reliability"] = json.dumps(_document())  # type: ignore[attr-defined]
        return
    if not _survived and not _numbers:
        return
    target = Path(config._tmp_path_factory.getbasetemp()) / "reliability.json"  # type: ignore[attr-defined]
    target.write_text(json.dumps(_document(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    config.stash[_TARGET] = str(target)


_TARGET = pytest.StashKey[str]()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if _TARGET not in config.stash:
        return
    numbers = ", ".join(f"{k}={v}" for k, v in sorted(_numbers.items()))
    terminalreporter.write_sep("-", "reliability")
    terminalreporter.write_line(
        f"{len(_survived)} distinct faults survived ({sum(_survived.values())} injections); {numbers}"
    )
    terminalreporter.write_line(f"details: {config.stash[_TARGET]}")
