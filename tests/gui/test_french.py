"""In French, no visible text is left in English: the main window, every wizard, the PIN dialog.

A visible text is untranslated when it matches an English source text whose French differs: our
Qt texts (resources/i18n/certhelper_fr.ts, %1 matching anything), the catalogue's English texts
(guides, findings, providers), and Qt's own wizard buttons.
"""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET

from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QWidget, QWizard

from certhelper.core.settings import Settings
from certhelper.gui.wizards import GuideWizard
from certhelper.paths import catalogue_dir, resources_dir
from tests.gui.conftest import shown, snapshot_of, with_pin
from tests.helpers import MAIN_TOKEN

QT_ENGLISH = {"< &Back", "&Next >", "&Finish", "Cancel", "&Cancel", "Next >", "Finish", "< Back", "&Close", "Close"}


def _pattern(source: str) -> re.Pattern[str]:
    parts = re.split(r"%\d|\{[a-z_]+\}", source.replace("&", ""))
    return re.compile(".+".join(re.escape(p) for p in parts), re.S)


def english_sources() -> list[re.Pattern[str]]:
    out = []
    tree = ET.parse(resources_dir() / "i18n" / "certhelper_fr.ts")
    for message in tree.getroot().iter("message"):
        source, french = message.findtext("source") or "", message.findtext("translation") or ""
        if source.replace("&", "") != french.replace("&", "") and re.search(r"[A-Za-z]{3}", source):
            out.append(_pattern(source))

    def walk(value) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("en"), str) and value.get("en") != value.get("fr"):
                out.append(_pattern(value["en"]))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for name in ("guides.toml", "findings.toml", "providers.toml"):
        walk(tomllib.loads((catalogue_dir() / name).read_text(encoding="utf-8")))
    out.extend(_pattern(text) for text in QT_ENGLISH)
    return out


def visible_texts(root: QWidget) -> list[str]:
    QApplication.processEvents()  # widgets added to a shown layout are shown by a queued call
    texts = [root.windowTitle()] if root.isWindow() else []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if isinstance(widget, QLabel):
            texts.append(re.sub(r"<[^>]+>", "", widget.text()))
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QWizard):
            texts.append(widget.currentPage().title())
    return [t.replace("&", "").strip() for t in texts if t and t.strip()]


def untranslated(root: QWidget, sources: list[re.Pattern[str]]) -> list[str]:
    return [text for text in visible_texts(root) if any(p.fullmatch(text) for p in sources)]


def test_detector_catches_english(make_window, main_store, catalogue, monkeypatch, qtbot, lang_en) -> None:
    window = make_window("en", [])
    shown(window, snapshot_of(main_store, catalogue, monkeypatch), qtbot)
    found = untranslated(window, english_sources())
    assert "What to do" in found and "Renew…" in found  # the check itself works


def test_main_window_wizards_and_pin_dialog_are_all_french(
    make_window, main_store, pin_store, catalogue, monkeypatch, qtbot, lang_fr
) -> None:
    sources = english_sources()
    window = make_window("fr", [])
    assert untranslated(window, sources) == []  # the "no driver" state
    snapshot = snapshot_of(main_store, catalogue, monkeypatch)
    assessment = shown(window, snapshot, qtbot)
    assert window.token_cards and window.findings_view.rows
    assert untranslated(window, sources) == []
    token = snapshot.tokens[0][1]
    cert = next(c for c in token.certificates if c.holder == "Gaël TANGUY")
    for guide in ("renewal", "revocation", "pin-unlock", "contact", "driver-install", "one-token"):
        w = GuideWizard(
            guide,
            catalogue=catalogue,
            settings=Settings(),
            lang="fr",
            now=window.now,
            token=token,
            certificate=cert,
            renewal=assessment.certificate(cert.sha256).renewal,
        )
        qtbot.addWidget(w)
        w.show()
        while True:
            assert untranslated(w, sources) == [], (guide, w.currentPage().title())
            for box in w.currentPage().findChildren(QAbstractButton, "understoodCheck"):
                box.setChecked(True)
            if w.nextId() == -1:
                break
            w.next()
    pins = snapshot_of(pin_store, catalogue, monkeypatch)
    for flags in ({"locked": True}, {"final_try": True}, {}):
        module, tok = with_pin(pins, "pin-locked", **flags)
        dialog = window.open_pin_dialog(module, tok)
        assert untranslated(dialog, sources) == [], flags
        dialog.close()
    assert MAIN_TOKEN["label"] in [c.token.label for c in window.token_cards]
