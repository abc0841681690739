"""Fixtures around the fault-injecting PKCS#11 module: build it once, drive it per test, count.

A test module uses them with `pytest_plugins = ["tests.fault_module.fixtures"]`. Each FaultModule
(tests/fault_module/control.py) has its own control file and log; the session totals (faults injected, C_Login calls,
fuzz cases) are written to <pytest basetemp>/reliability.json and printed at the end of the run.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fault_module.build import build
from tests.fault_module.control import FaultModule
from tests.helpers import Store


@pytest.fixture(scope="session")
def reliability_numbers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Counter[str]]:
    """Session totals for the README's Reliability section."""
    numbers: Counter[str] = Counter()
    yield numbers
    target = tmp_path_factory.getbasetemp() / "reliability.json"
    target.write_text(json.dumps(dict(sorted(numbers.items())), indent=2) + "\n")
    summary = ", ".join(f"{k}={v}" for k, v in sorted(numbers.items()))
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if capture is not None:
        with capture.global_and_fixture_disabled():
            print(f"\nreliability numbers ({target}): {summary}")


@pytest.fixture(scope="session")
def fault_library(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The fault module, compiled from source for this run."""
    return str(build(tmp_path_factory.mktemp("fault-module"), softhsm))


@pytest.fixture
def make_fault(
    fault_library: str, tmp_path: Path, reliability_numbers: Counter[str]
) -> Iterator[Callable[[Store], FaultModule]]:
    """make_fault(store) -> a FaultModule over that store, with no fault configured yet."""
    made: list[FaultModule] = []

    def make(store: Store) -> FaultModule:
        n = len(made)
        fault = FaultModule(
            fault_library, store, tmp_path / f"fault{n}.conf", tmp_path / f"fault{n}.log", tmp_path / f"pin{n}.count"
        )
        fault.configure()
        made.append(fault)
        return fault

    yield make
    for fault in made:
        for line in fault.faults():
            reliability_numbers["faults injected"] += 1
            reliability_numbers[f"faults injected: {line.split()[1]}"] += 1
        reliability_numbers["C_Login calls counted"] += fault.logins()
