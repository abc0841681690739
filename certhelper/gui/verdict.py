"""The sentences the window and the tray both say about an Assessment, written once for both.

The one-line verdict for the whole workstation ("Tout est en ordre." / "2 points demandent votre
attention."), and a certificate's renewal in words, from its RenewalState: the core decided the
state, the days left, the last safe order date and whether to order today; these only write it.
Plurals are Qt's (%n, numerus forms in resources/i18n/certhelper_fr.ts).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QObject

from certhelper.core.assessment.model import Assessment, CertificateAssessment, Renewal, RenewalState, Severity
from certhelper.gui.dates import day_text
from certhelper.gui.translation import fmt

ATTENTION = (Severity.CRITICAL, Severity.WARNING)


class Verdict(QObject):
    """Texts only (a QObject for tr()'s translation context)."""

    def sentence(self, assessment: Assessment | None) -> tuple[str, str]:
        """The first line of the window and of the tray's tooltip, and its level (a Severity value or "info")."""
        if assessment is None:
            return self.tr("Reading your tokens…"), "info"
        count = assessment.attention_count()
        if count:
            return self.tr("%n point(s) need your attention.", "", count), str(assessment.severity)
        if not assessment.tokens:
            return self.tr("No token is plugged in."), "info"
        return self.tr("All is in order."), str(Severity.OK)

    def validity(self, renewal: RenewalState, lang: str) -> str:
        """ "Valide jusqu'au 14 décembre 2026 — 15 jours restants" / "Expiré le … — il y a 3 jours"."""
        until = day_text(renewal.not_after, lang)
        days = renewal.days_left
        if renewal.state == Renewal.EXPIRED:
            return fmt(self.tr("Expired on %1 — %n day(s) ago", "", max(1, -days)), until)
        return fmt(self.tr("Valid until %1 — %n day(s) left", "", days), until)

    def order_advice(self, renewal: RenewalState, lang: str) -> str:
        """What to do about the renewal, "" when nothing yet. A past order date is never written: "today"."""
        if renewal.state == Renewal.FINE:
            return ""
        if renewal.state == Renewal.EXPIRED:
            return self.tr("Order a new certificate today.")
        if renewal.order_today:
            return self.tr("Order the new certificate today: delivery takes %n day(s).", "", renewal.lead_time_days)
        return fmt(
            self.tr("Order the new certificate by %1 (delivery takes %n day(s)).", "", renewal.lead_time_days),
            day_text(renewal.order_by, lang),
        )

    def soonest(self, assessment: Assessment | None, lang: str) -> str:
        """The tray's second line: the certificate to renew first, with when to order, or ""."""
        if assessment is None:
            return ""
        due = [
            c
            for c in assessment.certificates
            if not c.certificate.is_ca and c.renewal.state != Renewal.FINE and c.severity in ATTENTION
        ]
        if not due:
            return ""
        first = min(due, key=lambda c: c.renewal.not_after)
        return self.renewal_line(first, lang)

    def renewal_line(self, cert: CertificateAssessment, lang: str) -> str:
        renewal = cert.renewal
        expired = renewal.state == Renewal.EXPIRED
        holder = cert.certificate.holder or cert.certificate.subject
        return self.line(holder, expired, renewal.order_today, renewal.not_after, renewal.order_by, lang)

    def line(
        self, holder: str, expired: bool, order_today: bool, not_after: dt.datetime, order_by: dt.date, lang: str
    ) -> str:
        """ "Anne MORVAN : se termine le 14 décembre 2026, commandez le nouveau certificat aujourd'hui"."""
        end = day_text(not_after, lang)
        if expired:
            return fmt(self.tr("%1: expired on %2, order a new certificate today"), holder, end)
        if order_today:
            return fmt(self.tr("%1: ends on %2, order the new certificate today"), holder, end)
        return fmt(self.tr("%1: ends on %2, order the new certificate by %3"), holder, end, day_text(order_by, lang))

    def delivery(self, lead_time_days: int) -> str:
        """ "la livraison prend 21 jours": the lead time from the settings, never a fixed "about 3 weeks"."""
        return self.tr("delivery takes %n day(s)", "", lead_time_days)


def card_level(cert: CertificateAssessment) -> str:
    """The colour of a certificate card: the core's severity for it (an expired certificate stays dark red).

    Never green when the certificate has a critical or warning finding (a key that does not match…).
    """
    if cert.renewal.state == Renewal.EXPIRED:
        return "expired"
    return {Severity.CRITICAL: "urgent", Severity.WARNING: "soon"}.get(cert.severity, "ok")
