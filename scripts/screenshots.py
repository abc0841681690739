"""The README's screenshots, in French, under Xvfb on a 1366×768 screen: `make screenshots`
(xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py).

Builds the demo token in a temp dir, opens the real app on it (scan worker included), waits for the
token's Assessment to be shown (revocation answers included, or given up after a few seconds), then
saves the main window at the size it takes on that screen, and the renewal wizard, to docs/screenshots/.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from certhelper.demo.run import build_demo_store, use_store
    from certhelper.gui.app import App, application

    made = build_demo_store(Path(tempfile.mkdtemp(prefix="certhelper-shots-")) / "demo")
    use_store(made)
    application()
    controller = App(argparse.Namespace(module=None, lang="fr", tray=False))
    controller.start()

    def wait_for(condition, seconds: float = 30.0) -> bool:
        loop_ms = 100
        for _ in range(int(seconds * 1000 / loop_ms)):
            if condition():
                return True
            loop = QEventLoop()
            QTimer.singleShot(loop_ms, loop.quit)
            loop.exec()
        return condition()

    window = controller.window
    if not wait_for(lambda: bool(controller.window.token_cards)):  # type: ignore[union-attr]
        print("the demo token did not appear", file=sys.stderr)
        return 1
    window = controller.window
    wait_for(lambda: not controller.source.pending, 10.0)  # revocation checked (the demo has no responder)
    wait_for(lambda: False, 1.0)
    OUT.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT / "main-window.png"))  # type: ignore[union-attr]
    card = window.token_cards[0].certificate_cards  # type: ignore[union-attr]
    expiring = min(card, key=lambda c: abs(c.certificate.days_left(controller.now()) - 15))
    wizard = window.open_guide("renewal", window.token_cards[0].token, expiring.certificate)  # type: ignore[union-attr]
    wizard.resize(760, 520)
    wait_for(lambda: False, 0.5)
    wizard.grab().save(str(OUT / "renewal-wizard.png"))
    wizard.next()
    wizard.next()
    wizard.next()
    wizard.next()
    wait_for(lambda: False, 0.5)
    wizard.grab().save(str(OUT / "renewal-contacts.png"))
    for name in ("main-window.png", "renewal-wizard.png", "renewal-contacts.png"):
        print(OUT / name)
    controller.stop()
    QApplication.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
