"""The cards of the main window: one per token, one per certificate, with a validity bar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.guidance.guides import renewal_timing
from certhelper.core.model import Certificate, Module, Token
from certhelper.core.settings import Settings
from certhelper.gui.translation import fmt, locale_for

# Colours of the validity bar by urgency; the same meaning as the findings' severities.
LEVEL_COLOURS = {"ok": "#2e7d32", "soon": "#ef6c00", "urgent": "#c62828", "expired": "#8e0000"}


def qdate_text(when: dt.datetime, lang: str) -> str:
    day = when.astimezone(dt.UTC).date()
    from PySide6.QtCore import QDate

    return locale_for(lang).toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


class ValidityBar(QWidget):
    """The validity period from not-before to not-after, the elapsed part coloured, today marked."""

    def __init__(
        self, start: dt.datetime, end: dt.datetime, now: dt.datetime, level: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.start, self.end, self.now, self.level = start, end, now, level
        self.setMinimumHeight(14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def fraction(self) -> float:
        total = (self.end - self.start).total_seconds()
        if total <= 0:
            return 1.0
        return min(1.0, max(0.0, (self.now - self.start).total_seconds() / total))

    def sizeHint(self) -> QSize:
        return QSize(240, max(14, self.fontMetrics().height()))

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 2, -1, -2)
        radius = rect.height() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e0e0e0"))
        painter.drawRoundedRect(rect, radius, radius)
        colour = QColor(LEVEL_COLOURS.get(self.level, LEVEL_COLOURS["ok"]))
        done = QRectF(rect.left(), rect.top(), rect.width() * self.fraction(), rect.height())
        painter.setBrush(colour)
        painter.drawRoundedRect(done, radius, radius)
        x = rect.left() + rect.width() * self.fraction()
        painter.setPen(QPen(QColor("#212121"), 2))
        painter.drawLine(int(x), int(rect.top()) - 2, int(x), int(rect.bottom()) + 2)
        painter.end()


def _button(text: str, name: str) -> QPushButton:
    """A card's action button: reached with Tab on every OS (macOS skips buttons by default)."""
    button = QPushButton(text)
    button.setObjectName(name)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return button


