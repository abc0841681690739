""" "Vérifier un PDF signé": choose or drop a PDF, see every signature's verdict.

The verification (core.signing.verify) runs in a thread: asking the network for revocation data
may take seconds. The view only renders the report the core decided; it never judges on its own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import cast

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from certhelper.core.signing.verify import SignatureReport, VerifyOptions, VerifyReport, verify_pdf
from certhelper.gui.background import run_in_background
from certhelper.gui.dates import day_text
from certhelper.gui.translation import current_language, fmt


def moment_text(iso: str | None, lang: str) -> str | None:
    """ "29 novembre 2026, 09:30 UTC" from the report's ISO 8601 time (UTC)."""
    if not iso:
        return None
    when = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return f"{day_text(when, lang)}, {when.astimezone(dt.UTC):%H:%M} UTC"


def pdf_from_mime(mime: QMimeData) -> Path | None:
    """The local PDF file a drag carries, if it carries exactly one."""
    if not mime.hasUrls():
        return None
    files = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    pdfs = [f for f in files if f.suffix.lower() == ".pdf"]
    return pdfs[0] if len(files) == 1 and len(pdfs) == 1 else None


class VerifyResultView(QWidget):
    """A report, rendered: one line of verdict, then one box per signature."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyResult")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.verdict_label = QLabel(self)
        self.verdict_label.setObjectName("summaryLabel")  # the window's verdict style (style.qss)
        self.verdict_label.setWordWrap(True)
        layout.addWidget(self.verdict_label)
        self.boxes = QVBoxLayout()
        layout.addLayout(self.boxes)
        layout.addStretch(1)
        self.report: VerifyReport | None = None

    def _clear(self) -> None:
        while self.boxes.count():
            item = self.boxes.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()

    def verdict_text(self, report: VerifyReport) -> str:
        name = Path(report.file).name
        if report.outcome == "unsigned":
            return fmt(self.tr("%1 has no signature."), name)
        if report.outcome == "not-pdf":
            return fmt(self.tr("%1 is not a PDF file."), name)
        if report.outcome == "unreadable":
            return fmt(self.tr("%1 cannot be read."), name)
        if report.verdict == "ok":
            return self.tr("Every signature is intact and trusted.")
        if report.verdict == "warning":
            return self.tr("The signatures are intact, with warnings (see below).")
        return self.tr("At least one signature is broken: do not rely on this document.")

    def problem_text(self, code: str) -> str:
        texts = {
            "broken-digest": self.tr("The document was changed after it was signed."),
            "bad-signature": self.tr("The signature does not match the signer's certificate."),
            "unreadable-signature": self.tr("The signature cannot be read."),
            "not-pades": self.tr("Not PAdES (the older Adobe format)."),
            "partial": self.tr("The signature does not cover the whole file: something was added after it."),
            "untrusted": self.tr("The certificate chain does not reach a trusted authority."),
            "revoked": self.tr("The certificate is revoked."),
            "revocation-unknown": self.tr("The revocation state could not be checked."),
            "revocation-not-checked": self.tr("The revocation state was not checked (no network asked for)."),
        }
        return texts.get(code, code)

    def _box(self, sig: SignatureReport) -> QGroupBox:
        yes, no = self.tr("yes"), self.tr("no")
        box = QGroupBox(sig.signer or self.tr("Unknown signer"), self)
        box.setObjectName("signatureBox")
        form = QFormLayout(box)
        revocation = {
            "good": self.tr("not revoked (checked)"),
            "revoked": self.tr("REVOKED"),
            "unknown": self.tr("unknown"),
            "not-checked": self.tr("not checked"),
        }
        rows = [
            (self.tr("Signed on"), moment_text(sig.signing_time, current_language()) or self.tr("unknown")),
            (self.tr("Intact"), yes if sig.integrity == "intact" else no),
            (self.tr("Covers the whole document"), yes if sig.coverage == "whole" else no),
            (self.tr("Format"), fmt(self.tr("%1, level %2"), sig.subfilter, sig.pades_level or self.tr("not PAdES"))),
            (self.tr("Trusted chain"), yes if sig.trusted else no),
            (self.tr("Revocation"), revocation.get(sig.revocation.status, sig.revocation.status)),
        ]
        if sig.certificate:
            rows.append((self.tr("Issuer"), sig.certificate.issuer))
            rows.append((self.tr("Certificate (SHA-256)"), sig.certificate.sha256[:32] + "…"))
        for name, value in rows:
            label = QLabel(value, box)
            label.setWordWrap(True)
            form.addRow(name, label)
        for code in sig.problems:
            warning = QLabel("⚠ " + self.problem_text(code), box)
            warning.setObjectName("problemLabel")
            warning.setWordWrap(True)
            form.addRow(warning)
        return box

    def show_report(self, report: VerifyReport) -> None:
        self.report = report
        self._clear()
        self.verdict_label.setText(self.verdict_text(report))
        level = {"ok": "ok", "warning": "warning"}.get(report.verdict, "critical")
        self.verdict_label.setProperty("level", level)
        self.verdict_label.style().unpolish(self.verdict_label)
        self.verdict_label.style().polish(self.verdict_label)
        for sig in report.signatures:
            self.boxes.addWidget(self._box(sig))


class VerifyDialog(QDialog):
    """Choose a PDF (or drop one here), see the verdict of each signature."""

    verified = Signal(object)  # VerifyReport

    def __init__(self, parent: QWidget | None = None, *, offline: bool = False) -> None:
        super().__init__(parent)
        self.offline = offline
        self._busy: Path | None = None  # the file being verified (in a background thread)
        self.setWindowTitle(self.tr("Check a signed PDF"))
        self.setAcceptDrops(True)
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        self.hint_label = QLabel(self.tr("Choose a signed PDF, or drop it on this window."), self)
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)
        self.file_label = QLabel(self)
        self.file_label.setObjectName("fileLabel")
        self.file_label.setWordWrap(True)
        layout.addWidget(self.file_label)
        self.view = VerifyResultView(self)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.view)
        layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open a PDF…"), self)
        self.open_button.setObjectName("openButton")
        self.close_button = QPushButton(self.tr("Close"), self)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self.choose_file)
        self.close_button.clicked.connect(self.reject)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a signed PDF"), "", self.tr("PDF documents (*.pdf)")
        )
        if path:
            self.verify(Path(path))

    def verify(self, path: Path) -> None:
        if self._busy is not None:
            return
        self.file_label.setText(fmt(self.tr("Checking %1…"), path.name))
        self.open_button.setEnabled(False)
        self._busy = path
        options = VerifyOptions(offline=self.offline)
        # A plain thread (gui.background): closing the dialog while it runs cannot abort the app.
        run_in_background(lambda: verify_pdf(path, options=options), self._done, name="verify", failed=None)

    def _done(self, report: VerifyReport | None) -> None:
        path, self._busy = self._busy, None
        self.open_button.setEnabled(True)
        if report is None:  # the verifier itself failed (logged): say the file could not be checked
            self.file_label.setText(fmt(self.tr("%1 cannot be read."), path.name if path else ""))
            return
        self.file_label.setText(Path(report.file).name)
        self.file_label.setToolTip(str(report.file))
        self.view.show_report(report)
        self.verified.emit(report)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if pdf_from_mime(event.mimeData()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = pdf_from_mime(event.mimeData())
        if path is not None:
            event.acceptProposedAction()
            self.verify(path)


def open_verify(parent: QWidget | None = None, path: Path | None = None) -> VerifyDialog:
    """The window's entry point: a non-modal dialog, verifying `path` at once when given."""
    dialog = VerifyDialog(parent)
    dialog.show()
    if path is not None:
        dialog.verify(path)
    return dialog


