"""The workstation section: token drivers found (Idopte, Hashlogic, OpenSC…) and the PKCS#11
modules read, with their paths and any error."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from certhelper.core.model import Snapshot
from certhelper.core.outputs.reasons import translate_reason
from certhelper.core.workstation.drivers import Drivers
from certhelper.gui.translation import current_language, fmt


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
        self.lines: list[QLabel] = []

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
            if module.error:
                reason = translate_reason(module.error, current_language())
                self._add(fmt(self.tr("%1: not readable (%2)"), name, reason), "moduleError")
            else:
                count = len(module.tokens)
                tokens = self.tr("1 token") if count == 1 else fmt(self.tr("%1 tokens"), count)
                version = f" {module.library_version}" if module.library_version else ""
                self._add(f"{name}{version} — {tokens}", "moduleName")
            self._add(module.path, "path")
