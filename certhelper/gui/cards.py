"""The cards of the main window: one per token, one per certificate, with a validity bar.

They render the Assessment: the colour is the core's severity for the certificate, the renewal text
comes from its RenewalState, the key and PIN notes from KeyMatch and PinStatus, the revocation line
from its Trust ("checking…" while core.trust is still asking). Nothing is decided here.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from certhelper.core.assessment.model import CertificateAssessment, KeyMatch, PinStatus, TokenAssessment
from certhelper.core.model import Certificate
from certhelper.core.trust.model import ChainStatus, RevocationStatus
from certhelper.gui.dates import day_text
from certhelper.gui.details import DetailsExpander
from certhelper.gui.sign_test_dialog import add_sign_test_button
from certhelper.gui.translation import fmt
from certhelper.gui.verdict import Verdict, card_level

# Colours of the validity bar by level; the same meaning as the findings' severities.
LEVEL_COLOURS = {"ok": "#2e7d32", "soon": "#ef6c00", "urgent": "#c62828", "expired": "#8e0000"}


class ValidityBar(QWidget):
    """The validity period from not-before to not-after, the elapsed part coloured, today marked."""

    def __init__(
        self, start: dt.datetime, end: dt.datetime, now: dt.datetime, level: str, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.start, self.end, self.now, self.level = start, end, now, level
        self.setMinimumHeight(12)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def fraction(self) -> float:
        total = (self.end - self.start).total_seconds()
        if total <= 0:
            return 1.0
        return min(1.0, max(0.0, (self.now - self.start).total_seconds() / total))

    def sizeHint(self) -> QSize:
        return QSize(200, 12)

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


def _set_level(widget: QWidget, level: str) -> None:
    widget.setProperty("level", level)


class CertificateCard(QFrame):
    """Holder and level, organisation and issuer, end date and days left with a bar, what to do."""

    guideRequested = Signal(str, object, object)  # guide id, Token, Certificate

    def __init__(
        self,
        assessed: CertificateAssessment,
        token: TokenAssessment,
        now: dt.datetime,
        lang: str,
        checking: bool = False,  # core.trust is still asking about this certificate
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        words = Verdict(self)
        cert = assessed.certificate
        self.assessed, self.certificate = assessed, cert
        self.renewal_state = assessed.renewal.state
        self.date_text = day_text(assessed.renewal.not_after, lang)  # the end date, as every front-end writes it
        self.setObjectName("certificateCard")
        self.level = card_level(assessed)
        _set_level(self, self.level)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(2)
        top = QHBoxLayout()
        self.holder_label = _label(cert.holder or cert.subject, "holder")
        top.addWidget(self.holder_label, 1)
        for badge in self._badges(cert):
            top.addWidget(_label(badge, "badge", wrap=False))
        renew = _button(self.tr("Renew…"), "renewButton")
        renew.clicked.connect(lambda: self.guideRequested.emit("renewal", token.token, cert))
        revoke = _button(self.tr("Revoke…"), "revokeButton")
        revoke.clicked.connect(lambda: self.guideRequested.emit("revocation", token.token, cert))
        top.addWidget(renew)
        top.addWidget(revoke)
        self.buttons = top  # room for more actions on this certificate
        self.sign_test_button = add_sign_test_button(top, token.module, token.token, cert, self)  # issue 12
        layout.addLayout(top)
        org = cert.organisation
        if cert.siren:
            org = fmt(self.tr("%1 (SIREN %2)"), org, cert.siren)
        issuer = fmt(self.tr("Issued by %1"), cert.issuer_name or cert.issuer)
        layout.addWidget(_label(f"{org} · {issuer}" if org else issuer, "issuer"))
        middle = QHBoxLayout()
        self.validity_label = _label(words.validity(assessed.renewal, lang), "validity", wrap=False)
        _set_level(self.validity_label, self.level)
        middle.addWidget(self.validity_label)
        self.bar = ValidityBar(cert.not_before, cert.not_after, now, self.level)
        self.bar.setAccessibleName(self.validity_label.text())
        self.bar.setToolTip(
            fmt(self.tr("From %1 to %2"), day_text(cert.not_before, lang), day_text(cert.not_after, lang))
        )
        middle.addWidget(self.bar, 1)
        layout.addLayout(middle)
        self.advice_text = words.order_advice(assessed.renewal, lang) if self.level != "ok" else ""
        if self.advice_text:
            layout.addWidget(_label(self.advice_text, "advice"))
        self.notes: list[QLabel] = []
        note = {
            KeyMatch.MISMATCH: self.tr("The key on the token does not match this certificate: it cannot sign."),
            KeyMatch.MISSING: self.tr("No private key for this certificate on the token: it cannot sign."),
        }.get(assessed.key)
        if note:
            self._note(note, "note", layout)
        # An incomplete chain is said only when the assessment made it a finding (offline, the missing
        # intermediate may simply not have been fetched: the core does not call that a problem).
        chain = {
            ChainStatus.INCOMPLETE: self.tr("Certification chain incomplete: an intermediate certificate is missing.")
            if "chain-incomplete" in assessed.findings
            else "",
            ChainStatus.UNTRUSTED: self.tr("The root authority of this certificate is not a recognised one."),
        }.get(assessed.trust.chain.status, "")
        self.revocation_text = self._revocation(assessed, checking, lang)
        trust = " · ".join(t for t in (chain, self.revocation_text) if t)  # one line: the cards stay short
        self.trust_label = self._note(trust, "trustState", layout) if trust else None
        if self.trust_label is not None and assessed.trust.revocation.status == RevocationStatus.REVOKED:
            _set_level(self.trust_label, "expired")

    def _note(self, text: str, name: str, layout: QVBoxLayout) -> QLabel:
        label = _label(text, name)
        layout.addWidget(label)
        self.notes.append(label)
        return label

    def _revocation(self, assessed: CertificateAssessment, checking: bool, lang: str) -> str:
        revocation = assessed.trust.revocation
        if checking and revocation.status == RevocationStatus.NOT_CHECKED:
            return self.tr("Revocation: checking…")
        if revocation.status == RevocationStatus.REVOKED:
            when = day_text(revocation.revoked_at, lang) if revocation.revoked_at else ""
            return (
                fmt(self.tr("This certificate was revoked on %1."), when)
                if when
                else self.tr("This certificate was revoked.")
            )
        if revocation.status == RevocationStatus.GOOD:
            return self.tr("Revocation: not revoked.")
        if revocation.status == RevocationStatus.UNKNOWN:
            return (
                self.tr("Revocation: not checked, the server did not answer.")
                if revocation.error in ("timeout", "unreachable")
                else self.tr("Revocation: could not be checked.")
            )
        return ""

    def _badges(self, cert: Certificate) -> list[str]:
        out = []
        if cert.assurance in ("RGS*", "RGS**", "RGS***"):
            out.append(cert.assurance)
        elif cert.assurance == "unknown":
            out.append(self.tr("level unknown"))
        if cert.qualified or cert.assurance == "eIDAS-qualified":
            out.append(self.tr("eIDAS qualified"))
        return out


class TokenCard(QFrame):
    """One distinct token: name, serial, PIN state, its certificates, and the PIN actions.

    `action_row` is the row of buttons at the top right: other features add theirs there.
    """

    guideRequested = Signal(str, object, object)  # guide id, Token, Certificate | None
    pinTestRequested = Signal(object, object)  # Module, Token

    def __init__(
        self,
        assessed: TokenAssessment,
        now: dt.datetime,
        lang: str,
        checking: frozenset[str] = frozenset(),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        token, module = assessed.token, assessed.module
        self.assessed, self.token, self.module = assessed, token, module
        self.setObjectName("tokenCard")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        head = QHBoxLayout()
        title = fmt(self.tr("Token “%1”"), token.label) if token.label else self.tr("Token")
        head.addWidget(_label(title, "tokenTitle", wrap=False))
        details = fmt(self.tr("serial number %1"), token.serial)
        if token.model:
            details = fmt(self.tr("%1, model %2"), details, token.model)
        head.addWidget(_label(details, "tokenDetails"), 1)
        self.action_row = QHBoxLayout()  # the token's buttons (PIN test, unlock, and others' additions)
        head.addLayout(self.action_row)
        layout.addLayout(head)
        pin_text, pin_level = self._pin_text(assessed.pin)
        self.pin_label = _label(pin_text, "pinState")
        _set_level(self.pin_label, pin_level)
        layout.addWidget(self.pin_label)
        if token.error is not None:
            message = (
                self.tr("The token was removed while it was being read.")
                if token.error.code == "token-removed"
                else self.tr("The token could not be read completely.")
            )
            layout.addWidget(_label(message, "note"))
            if token.error.detail:
                layout.addWidget(DetailsExpander(token.error.detail, self))
        if assessed.also_seen_in:
            layout.addWidget(
                _label(self.tr("The same token is also read by another driver: it is shown once."), "tokenDetails")
            )
        holders = [c for c in assessed.certificates if not c.certificate.is_ca]
        self.certificate_cards: list[CertificateCard] = []
        for cert in holders:
            card = CertificateCard(cert, assessed, now, lang, cert.certificate.sha256 in checking, self)
            card.guideRequested.connect(self.guideRequested)
            layout.addWidget(card)
            self.certificate_cards.append(card)
        if not holders and not token.error:
            layout.addWidget(_label(self.tr("No certificate on this token."), "note"))
        orphans = [k for k in token.keys if k.object_class == "private" and k.certificate_sha256 is None]
        if orphans:
            layout.addWidget(_label(self.tr("%n key(s) without a certificate.", "", len(orphans)), "note"))
        if token.unreadable:
            layout.addWidget(
                _label(self.tr("%n object(s) on the token could not be read.", "", len(token.unreadable)), "note")
            )
        first = holders[0].certificate if holders else None
        if assessed.pin != PinStatus.OK:
            unlock = _button(self.tr("Unlock the PIN…"), "unlockButton")
            unlock.clicked.connect(lambda: self.guideRequested.emit("pin-unlock", token, first))
            self.action_row.addWidget(unlock)
        test = _button(self.tr("Test my PIN…"), "pinTestButton")
        test.clicked.connect(lambda: self.pinTestRequested.emit(module, token))
        self.action_row.addWidget(test)

    def _pin_text(self, pin: PinStatus) -> tuple[str, str]:
        if pin == PinStatus.LOCKED:
            return self.tr("PIN locked: do not try again, ask for the unlock procedure."), "expired"
        if pin == PinStatus.FINAL_TRY:
            return self.tr("PIN: only one try left. Do not guess it."), "urgent"
        if pin == PinStatus.COUNT_LOW:
            return self.tr("PIN: a wrong PIN was entered recently."), "soon"
        return self.tr("PIN: no wrong try reported."), "ok"
