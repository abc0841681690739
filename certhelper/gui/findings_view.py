"""The findings, most severe first, each with a button to the guide that resolves it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from certhelper.core.assessment.findings import Finding
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.outputs.finding_text import finding_text
from certhelper.paths import resources_dir


def severity_icon(severity: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{severity}.svg"))


class FindingRow(QFrame):
    guideRequested = Signal(object)  # Finding

    def __init__(self, finding: Finding, catalogue: Catalogue, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.finding = finding
        self.setObjectName("findingRow")
        self.setProperty("severity", finding.severity)
        text = finding_text(finding, lang, catalogue)
        layout = QHBoxLayout(self)
        icon = QLabel()
        size = max(20, self.fontMetrics().height() + 4)
        icon.setPixmap(severity_icon(finding.severity).pixmap(QSize(size, size)))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        icon.setAccessibleName(self.severity_name(finding.severity))
        layout.addWidget(icon)
        column = QVBoxLayout()
        self.title = QLabel(text.title)
        self.title.setObjectName("findingTitle")
        self.title.setWordWrap(True)
        column.addWidget(self.title)
        if text.action:
            self.action = QLabel(text.action)
            self.action.setObjectName("findingAction")
            self.action.setWordWrap(True)
            column.addWidget(self.action)
        layout.addLayout(column, 1)
        if finding.guide:
            self.button = QPushButton(self.tr("What to do…"))
            self.button.setObjectName("guideButton")
            self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it on every OS (macOS too)
            self.button.setAccessibleDescription(text.title)
            self.button.clicked.connect(lambda: self.guideRequested.emit(finding))
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def severity_name(self, severity: str) -> str:
        return {"critical": self.tr("Urgent"), "warning": self.tr("Warning"), "info": self.tr("Information")}.get(
            severity, severity
        )


class FindingsView(QWidget):
    guideRequested = Signal(object)  # Finding

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[FindingRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(self.tr("Nothing to do: all is in order."))
        self.empty.setObjectName("findingsEmpty")
        self._layout.addWidget(self.empty)

    def set_findings(self, findings: Sequence[Finding], catalogue: Catalogue, lang: str) -> None:
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for finding in findings:
            row = FindingRow(finding, catalogue, lang, self)
            row.guideRequested.connect(self.guideRequested)
            self._layout.addWidget(row)
            self.rows.append(row)
        self.empty.setVisible(not self.rows)
