"""The README's screenshot of "Vérifier un PDF signé", in French, under Xvfb:
xvfb-run -a -s "-screen 0 1400x1000x24" .venv/bin/python scripts/screenshot_verify.py

Builds the demo token in a temp dir, signs the test document on it with `certhelper sign-test`
(PIN on standard input, as a script would), opens the verify dialog on the result and saves it to
docs/screenshots/verify-result.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "screenshots" / "verify-result.png"


def main() -> int:
    from PySide6.QtCore import QEventLoop, QTimer

    from certhelper.demo.run import build_demo_store, use_store
    from certhelper.gui import translation
    from certhelper.gui.app import application
    from certhelper.gui.verify_dialog import VerifyDialog

    work = Path(tempfile.mkdtemp(prefix="certhelper-verify-shot-"))
    made = build_demo_store(work / "demo")
    use_store(made)
    signed = work / "test-signature.pdf"
    token = made["tokens"][0]
    proc = subprocess.run(
        [sys.executable, "-m", "certhelper", "sign-test", "--offline", "--lang", "fr", "--output", str(signed)],
        input=token["pin"] + "\n",
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        cwd=ROOT,
        check=False,
    )
    if proc.returncode != 0:
        print(proc.stderr, file=sys.stderr)
        return 1
    application()
    translation.install("fr")
    dialog = VerifyDialog(offline=True)
    dialog.resize(640, 640)
    dialog.show()
    done: list[object] = []
    dialog.verified.connect(done.append)
    dialog.verify(signed)
    for _ in range(300):
        if done:
            break
        loop = QEventLoop()
        QTimer.singleShot(100, loop.quit)
        loop.exec()
    loop = QEventLoop()
    QTimer.singleShot(500, loop.quit)
    loop.exec()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(OUT))
    print(OUT)
    return 0 if done else 1


if __name__ == "__main__":
    sys.exit(main())
