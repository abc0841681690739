"""Render the hicolor icon set from resources/icons/certhelper.svg with Qt's SVG renderer.

`python packaging/render_icons.py` writes resources/icons/hicolor/{scalable,NxN}/apps/<APP_ID>.{svg,png};
the PNGs are committed (no renderer needed at install time) and tests/test_desktop_files.py checks
they are current.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from certhelper.core.workstation.desktop_entry import APP_ID, ICON_SIZES  # noqa: E402

SOURCE = ROOT / "resources" / "icons" / "certhelper.svg"
HICOLOR = ROOT / "resources" / "icons" / "hicolor"


def render(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SOURCE)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.instance() or QGuiApplication(["render_icons", "-platform", "offscreen"])
    scalable = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    for size in ICON_SIZES:
        target = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(render(size))
        print(target.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
