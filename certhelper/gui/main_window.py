"""The main window: the verdict first, then the token and certificate cards, the findings, the workstation.

It only presents an Assessment: snapshots come from the scan worker (gui.scan_client), the verdict from
the core's judge() through gui.assessment_source (drivers detected once per change and revocation
checked, both off the GUI thread), the guides from core.guidance. Nothing here touches PKCS#11 or
decides a state.

Remembering certificates for the reminders is a side effect of the window (and of the tray), done
explicitly in `show_snapshot` unless the tray already does it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import QComboBox, QFrame, QGroupBox, QLabel, QLayout, QMainWindow, QPushButton, QWidget

from certhelper.core.assessment.findings import Finding
from certhelper.core.assessment.model import Assessment, RenewalState
from certhelper.core.assessment.remember import remember_snapshot
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Certificate, Module, Snapshot, Token
from certhelper.core.settings import Settings
from certhelper.core.tokens.discovery import Candidate
from certhelper.gui.assessment_source import AssessmentSource, DetectDrivers, EvaluateTrust
from certhelper.gui.cards import TokenCard
from certhelper.gui.findings_view import FindingsView
from certhelper.gui.translation import fmt
from certhelper.gui.ui_loader import child, load_form
from certhelper.gui.verdict import Verdict
from certhelper.gui.verify_dialog import install_verify_action
from certhelper.gui.workstation_view import WorkstationView
from certhelper.paths import resources_dir

logger = logging.getLogger(__name__)


def _layout_of(widget: QWidget) -> QLayout:
    layout = widget.layout()
    assert layout is not None, f"{widget.objectName()} has no layout in ui/main_window.ui"
    return layout


class MainWindow(QMainWindow):
    languageChanged = Signal(str)

    def __init__(
        self,
        *,
        catalogue: Catalogue,
        settings: Settings,
        lang: str,
        candidates: Sequence[Candidate],
        now: Callable[[], dt.datetime],
        client: object | None = None,  # a ScanClient; None when snapshots are fed by hand
        source: AssessmentSource | None = None,  # shared with the tray; None: the window makes its own
        detect: DetectDrivers | None = None,  # for the window's own source (tests); default: detect_drivers
        trust: EvaluateTrust | bool | None = True,  # for the window's own source: True is core.trust's
        remember: bool = True,  # False when something else (the tray) already remembers each snapshot
        store_path: Path | None = None,  # the remembered certificates; None for the user's data dir
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.remember, self.store_path = remember, store_path
        self.catalogue, self.settings, self.lang = catalogue, settings, lang
        self.candidates = list(candidates)
        self.now = now
        self.client = client
        self.source = source or AssessmentSource(
            catalogue=catalogue, settings=settings, now=lambda: self.now(), detect=detect, trust=trust, parent=self
        )
        self.snapshot: Snapshot | None = None
        self.assessment: Assessment | None = None
        self.findings: list[Finding] = []
        self.token_cards: list[TokenCard] = []
        self.dialogs: list[QWidget] = []  # wizards and dialogs kept alive while open
        self.setWindowTitle(self.tr("certhelper — my certificate token"))
        self.setWindowIcon(QIcon(str(resources_dir() / "icons" / "certhelper.svg")))
        self.form = load_form("main_window", self)
        self.setCentralWidget(self.form)
        self.summary = child(self.form, QLabel, "summaryLabel")
        self.banner = child(self.form, QFrame, "bannerFrame")
        self.banner_label = child(self.form, QLabel, "bannerLabel")
        self.retry_button = child(self.form, QPushButton, "retryButton")
        self.empty_frame = child(self.form, QFrame, "emptyFrame")
        self.empty_title = child(self.form, QLabel, "emptyTitle")
        self.empty_text = child(self.form, QLabel, "emptyText")
        self.multiple_label = child(self.form, QLabel, "multipleLabel")
        self.tokens_layout = _layout_of(child(self.form, QWidget, "tokensBox"))
        self.language_combo = child(self.form, QComboBox, "languageCombo")
        self.findings_group = child(self.form, QGroupBox, "findingsGroup")
        self.findings_view = FindingsView()
        _layout_of(self.findings_group).addWidget(self.findings_view)
        self.workstation = WorkstationView()
        _layout_of(child(self.form, QGroupBox, "workstationGroup")).addWidget(self.workstation)
        self.findings_view.guideRequested.connect(self.open_finding_guide)
        child(self.form, QPushButton, "contactsButton").clicked.connect(lambda: self.open_guide("contact"))
        child(self.form, QPushButton, "rescanButton").clicked.connect(self.rescan)
        self.verify_action = install_verify_action(self, child(self.form, QPushButton, "rescanButton"))  # issue 12
        self.retry_button.clicked.connect(self.retry)
        self.language_combo.setCurrentIndex(0 if lang == "fr" else 1)
        self.language_combo.currentIndexChanged.connect(
            lambda index: self.languageChanged.emit("fr" if index == 0 else "en")
        )
        self.banner.hide()
        self.multiple_label.hide()
        self._fit_to_screen(1000, 820)
        if client is not None:
            client.snapshotReady.connect(self.show_snapshot)  # type: ignore[attr-defined]
            client.moduleFailed.connect(self.on_module_failed)  # type: ignore[attr-defined]
            client.workerStateChanged.connect(self.on_worker_state)  # type: ignore[attr-defined]
        self.source.assessmentReady.connect(self.show_assessment)
        self.source.pendingChanged.connect(self._render)
        self._rendered_day = self.now().date()
        self._day_timer = QTimer(self)
        self._day_timer.timeout.connect(self._refresh_if_new_day)
        self._day_timer.start(10 * 60 * 1000)  # every 10 minutes: cheap, and days never go stale
        if self.source.snapshot is not None:
            self.snapshot = self.source.snapshot
        self.assessment = self.source.assessment
        self._render()

    def _fit_to_screen(self, width: int, height: int) -> None:
        """The preferred size, but never larger than the screen (at 200 % a laptop screen is ~960×540)."""
        screen = self.screen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, int(free.width() * 0.95)), min(height, int(free.height() * 0.92))
        self.resize(width, height)

    # -- state -----------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        """A snapshot from the scan worker: remembered (the reminders' side effect), then judged."""
        if self.remember:
            self._remember(snapshot)
        left_out = [m for m in snapshot.modules if m.error is not None and m.error.code == "left-out"]
        if left_out:
            names = ", ".join(m.name or m.path for m in left_out)
            self._show_banner(fmt(self.tr("%1 keeps crashing and is no longer read."), names), retry=True)
        elif self.banner.isVisible():
            self.banner.hide()  # a snapshot arrived: the worker recovered (or the user retried)
        self.snapshot = snapshot
        self.source.set_snapshot(snapshot)

    def show_assessment(self, assessment: Assessment) -> None:
        self.assessment = assessment
        self.snapshot = assessment.snapshot
        self._render()

    def _refresh_if_new_day(self) -> None:
        """Days left and findings depend on the date: judge again when it changes, even if no token moved."""
        if self.now().date() != self._rendered_day:
            self._rendered_day = self.now().date()
            self.source.refresh()

    def _remember(self, snapshot: Snapshot) -> None:
        """Keep the certificates seen, so reminders work once the token is unplugged and the window closed."""
        remember_snapshot(snapshot, self.now(), self.store_path)  # logs, never raises, on a read-only home

    def on_module_failed(self, path: str, reason: str) -> None:
        what = {"crashed": self.tr("crashed"), "hung": self.tr("stopped answering")}.get(reason, self.tr("stopped"))
        where = path or self.tr("a driver")
        self._show_banner(
            fmt(
                self.tr("The token reader %1 while reading %2. It is restarting; this window keeps working."),
                what,
                where,
            ),
            retry=False,
        )

    def on_worker_state(self, state: str) -> None:
        logger.info("scan worker %s", state)

    def _show_banner(self, text: str, retry: bool) -> None:
        self.banner_label.setText(text)
        self.retry_button.setVisible(retry)
        self.banner.show()

    def rescan(self) -> None:
        self.source.rescan()
        if self.client is not None:
            self.client.rescan()  # type: ignore[attr-defined]

    def retry(self) -> None:
        self.banner.hide()
        if self.client is not None:
            self.client.retry_failed()  # type: ignore[attr-defined]

    # -- rendering -------------------------------------------------------------------------
    def _render(self) -> None:
        for card in self.token_cards:
            card.setParent(None)
            card.deleteLater()
        self.token_cards = []
        found = self.assessment
        now = found.now if found is not None else self.now()
        self._rendered_day = now.date()
        self.findings = list(found.findings) if found is not None else []
        tokens = found.tokens if found is not None else ()
        for assessed in tokens:
            card = TokenCard(assessed, now, self.lang, self.source.pending, self)
            card.guideRequested.connect(self.open_guide_for)
            card.pinTestRequested.connect(self.open_pin_dialog)
            self.tokens_layout.addWidget(card)
            self.token_cards.append(card)
        # Below the cards: the verdict and the cards come first, for the eye and for Tab.
        self.findings_view.set_assessment(found, self.catalogue, self.lang)
        self.multiple_label.setVisible(len(tokens) > 1)
        self.findings_group.setVisible(found is not None and bool(found.findings))
        self.workstation.set_state(found.drivers if found is not None else None, self.snapshot)
        self._render_empty_state(found)
        self._render_summary(found)

    def _render_empty_state(self, found: Assessment | None) -> None:
        plugged = found is not None and bool(found.tokens)
        self.empty_frame.setVisible(not plugged)
        if plugged:
            return
        if found is None and self.candidates:
            title, text = self.tr("Reading your tokens…"), ""
        elif not self.candidates:
            idopte = self.catalogue.driver("idopte")
            url = idopte.download_url if idopte is not None else ""
            title = self.tr("No token driver is installed")
            text = fmt(
                self.tr(
                    "Install the Idopte driver, which ChamberSign tokens need, from "
                    '<a href="%1">%1</a>, or ask ChamberSign support to install it.'
                ),
                url,
            )
        elif found is not None and all(m.error for m in found.snapshot.modules):
            title = self.tr("The token driver could not be loaded")
            text = self.tr("See “This workstation” below for the reason, and call the support if it persists.")
        else:
            title = self.tr("Plug in your token")
            text = self.tr("Plug your certificate token into a USB port: it appears here within a few seconds.")
        self.empty_title.setText(title)
        self.empty_text.setText(text)
        self.empty_text.setVisible(bool(text))

    def _render_summary(self, found: Assessment | None) -> None:
        if found is None and not self.candidates:
            text, level = self.tr("No token driver is installed"), "warning"
        else:
            text, level = Verdict(self).sentence(found)
        self.summary.setText(text)
        self.summary.setProperty("level", level)
        self.summary.style().unpolish(self.summary)
        self.summary.style().polish(self.summary)

    # -- actions ---------------------------------------------------------------------------
    def _find(self, serial: str | None, sha256: str | None) -> tuple[Token | None, Certificate | None]:
        if self.snapshot is None:
            return None, None
        for _, token in self.snapshot.tokens:
            if serial and token.serial != serial:
                continue
            cert = next((c for c in token.certificates if c.sha256 == sha256), None)
            if sha256 is None or cert is not None:
                return token, cert
        return None, None

    def _renewal_of(self, cert: Certificate | None) -> RenewalState | None:
        assessed = self.assessment.certificate(cert.sha256) if self.assessment and cert else None
        return assessed.renewal if assessed is not None else None

    def open_finding_guide(self, finding: Finding) -> QWidget | None:
        token, cert = self._find(finding.token, finding.certificate)
        if cert is None and token is not None and finding.guide in ("pin-unlock", "renewal", "revocation"):
            cert = next((c for c in token.certificates if not c.is_ca), None)
        return self.open_guide(finding.guide or "contact", token, cert)

    def open_guide_for(self, guide_id: str, token: Token | None, cert: Certificate | None) -> QWidget:
        return self.open_guide(guide_id, token, cert)

    def open_guide(self, guide_id: str, token: Token | None = None, cert: Certificate | None = None) -> QWidget:
        from certhelper.gui.wizards import GuideWizard

        wizard = GuideWizard(
            guide_id,
            catalogue=self.catalogue,
            settings=self.settings,
            lang=self.lang,
            now=self.now,
            token=token,
            certificate=cert,
            renewal=self._renewal_of(cert),
            parent=self,
        )
        self._keep(wizard)
        wizard.show()
        return wizard

    def open_pin_dialog(self, module: Module, token: Token) -> QWidget:
        from certhelper.gui.pin_dialog import PinDialog

        dialog = PinDialog(module, token, self)
        first = next((c for c in token.certificates if not c.is_ca), None)
        dialog.unlockRequested.connect(lambda tok: self.open_guide("pin-unlock", tok, first))
        dialog.checked.connect(lambda _result: self.client.rescan() if self.client is not None else None)  # type: ignore[attr-defined]
        self._keep(dialog)
        dialog.show()
        return dialog

    def _keep(self, widget: QWidget) -> None:
        self.dialogs.append(widget)
        widget.finished.connect(lambda _code: self.dialogs.remove(widget) if widget in self.dialogs else None)  # type: ignore[attr-defined]

    def closeEvent(self, event: QCloseEvent) -> None:
        for dialog in list(self.dialogs):
            dialog.close()
        super().closeEvent(event)
