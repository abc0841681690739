"""The findings, most severe first, each saying whose certificate or which token it is about, with a
button to the guide that resolves it and the library's own text (if any) under "Details"."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from certhelper.core.assessment.findings import Finding
from certhelper.core.assessment.model import Assessment
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.outputs.finding_text import finding_text
from certhelper.gui.details import DetailsExpander
from certhelper.gui.translation import fmt
from certhelper.paths import resources_dir

RAW_PARAMS = ("reason", "detail", "error")  # params that carry a library's text, shown under "Details" only


def severity_icon(severity: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{severity}.svg"))


class FindingRow(QFrame):
    guideRequested = Signal(object)  # Finding

    def __init__(
        self, finding: Finding, assessment: Assessment, catalogue: Catalogue, lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.finding = finding
        self.setObjectName("findingRow")
        self.setProperty("severity", finding.severity)
        text = finding_text(finding, lang, catalogue)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        icon = QLabel()
        size = max(20, self.fontMetrics().height() + 4)
        icon.setPixmap(severity_icon(finding.severity).pixmap(QSize(size, size)))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        icon.setAccessibleName(self.severity_name(finding.severity))
        layout.addWidget(icon)
        column = QVBoxLayout()
        column.setSpacing(1)
        self.title = QLabel(text.title)
        self.title.setObjectName("findingTitle")
        self.title.setWordWrap(True)
        column.addWidget(self.title)
        self.about = QLabel(self.about_text(finding, assessment, text.title))
        self.about.setObjectName("findingAbout")
        self.about.setVisible(bool(self.about.text()))
        column.addWidget(self.about)
        self.action: QLabel | None = None
        if text.action:
            self.action = QLabel(text.action)
            self.action.setObjectName("findingAction")
            self.action.setWordWrap(True)
            column.addWidget(self.action)
        raw = "\n".join(str(finding.params[k]) for k in RAW_PARAMS if isinstance(finding.params.get(k), str))
        self.details = DetailsExpander(raw, self) if raw else None
        if self.details is not None:
            column.addWidget(self.details)
        layout.addLayout(column, 1)
        if finding.guide:
            self.button = QPushButton(self.tr("What to do…"))
            self.button.setObjectName("guideButton")
            self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Tab reaches it on every OS (macOS too)
            self.button.setAccessibleDescription(text.title)
            self.button.clicked.connect(lambda: self.guideRequested.emit(finding))
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)

    def about_text(self, finding: Finding, assessment: Assessment, title: str = "") -> str:
        """Whose certificate and which token: one token often holds several certificates.

        The holder is left out when the finding's own title already names them."""
        cert = assessment.certificate(finding.certificate) if finding.certificate else None
        holder = (cert.certificate.holder or cert.certificate.subject) if cert else ""
        if holder and holder in title:
            holder = ""
        token = None
        if cert is not None:
            token = assessment.token(cert.token_key)
        if token is None and finding.token:
            token = next((t for t in assessment.tokens if t.token.serial == finding.token), None)
        label = (token.token.label or token.token.serial) if token else (finding.token or "")
        if holder and label:
            return fmt(self.tr("%1 — token “%2”"), holder, label)
        if holder:
            return holder
        return fmt(self.tr("Token “%1”"), label) if label else ""

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
        self._layout.setSpacing(0)
        self.empty = QLabel(self.tr("Nothing to do: all is in order."))
        self.empty.setObjectName("findingsEmpty")
        self._layout.addWidget(self.empty)

    def set_assessment(self, assessment: Assessment | None, catalogue: Catalogue, lang: str) -> None:
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for finding in assessment.findings if assessment is not None else ():
            row = FindingRow(finding, assessment, catalogue, lang, self)  # type: ignore[arg-type]
            row.guideRequested.connect(self.guideRequested)
            self._layout.addWidget(row)
            self.rows.append(row)
        self.empty.setVisible(not self.rows)
