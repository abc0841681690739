"""The main window: token and certificate cards, findings, the workstation, and the empty states.

It only presents: the snapshot comes from the scan worker (gui.scan_client), the findings from
core.diagnosis, the guides from core.guides. Nothing here touches PKCS#11.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import QComboBox, QFrame, QGroupBox, QLabel, QMainWindow, QPushButton, QWidget

from certhelper.core.assessment.diagnosis import diagnose
from certhelper.core.assessment.findings import Finding
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Certificate, Module, Snapshot, Token
from certhelper.core.reminders import store
from certhelper.core.settings import Settings
from certhelper.core.tokens.discovery import Candidate
from certhelper.core.workstation.drivers import Drivers
from certhelper.gui.cards import TokenCard
from certhelper.gui.findings_view import FindingsView
from certhelper.gui.translation import fmt
from certhelper.gui.ui_loader import child, load_form
from certhelper.gui.workstation_view import WorkstationView
from certhelper.paths import resources_dir

logger = logging.getLogger(__name__)

_LEFT_OUT = re.compile(r"^left out after repeated crashes \((\d+)\)$")


class MainWindow(QMainWindow):
    languageChanged = Signal(str)

    def __init__(
        self,
        *,
        catalogue: Catalogue,
        settings: Settings,
        lang: str,
        candidates: Sequence[Candidate],
        drivers: Callable[[], Drivers | None],
        now: Callable[[], dt.datetime],
        client: object | None = None,  # a ScanClient; None when snapshots are fed by hand
        remember: bool = True,  # False when something else (the tray) already remembers each snapshot
        store_path: Path | None = None,  # the remembered certificates; None for the user's data dir
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.remember, self.store_path = remember, store_path
        self.catalogue, self.settings, self.lang = catalogue, settings, lang
        self.candidates = list(candidates)
        self.drivers_fn, self.now = drivers, now
        self.client = client
        self.snapshot: Snapshot | None = None
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
        self.tokens_layout = child(self.form, QWidget, "tokensBox").layout()
        self.language_combo = child(self.form, QComboBox, "languageCombo")
        self.findings_group = child(self.form, QGroupBox, "findingsGroup")
        self.findings_view = FindingsView()
        self.findings_group.layout().addWidget(self.findings_view)
        self.workstation = WorkstationView()
        child(self.form, QGroupBox, "workstationGroup").layout().addWidget(self.workstation)
        self.findings_view.guideRequested.connect(self.open_finding_guide)
        child(self.form, QPushButton, "contactsButton").clicked.connect(lambda: self.open_guide("contact"))
        child(self.form, QPushButton, "rescanButton").clicked.connect(self.rescan)
        self.retry_button.clicked.connect(self.retry)
        self.language_combo.setCurrentIndex(0 if lang == "fr" else 1)
        self.language_combo.currentIndexChanged.connect(
            lambda index: self.languageChanged.emit("fr" if index == 0 else "en")
        )
        self.banner.hide()
        self.multiple_label.hide()
        self._fit_to_screen(900, 820)
        if client is not None:
            client.snapshotReady.connect(self.show_snapshot)  # type: ignore[attr-defined]
            client.moduleFailed.connect(self.on_module_failed)  # type: ignore[attr-defined]
            client.workerStateChanged.connect(self.on_worker_state)  # type: ignore[attr-defined]
        self._rendered_day = self.now().date()
        self._day_timer = QTimer(self)
        self._day_timer.timeout.connect(self._refresh_if_new_day)
        self._day_timer.start(10 * 60 * 1000)  # every 10 minutes: cheap, and days never go stale
        self._render()

    def _fit_to_screen(self, width: int, height: int) -> None:
        """The preferred size, but never larger than the screen (at 200 % a laptop screen is ~960×540)."""
        screen = self.screen()
        if screen is not None:
            free = screen.availableGeometry()
            width, height = min(width, int(free.width() * 0.95)), min(height, int(free.height() * 0.9))
        self.resize(width, height)

    # -- state -----------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        if self.remember:
            self._remember(snapshot)
        left_out = [m for m in snapshot.modules if m.error and _LEFT_OUT.match(m.error)]
        if left_out:
            names = ", ".join(m.name or m.path for m in left_out)
            self._show_banner(fmt(self.tr("%1 keeps crashing and is no longer read."), names), retry=True)
        elif self.banner.isVisible():
            self.banner.hide()  # a snapshot arrived: the worker recovered (or the user retried)
        if self.snapshot is not None and snapshot.modules == self.snapshot.modules:
            return  # nothing plugged or unplugged: keep the widgets (and the keyboard focus)
        self.snapshot = snapshot
        self._render()

    def _refresh_if_new_day(self) -> None:
        """Days left and findings depend on the date: redraw when it changes, even if no token moved."""
        if self.now().date() != self._rendered_day:
            self._render()

    def _remember(self, snapshot: Snapshot) -> None:
        """Keep the certificates seen, so reminders work once the token is unplugged and the window closed."""
        try:
            store.remember(snapshot, self.now(), self.store_path)
        except OSError as exc:
            logger.warning("cannot remember the certificates: %s", exc)

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
        snap = self.snapshot
        drivers = self.drivers_fn() if snap is not None else None
        now = self.now()
        self._rendered_day = now.date()
        tokens = snap.tokens if snap is not None else []
        if snap is not None and drivers is not None:
            self.findings = diagnose(snap, drivers, now, self.catalogue, self.settings)
        else:
            self.findings = []
        # The findings before the cards: Tab follows the order widgets are made in, and they are above.
        self.findings_view.set_findings(self.findings, self.catalogue, self.lang)
        for module, token in tokens:
            card = TokenCard(module, token, now, self.settings, self.catalogue, self.lang)
            card.guideRequested.connect(self.open_guide_for)
            card.pinTestRequested.connect(self.open_pin_dialog)
            self.tokens_layout.addWidget(card)
            self.token_cards.append(card)
        self.multiple_label.setVisible(len({t.serial for _, t in tokens}) > 1)
        self.findings_group.setVisible(snap is not None)
        self.workstation.set_state(drivers, snap)
        self._render_empty_state(snap, tokens)
        self._render_summary(snap, tokens)

    def _render_empty_state(self, snap: Snapshot | None, tokens: list[tuple[Module, Token]]) -> None:
        self.empty_frame.setVisible(not tokens)
        if tokens:
            return
        if snap is None and self.candidates:
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
        elif snap is not None and all(m.error for m in snap.modules):
            title = self.tr("The token driver could not be loaded")
            text = self.tr("See “This workstation” below for the reason, and call the support if it persists.")
        else:
            title = self.tr("Plug in your token")
            text = self.tr("Plug your certificate token into a USB port: it appears here within a few seconds.")
        self.empty_title.setText(title)
        self.empty_text.setText(text)
        self.empty_text.setVisible(bool(text))

    def _render_summary(self, snap: Snapshot | None, tokens: list[tuple[Module, Token]]) -> None:
        serious = [f for f in self.findings if f.severity in ("critical", "warning")]
        if snap is None:
            text, level = self.tr("Reading your tokens…"), "info"
        elif not tokens:
            text, level = self.tr("No token is plugged in."), "info"
        elif not serious:
            text, level = self.tr("All is well."), "ok"
        elif len(serious) == 1:
            text, level = self.tr("1 point needs your attention."), serious[0].severity
        else:
            text = fmt(self.tr("%1 points need your attention."), len(serious))
            level = "critical" if any(f.severity == "critical" for f in serious) else "warning"
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
        dialog.checked.connect(lambda _result: self.rescan())
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
