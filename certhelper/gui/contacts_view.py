"""The contact panel: phone, price, hours with an "open now / closed, opens at …" indicator, e-mail,
driver download page. Every fact comes from the catalogue (providers.toml)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from certhelper.core.guidance.guides import Contacts
from certhelper.core.guidance.hours import opening_status, zone
from certhelper.gui.translation import fmt, locale_for

REFRESH_MS = 30_000


def _link(url: str, text: str) -> QLabel:
    label = QLabel(f'<a href="{url}">{text}</a>')
    label.setOpenExternalLinks(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)  # Tab reaches the link
    label.setWordWrap(True)
    return label


class ContactsPanel(QWidget):
    def __init__(
        self, contacts: Contacts, now: Callable[[], dt.datetime], lang: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contactsPanel")
        self.contacts, self.now, self.lang = contacts, now, lang
        outer = QVBoxLayout(self)
        title = QLabel(contacts.name)
        title.setObjectName("contactsTitle")
        outer.addWidget(title)
        form = QFormLayout()
        outer.addLayout(form)
        if contacts.phone:
            self.phone = _link(contacts.phone_uri or f"tel:{contacts.phone}", contacts.phone)
            self.phone.setObjectName("phone")
            form.addRow(self.tr("Phone"), self.phone)
        if contacts.price:
            price = QLabel(contacts.price)
            price.setObjectName("price")
            price.setWordWrap(True)
            form.addRow(self.tr("Price"), price)
        if contacts.hours:
            self.hours = QLabel(self.hours_text())
            self.hours.setObjectName("hours")
            form.addRow(self.tr("Hours (Paris time)"), self.hours)
            self.open_now = QLabel()
            self.open_now.setObjectName("openNow")
            self.open_now.setWordWrap(True)
            form.addRow(self.tr("Right now"), self.open_now)
            self.refresh()
            self._timer = QTimer(self)
            self._timer.timeout.connect(self.refresh)
            self._timer.start(REFRESH_MS)
        if contacts.email:
            self.email = _link(f"mailto:{contacts.email}", contacts.email)
            self.email.setObjectName("email")
            form.addRow(self.tr("E-mail"), self.email)
        if contacts.drivers_url:
            self.drivers = _link(contacts.drivers_url, contacts.drivers_url)
            self.drivers.setObjectName("driversUrl")
            form.addRow(self.tr("Driver download"), self.drivers)

    def hours_text(self) -> str:
        locale = locale_for(self.lang)
        lines = []
        for n, day in enumerate(self.contacts.hours, start=1):
            if not day.ranges:
                continue
            spans = ", ".join(f"{a:%H:%M}–{b:%H:%M}" for a, b in day.ranges)
            name = locale.dayName(n).capitalize()
            lines.append(f"{name} : {spans}" if self.lang == "fr" else f"{name}: {spans}")
        return "\n".join(lines)

    def status_text(self) -> tuple[str, bool]:
        now = self.now()
        status = opening_status(self.contacts.raw_hours or {}, now, self.contacts.timezone)
        if status.open and status.closes_at is not None:
            return fmt(self.tr("Open now, until %1"), f"{status.closes_at:%H:%M}"), True
        if status.opens_at is None:
            return self.tr("Closed"), False
        today = now.astimezone(zone(self.contacts.timezone)).date()
        when, time = status.opens_at.date(), f"{status.opens_at:%H:%M}"
        if when == today:
            return fmt(self.tr("Closed now, opens today at %1"), time), False
        if when == today + dt.timedelta(days=1):
            return fmt(self.tr("Closed now, opens tomorrow at %1"), time), False
        day = locale_for(self.lang).dayName(when.isoweekday())
        return fmt(self.tr("Closed now, opens %1 at %2"), day, time), False

    def refresh(self) -> None:
        text, is_open = self.status_text()
        self.open_now.setText(text)
        self.open_now.setProperty("open", is_open)
        self.open_now.style().unpolish(self.open_now)
        self.open_now.style().polish(self.open_now)
