"""The command line's texts: `Text(lang)(msgid, **params)` over the gettext catalogues (certhelper.messages).

Message ids are the English texts; French in resources/i18n/cli/fr/LC_MESSAGES/certhelper.po. The
class lives one floor down so the tray (GUI) shares it without importing the command line.
"""

from __future__ import annotations

from certhelper.messages import MONTHS, Text, french_table, translation

__all__ = ["MONTHS", "Text", "french_table", "translation"]