def _label(text: str, name: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class CertificateCard(QFrame):
    """Holder, organisation, level, issuer, end date and days left, a validity bar, and the guides."""

    guideRequested = Signal(str, object, object)  # guide id, Token, Certificate

    def __init__(
        self,
        token: Token,
        cert: Certificate,
        now: dt.datetime,
        settings: Settings,
        catalogue: Catalogue,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.certificate = cert
        self.setObjectName("certificateCard")
        timing = renewal_timing(cert, now, settings)
        self.level = timing.level
        self.setProperty("level", timing.level)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.holder_label = _label(cert.holder or cert.subject, "holder")
        top.addWidget(self.holder_label, 1)
        for badge in self._badges(cert):
            top.addWidget(_label(badge, "badge", wrap=False))
        layout.addLayout(top)
        org = cert.organisation
        if cert.siren:
            org = fmt(self.tr("%1 (SIREN %2)"), org, cert.siren)
        if org:
            layout.addWidget(_label(org, "organisation"))
        layout.addWidget(_label(fmt(self.tr("Issued by %1"), cert.issuer_name or cert.issuer), "issuer"))
        self.validity_label = _label(self._validity_text(cert, timing.days_left, lang), "validity")
        self.validity_label.setProperty("level", timing.level)
        layout.addWidget(self.validity_label)
        self.bar = ValidityBar(cert.not_before, cert.not_after, now, timing.level)
        self.bar.setAccessibleName(self.validity_label.text())
        self.bar.setToolTip(
            fmt(self.tr("From %1 to %2"), qdate_text(cert.not_before, lang), qdate_text(cert.not_after, lang))
        )
        layout.addWidget(self.bar)
        if timing.level in ("urgent", "expired", "soon"):
            order = qdate_text(dt.datetime.combine(timing.order_by, dt.time(12), dt.UTC), lang)
            text = (
                fmt(self.tr("Order the new certificate now: delivery takes about %1 days."), timing.delivery_days)
                if timing.level != "soon"
                else fmt(
                    self.tr("Order the new certificate before %1 (delivery takes about %2 days)."),
                    order,
                    timing.delivery_days,
                )
            )
            layout.addWidget(_label(text, "advice"))
        notes = []
        if cert.key_matches is False:
            notes.append(self.tr("The key on the token does not match this certificate."))
        elif not cert.has_private_key and token.keys:
            notes.append(self.tr("No private key for this certificate on the token."))
        for note in notes:
            layout.addWidget(_label(note, "note"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        renew = _button(self.tr("Renew…"), "renewButton")
        renew.clicked.connect(lambda: self.guideRequested.emit("renewal", token, cert))
        revoke = _button(self.tr("Revoke…"), "revokeButton")
        revoke.clicked.connect(lambda: self.guideRequested.emit("revocation", token, cert))
        buttons.addWidget(renew)
        buttons.addWidget(revoke)
        layout.addLayout(buttons)

    def _badges(self, cert: Certificate) -> list[str]:
        out = []
        if cert.assurance in ("RGS*", "RGS**", "RGS***"):
            out.append(cert.assurance)
        elif cert.assurance == "unknown":
            out.append(self.tr("level unknown"))
        if cert.qualified or cert.assurance == "eIDAS-qualified":
            out.append(self.tr("eIDAS qualified"))
        return out

    def _validity_text(self, cert: Certificate, days: int, lang: str) -> str:
        until = qdate_text(cert.not_after, lang)
        if days < 0:
            ago = -days
            return (
                fmt(self.tr("Expired on %1 — yesterday"), until)
                if ago == 1
                else fmt(self.tr("Expired on %1 — %2 days ago"), until, str(ago))
            )
        left = self.tr("1 day left") if days == 1 else fmt(self.tr("%1 days left"), days)
        return fmt(self.tr("Valid until %1 — %2"), until, left)


class TokenCard(QFrame):
    """One plugged token: name, serial, PIN state, its certificates, and the PIN actions."""

    guideRequested = Signal(str, object, object)  # guide id, Token, Certificate | None
    pinTestRequested = Signal(object, object)  # Module, Token

    def __init__(
        self,
        module: Module,
        token: Token,
        now: dt.datetime,
        settings: Settings,
        catalogue: Catalogue,
        lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.token = token
        self.setObjectName("tokenCard")
        layout = QVBoxLayout(self)
        title = fmt(self.tr("Token “%1”"), token.label) if token.label else self.tr("Token")
        layout.addWidget(_label(title, "tokenTitle"))
        details = fmt(self.tr("Serial number %1"), token.serial)
        if token.model:
            details = fmt(self.tr("%1 — model %2"), details, token.model)
        layout.addWidget(_label(details, "tokenDetails"))
        pin_text, pin_level = self._pin_text(token)
        pin_label = _label(pin_text, "pinState")
        pin_label.setProperty("level", pin_level)
        layout.addWidget(pin_label)
        if token.error:
            message = (
                self.tr("The token was removed while it was being read.")
                if token.error == "token-removed"
                else self.tr("The token could not be read completely.")
            )
            layout.addWidget(_label(message, "note"))
        # the current certificate first, the oldest (often expired) last
        holders = sorted((c for c in token.certificates if not c.is_ca), key=lambda c: c.not_after, reverse=True)
        self.certificate_cards: list[CertificateCard] = []
        for cert in holders:
            card = CertificateCard(token, cert, now, settings, catalogue, lang, self)
            card.guideRequested.connect(self.guideRequested)
            layout.addWidget(card)
            self.certificate_cards.append(card)
        if not holders and not token.error:
            layout.addWidget(_label(self.tr("No certificate on this token."), "note"))
        orphans = [k for k in token.keys if k.object_class == "private" and k.certificate_sha256 is None]
        if orphans:
            text = (
                self.tr("1 key without a certificate.")
                if len(orphans) == 1
                else fmt(self.tr("%1 keys without a certificate."), len(orphans))
            )
            layout.addWidget(_label(text, "note"))
        if token.unreadable:
            layout.addWidget(
                _label(fmt(self.tr("%1 unreadable object(s) on the token."), len(token.unreadable)), "note")
            )
        actions = QHBoxLayout()
        actions.addStretch(1)
        first = holders[0] if holders else None
        if token.pin.locked or token.pin.final_try or token.pin.count_low:
            unlock = _button(self.tr("Unlock the PIN…"), "unlockButton")
            unlock.clicked.connect(lambda: self.guideRequested.emit("pin-unlock", token, first))
            actions.addWidget(unlock)
        test = _button(self.tr("Test my PIN…"), "pinTestButton")
        test.clicked.connect(lambda: self.pinTestRequested.emit(module, token))
        actions.addWidget(test)
        layout.addLayout(actions)

    def _pin_text(self, token: Token) -> tuple[str, str]:
        pin = token.pin
        if pin.locked:
            return self.tr("PIN locked: do not try again, ask for the unlock procedure."), "expired"
        if pin.final_try:
            return self.tr("PIN: only one try left. Do not guess it."), "urgent"
        if pin.count_low:
            return self.tr("PIN: a wrong PIN was entered recently."), "soon"
        return self.tr("PIN: no wrong try reported."), "ok"
