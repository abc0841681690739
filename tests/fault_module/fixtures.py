"""Fixtures around the fault-injecting PKCS#11 module: build it once, drive it per test, count.

Import the fixtures into a test module (`from tests.fault_module.fixtures import ...`). Each
FaultModule has its own control file and log; the session totals (faults injected, C_Login calls,
fuzz cases) are written to <pytest basetemp>/reliability.json and printed at the end of the run.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.fault_module.build import build
from tests.helpers import Store


@dataclass
class FaultModule:
    """One fault module set-up: the library, the SoftHSM2 store behind it, its control file and log."""

    path: str
    store: Store
    control: Path
    log: Path
    pin_state: Path
    keys: dict[str, Any] = field(default_factory=dict)

    def configure(self, **keys: Any) -> None:
        """Replace the faults (see fault_pkcs11.c); the log and PIN counter files stay."""
        self.keys = dict(keys)
        lines = [f"log = {self.log}", f"pin_state = {self.pin_state}"]
        lines += [f"{k} = {v}" for k, v in keys.items()]
        self.control.write_text("\n".join(lines) + "\n")

    def set_failed_pins(self, count: int) -> None:
        """Start from a token that already saw `count` wrong PINs (needs pin_tries)."""
        self.pin_state.write_text(f"{count}\n")

    def failed_pins(self) -> int:
        return int(self.pin_state.read_text()) if self.pin_state.exists() else 0

    @property
    def env(self) -> dict[str, str]:
        return {**self.store.env, "FAULT_P11_CONTROL": str(self.control)}

    def lines(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []

    def logins(self) -> int:
        """How many times C_Login was called, by any process, since this set-up was made."""
        return sum(1 for line in self.lines() if line.startswith("C_Login user="))

    def faults(self) -> list[str]:
        return [line for line in self.lines() if line.startswith("fault ")]


@pytest.fixture(scope="session")
def reliability_numbers(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Counter[str]]:
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
