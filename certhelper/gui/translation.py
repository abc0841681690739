"""The app's language: Qt translators for our texts (resources/i18n/certhelper_<lang>.qm) and Qt's own
(buttons of standard dialogs), installed on the application and swapped when the user switches.

The sources are English; certhelper_en.ts holds only the English plural forms (%n texts), French
holds everything. Update both after changing texts: pyside6-lupdate certhelper/gui/*.py ui/*.ui -ts
resources/i18n/certhelper_fr.ts -no-obsolete, then translate the unfinished entries (Qt Linguist).
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from certhelper.paths import resources_dir

logger = logging.getLogger(__name__)

LANGUAGES = ("fr", "en")
_installed: list[QTranslator] = []


def install(lang: str) -> None:
    """Replace the translators of the running application by those of `lang` ("fr" or "en")."""
    app = QCoreApplication.instance()
    if app is None:
        return
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    QLocale.setDefault(QLocale(QLocale.Language.French if lang == "fr" else QLocale.Language.English))
    ours = QTranslator(app)
    if ours.load(str(resources_dir() / "i18n" / f"certhelper_{lang}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        logger.warning("translation %s not built: run `make translations`", lang)
    if lang == "en":
        return  # Qt's own texts are English already
    qt = QTranslator(app)
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)


def current_language() -> str:
    """The language `install` set ("fr" or "en"), for texts that come from data rather than tr()."""
    return "fr" if QLocale().language() == QLocale.Language.French else "en"


def locale_for(lang: str) -> QLocale:
    return QLocale(QLocale.Language.French if lang == "fr" else QLocale.Language.English)


_PLACE = re.compile(r"%(\d)")


def fmt(template: str, *values: object) -> str:
    """Fill Qt-style %1…%9 placeholders in one pass (PySide's tr() returns a str, without .arg())."""
    return _PLACE.sub(
        lambda m: str(values[int(m.group(1)) - 1]) if 0 < int(m.group(1)) <= len(values) else m.group(0), template
    )
