"""The workstation section: token drivers found (Idopte, Hashlogic, OpenSC…) and the PKCS#11
modules read, with their paths and any error (a plain sentence; the library's own text under "Details").

The drivers come from the Assessment (detected once per change, off the GUI thread)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from certhelper.core.errors import ModuleError
from certhelper.core.model import Snapshot
from certhelper.core.workstation.drivers import Drivers
from certhelper.gui.details import DetailsExpander
from certhelper.gui.translation import fmt


def _line(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class WorkstationView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.lines: list[QWidget] = []

    def _add(self, text: str, name: str) -> None:
        label = _line(text, name)
        self._layout.addWidget(label)
        self.lines.append(label)

    def set_state(self, drivers: Drivers | None, snapshot: Snapshot | None) -> None:
        for label in self.lines:
            label.setParent(None)
            label.deleteLater()
        self.lines = []
        self._add(self.tr("Token drivers"), "sectionTitle")
        if drivers is None or not drivers.found:
            self._add(self.tr("No known token driver was found on this workstation."), "driverMissing")
        else:
            for driver in drivers.found:
                text = driver.name + (f" {driver.version}" if driver.version else "")
                if driver.legacy:
                    text = fmt(self.tr("%1 (former driver, to be removed)"), text)
                self._add(text, "driverName")
                for path in driver.module_paths or driver.evidence:
                    self._add(path, "path")
                for service, running in driver.services.items():
                    state = (
                        self.tr("running")
                        if running
                        else self.tr("not running")
                        if running is False
                        else self.tr("state unknown")
                    )
                    self._add(fmt(self.tr("Service %1: %2"), service, state), "service")
        self._add(self.tr("Modules read"), "sectionTitle")
        modules = snapshot.modules if snapshot is not None else ()
        if not modules:
            self._add(self.tr("No PKCS#11 module is being read."), "moduleMissing")
        for module in modules:
            name = module.name or module.description or self.tr("Unnamed module")
            if module.error is not None:
                self._add(fmt(self.tr("%1: not readable (%2)"), name, self.module_reason(module.error)), "moduleError")
                if module.error.detail:  # the library's own text: for whoever helps, folded away
                    details = DetailsExpander(module.error.detail, self)
                    self._layout.addWidget(details)
                    self.lines.append(details)
            else:
                count = len(module.tokens)
                tokens = self.tr("1 token") if count == 1 else fmt(self.tr("%1 tokens"), count)
                version = f" {module.library_version}" if module.library_version else ""
                self._add(f"{name}{version} — {tokens}", "moduleName")
            self._add(module.path, "path")

    def module_reason(self, error: ModuleError) -> str:
        """A module's typed error (core.errors.MODULE_CODES) in the reader's words."""
        texts = {
            "not-found": self.tr("file not found"),
            "is-directory": self.tr("a folder, not a driver library"),
            "unreadable-file": self.tr("the file cannot be opened"),
            "not-a-library": self.tr("not a driver library"),
            "not-pkcs11": self.tr("not a PKCS#11 driver"),
            "crashed": self.tr("the driver crashed"),
            "stopped": self.tr("the driver stopped without an answer"),
            "timed-out": fmt(self.tr("no answer within %1 seconds"), f"{error.seconds or 0:g}"),
            "hung": self.tr("the driver stopped answering"),
            "left-out": self.tr("left out after repeated crashes"),
            "scan-failed": self.tr("the driver failed while listing the readers"),
        }
        return texts.get(error.code, error.code)
