"""Guided steps: renewal, revocation, PIN unlock, contacts, driver install… one wizard class fed by
the guides of the catalogue (core.guides), ending on the provider's contacts when it has some."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from certhelper.core.assessment.model import Renewal, RenewalState
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.guidance.guides import Guide, GuideStep, load_guide, mailto_url, unlock_facts
from certhelper.core.model import Certificate, Token
from certhelper.core.settings import Settings
from certhelper.gui.contacts_view import ContactsPanel
from certhelper.gui.dates import day_text
from certhelper.gui.portal_login import PortalLoginPanel
from certhelper.gui.translation import fmt
from certhelper.gui.verdict import Verdict


def _text(text: str, name: str = "stepText") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class GuideWizard(QWizard):
    def __init__(
        self,
        guide_id: str,
        *,
        catalogue: Catalogue,
        settings: Settings,
        lang: str,
        now: Callable[[], dt.datetime],
        token: Token | None = None,
        certificate: Certificate | None = None,
        renewal: RenewalState | None = None,  # the certificate's, from the Assessment (the renewal guide says when)
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("guideWizard")
        self.renewal = renewal
        self.guide: Guide = load_guide(catalogue, guide_id, lang, certificate)
        self.catalogue, self.settings, self.lang, self.now = catalogue, settings, lang, now
        self.token, self.certificate = token, certificate
        self.mail_url: str = ""
        self.portal_panel: PortalLoginPanel | None = None  # the renewal guide's "order" step only
        self.setWindowTitle(self.guide.title)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setMinimumSize(620, 420)
        for step in self.guide.steps:
            self.addPage(self._step_page(step))
        if self.guide.contacts is not None:
            page = QWizardPage()
            page.setObjectName("contactsPage")
            page.setTitle(self.tr("Who to contact"))
            layout = QVBoxLayout(page)
            self.contacts_panel = ContactsPanel(self.guide.contacts, now, lang, page)
            layout.addWidget(self.contacts_panel)
            self.addPage(page)

    def _step_page(self, step: GuideStep) -> QWizardPage:
        page = QWizardPage()
        page.setObjectName(f"step-{step.id}")
        page.setTitle(step.title)
        layout = QVBoxLayout(page)
        layout.addWidget(_text(step.text, "warningText" if step.warning else "stepText"))
        if self.guide.id == "renewal" and step.id == "why-now" and self.renewal is not None:
            layout.addWidget(_text(self._timing_text(self.renewal), "timingText"))
        if self.guide.id == "revocation" and step.id == "irreversible":
            understood = QCheckBox(self.tr("I understand that a revocation cannot be undone"))
            understood.setObjectName("understoodCheck")
            layout.addWidget(understood)
            page.registerField(f"understood-{step.id}*", understood)
        if self.guide.id == "pin-unlock" and step.id == "email" and self.guide.contacts is not None:
            self._add_mail(layout)
        if self.guide.id == "renewal" and step.id == "order":
            self.portal_panel = PortalLoginPanel(parent=page)
            layout.addWidget(self.portal_panel)
        layout.addStretch(1)
        return page

    def _timing_text(self, renewal: RenewalState) -> str:
        """When to order, as the core decided it: a past order date is never written, "today" is."""
        end = day_text(renewal.not_after, self.lang)
        delivery = Verdict(self).delivery(renewal.lead_time_days)
        if renewal.state == Renewal.EXPIRED:
            return fmt(self.tr("This certificate expired on %1: order a new one today."), end)
        left = self.tr("%n day(s) left", "", renewal.days_left)
        if renewal.order_today:
            return fmt(self.tr("%1 (until %2), and %3: order today."), left, end, delivery)
        order = day_text(renewal.order_by, self.lang)
        return fmt(self.tr("%1 (until %2), and %3: order by %4 at the latest."), left, end, delivery, order)

    # -- the PIN unlock e-mail -------------------------------------------------------------
    def mail_subject_body(self) -> tuple[str, str]:
        facts = unlock_facts(self.token, self.certificate) if self.token is not None else {}
        subject = fmt(self.tr("PIN unlock request, token %1"), facts.get("serial", "?"))
        body = fmt(
            self.tr(
                "Hello,\n\nThe PIN of my certificate token is locked (or nearly). "
                "Could you send me the PIN unlock e-mail?\n\n"
                "Token serial number: %1\nCertificate holder: %2\nOrganisation: %3\n"
                "Certificate fingerprint (SHA-256): %4\n\nThank you."
            ),
            facts.get("serial", "?"),
            facts.get("holder", "?"),
            facts.get("organisation", "?"),
            facts.get("sha256", "?"),
        )
        return subject, body

    def _add_mail(self, layout: QVBoxLayout) -> None:
        assert self.guide.contacts is not None
        subject, body = self.mail_subject_body()
        self.mail_url = mailto_url(self.guide.contacts.email, subject, body)
        layout.addWidget(_text(self.tr("The e-mail, ready to send (it never contains your PIN):"), "stepText"))
        preview = QPlainTextEdit(body)
        preview.setObjectName("mailPreview")
        preview.setReadOnly(True)
        preview.setTabChangesFocus(True)
        layout.addWidget(preview)
        button = QPushButton(self.tr("Write this e-mail…"))
        button.setObjectName("mailButton")
        button.clicked.connect(self.open_mail)
        layout.addWidget(button)

    def open_mail(self) -> bool:
        return QDesktopServices.openUrl(QUrl(self.mail_url))