class _PdfDrop(QObject):
    """Drop a PDF anywhere on the window: it is verified."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            drag = cast(QDragEnterEvent, event)
            if pdf_from_mime(drag.mimeData()) is not None:
                drag.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop:
            drop = cast(QDropEvent, event)
            path = pdf_from_mime(drop.mimeData())
            if path is not None:
                drop.acceptProposedAction()
                open_verify(self.window, path)
                return True
        return False


def install_verify_action(window: QWidget, beside: QPushButton | None = None) -> QAction:
    """ "Vérifier un PDF signé" on the window: a button next to `beside`, Ctrl+O, and PDF drops."""
    text = QCoreApplication.translate("VerifyDialog", "Check a signed PDF…")
    action = QAction(text, window)
    action.setObjectName("verifyPdfAction")
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
    action.triggered.connect(lambda: open_verify(window))
    window.addAction(action)
    parent = beside.parentWidget() if beside is not None else None
    layout = parent.layout() if parent is not None else None
    if beside is not None and parent is not None and layout is not None:
        button = QPushButton(text, parent)
        button.setObjectName("verifyPdfButton")
        button.clicked.connect(action.trigger)
        index = layout.indexOf(beside)
        if isinstance(layout, QBoxLayout) and index >= 0:
            layout.insertWidget(index, button)
        else:
            layout.addWidget(button)
    window.setAcceptDrops(True)
    window.installEventFilter(_PdfDrop(window))
    return action
