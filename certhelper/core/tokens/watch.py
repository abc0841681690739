"""The scan worker: a separate process that watches the modules and reports snapshots.

`python -m certhelper.core.tokens.watch --module A --module B --interval 1` prints one JSON message per
line on stdout:
  {"type": "scanning", "module": PATH}   before it touches a module (so a crash can be blamed on it)
  {"type": "snapshot", "snapshot": {...}} whenever what is plugged changed (and once at start)
  {"type": "heartbeat"}                   at least every few seconds while idle
It reads commands on stdin: "scan" forces a full scan; end of input (the app went away) stops it.

Vendor PKCS#11 code may crash or hang: it does so here, not in the window. Each tick is cheap
(slot list and token flags only); the objects are read again only when that signature changes.
Some modules only list tokens at C_Initialize, so the worker re-initialises them when idle.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import threading
import time
from typing import Any

from certhelper.core.errors import ModuleError
from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.model import Module, Snapshot, _to_jsonable
from certhelper.core.quiet import silence_python_warnings
from certhelper.core.tokens.discovery import Candidate, discover, explicit_modules, name_module

HEARTBEAT_SECONDS = 3.0
REINIT_SECONDS = 1.0  # see new tokens within the 2 s the app promises


def _emit(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _signature(lib: Any) -> tuple[Any, ...]:
    """What is plugged, cheaply: slot ids, token serials and flags (PIN flags included)."""
    out: list[tuple[Any, ...]] = []
    for slot in lib.get_slots(token_present=True):
        try:
            token = slot.get_token()
            out.append((int(slot.slot_id), bytes(token.serial), int(token.flags), token.label))
        except Exception as exc:  # a token leaving between the list and the read
            out.append((int(slot.slot_id), type(exc).__name__))
    return tuple(out)


class Watcher:
    def __init__(self, candidates: list[Candidate], interval: float) -> None:
        self.catalogue = catalogue_mod.load()
        self.candidates = [
            c if c.name else Candidate(c.path, c.source, name_module(c.path, self.catalogue)[0], c.driver)
            for c in candidates
        ]
        self.interval = interval
        self.libs: dict[str, Any] = {}
        self.modules: dict[str, Module] = {}
        self.signatures: dict[str, Any] = {}
        self.forced = threading.Event()
        self.stopped = threading.Event()
        self.last_reinit = 0.0

    def _scan(self, cand: Candidate, reinitialize: bool) -> Module:
        from certhelper.core.tokens.pkcs11_scan import load_library, scan_module

        _emit({"type": "scanning", "module": cand.path})
        module = scan_module(cand.path, self.catalogue, source=cand.source, name=cand.name, reinitialize=reinitialize)
        if module.error is None and cand.path not in self.libs:
            self.libs[cand.path] = load_library(cand.path)  # cached by python-pkcs11: no second load
        return module

    def tick(self, full: bool) -> bool:
        """One pass over the modules; True when the snapshot changed."""
        changed = False
        now = time.monotonic()
        reinit = now - self.last_reinit >= REINIT_SECONDS
        if reinit:
            self.last_reinit = now
        for cand in self.candidates:
            lib = self.libs.get(cand.path)
            if lib is None or full:
                module = self._scan(cand, reinitialize=lib is not None)
                changed |= self.modules.get(cand.path) != module
                self.modules[cand.path] = module
                lib = self.libs.get(cand.path)
                if lib is not None:
                    self.signatures[cand.path] = _safe_signature(lib)
                continue
            _emit({"type": "scanning", "module": cand.path})
            if reinit:
                try:
                    lib.reinitialize()
                except Exception as exc:  # the module refused: report it through a full scan
                    self.libs.pop(cand.path, None)
                    self.signatures.pop(cand.path, None)
                    error = ModuleError("scan-failed", detail=f"C_Initialize: {type(exc).__name__}")
                    module = Module(cand.path, cand.source, cand.name, error=error)
                    changed |= self.modules.get(cand.path) != module
                    self.modules[cand.path] = module
                    continue
            signature = _safe_signature(lib)
            if signature != self.signatures.get(cand.path):
                module = self._scan(cand, reinitialize=False)
                self.signatures[cand.path] = _safe_signature(lib)
                changed |= self.modules.get(cand.path) != module
                self.modules[cand.path] = module
        return changed

    def snapshot(self) -> Snapshot:
        return Snapshot(
            taken_at=dt.datetime.now(dt.UTC).replace(microsecond=0),
            modules=tuple(self.modules[c.path] for c in self.candidates if c.path in self.modules),
        )

    def run(self) -> None:
        threading.Thread(target=self._read_commands, daemon=True).start()
        self.tick(full=True)
        _emit({"type": "snapshot", "snapshot": _to_jsonable(self.snapshot())})
        last_message = time.monotonic()
        while not self.stopped.is_set():
            forced = self.forced.wait(self.interval)
            self.forced.clear()
            if self.stopped.is_set():
                break
            if self.tick(full=forced) or forced:
                _emit({"type": "snapshot", "snapshot": _to_jsonable(self.snapshot())})
                last_message = time.monotonic()
            elif time.monotonic() - last_message >= HEARTBEAT_SECONDS:
                _emit({"type": "heartbeat"})
                last_message = time.monotonic()

    def _read_commands(self) -> None:
        for line in sys.stdin:
            if line.strip() == "scan":
                self.forced.set()
        self.stopped.set()  # the app closed our stdin: it is gone
        self.forced.set()


def _safe_signature(lib: Any) -> Any:
    try:
        return _signature(lib)
    except Exception as exc:
        return ("error", type(exc).__name__)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="certhelper-scan-worker")
    parser.add_argument("--module", action="append")
    parser.add_argument("--candidates", help="JSON list of [path, source, name, driver] (from the app)")
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args(argv)
    silence_python_warnings()  # our stdout is the app's channel, our stderr nobody reads: keep both clean
    if args.candidates:
        candidates = [Candidate(*item) for item in json.loads(args.candidates)]
    else:
        candidates = explicit_modules(args.module) or discover(catalogue_mod.load())
    try:
        Watcher(candidates, args.interval).run()
    except (BrokenPipeError, KeyboardInterrupt):
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
