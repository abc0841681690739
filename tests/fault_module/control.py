"""Driving the fault module from a test: its control file, its log, the PIN counter it keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
