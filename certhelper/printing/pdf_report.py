"""Printing the report's HTML to a PDF file with Qt (QTextDocument + QPdfWriter), no window needed.

Used by `certhelper report --output x.pdf` and by the GUI. Without a running Qt application it
starts a QGuiApplication on the offscreen platform, so it works on a server without a display.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)


def _application() -> object:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        # A PDF needs fonts, not a screen: never fail for want of a display.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["certhelper"])
    return app


def write_pdf(html: str, path: Path, title: str = "certhelper") -> None:
    """Lay out `html` on A4 pages and write them to `path` (raises OSError when it cannot be written)."""
    _application()
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("certhelper")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15))
    )
    document = QTextDocument()
    document.setHtml(html)
    document.print_(writer)
    del writer  # the file is complete only once the writer is gone
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"{path}: the PDF could not be written")
    logger.info("PDF report written to %s", path)
