"""Fixtures around the fault-injecting PKCS#11 module: build it once, drive it per test, count.

A test module uses them with `pytest_plugins = ["tests.fault_module.fixtures"]`. Each FaultModule
(tests/fault_module/control.py) has its own control file and log. What the module injected is counted as the
test's faults, and a `pkcs11:KIND@FUNCTION` fault the test states but the module never injected fails it
(tests/reliability.py: totals in <basetemp>/reliability.json and the terminal summary).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fault_module.build import build
from tests.fault_module.control import FaultModule
from tests.helpers import Store
from tests.reliability import record_seen, stated_faults


@pytest.fixture(scope="session")
def fault_library(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The fault module, compiled from source for this run."""
    return str(build(tmp_path_factory.mktemp("fault-module"), softhsm))


@pytest.fixture
def make_fault(
    fault_library: str, tmp_path: Path, reliability_numbers: Counter[str], request: pytest.FixtureRequest
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
    seen: set[str] = set()
    for fault in made:
        for line in fault.faults():  # "fault KIND FUNCTION"
            _, kind, function = line.split()[:3]
            seen.add(f"pkcs11:{kind}@{function}")
            reliability_numbers["pkcs11 faults injected"] += 1
        reliability_numbers["C_Login calls counted"] += fault.logins()
    record_seen(request.node, seen)
    stated = {f for f in stated_faults(request.node) if f.startswith("pkcs11:")}
    missing = sorted(stated - seen)
    assert not missing, f"stated but never injected by the fault module: {missing}"
