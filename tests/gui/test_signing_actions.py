"""The window's two signing actions under pytest-qt: "Tester la signature" and "Vérifier un PDF signé".

Real SoftHSM2 tokens (an RSA-2048 and an ECDSA P-256 holder), a real save dialog replaced only by
its answer (QFileDialog is modal and needs a person), and the result view of the verifier.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QGroupBox, QLineEdit, QPushButton

from certhelper.gui import background
from certhelper.gui.sign_test_dialog import SignTestDialog
from certhelper.gui.verify_dialog import VerifyDialog, _PdfDrop, pdf_from_mime
from tests.gui.conftest import snapshot_of
from tests.helpers import ROOT, Store
from tests.signing_tokens import LABEL, PIN, build_signing_store


@pytest.fixture(autouse=True)
def no_work_left_running(qtbot) -> Iterator[None]:
    """Every signature and verification a test started has ended before the next test (no race at teardown)."""
    yield
    qtbot.waitUntil(background.idle, timeout=120000)


@pytest.fixture(scope="module")
def signing(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, dict[str, str]]:
    return build_signing_store(tmp_path_factory.mktemp("gui-signing"))


def _card_target(signing, catalogue, monkeypatch, sha256: str):
    store, _ = signing
    snap = snapshot_of(store, catalogue, monkeypatch)
    [(module, token)] = [(m, t) for m, t in snap.tokens if t.label == LABEL]
    [cert] = [c for c in token.certificates if c.sha256 == sha256]
    return module, token, cert


def _save_to(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> list[str]:
    asked: list[str] = []

    def answer(parent, caption, directory, filters):  # the person picks `path` (or cancels)
        asked.append(caption)
        return (str(path) if path else "", filters)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(answer))
    return asked


@pytest.mark.parametrize("key", ["rsa_sha256", "ec_sha256"])
def test_sign_test_dialog_signs_with_a_masked_pin_and_shows_the_verification(
    key: str, qtbot, signing, catalogue, monkeypatch, tmp_path: Path
) -> None:
    module, token, cert = _card_target(signing, catalogue, monkeypatch, signing[1][key])
    out = tmp_path / "gui-test.pdf"
    asked = _save_to(monkeypatch, out)
    dialog = SignTestDialog(module, token, cert)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.pin_edit.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.sign_button.isEnabled()
    qtbot.keyClicks(dialog.pin_edit, PIN)
    assert dialog.sign_button.isEnabled()
    with qtbot.waitSignal(dialog.signed, timeout=90000) as done:
        dialog.sign_button.click()
    result = done.args[0]
    assert result.outcome == "signed" and result.path == out and asked
    assert dialog.pin_edit.text() == ""  # dropped right after use
    assert dialog.view.isVisible() and dialog.view.report is not None
    assert dialog.view.report.signatures[0].integrity == "intact"
    assert cert.holder in [b.title() for b in dialog.view.findChildren(QGroupBox)]
    if shutil.which("pdfsig"):
        assert "Signature is Valid." in subprocess.run(["pdfsig", str(out)], capture_output=True, text=True).stdout


def test_cancelling_the_save_dialog_sends_no_pin(qtbot, signing, catalogue, monkeypatch, tmp_path: Path) -> None:
    module, token, cert = _card_target(signing, catalogue, monkeypatch, signing[1]["rsa_sha256"])
    _save_to(monkeypatch, None)
    dialog = SignTestDialog(module, token, cert)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.pin_edit, "000000")
    dialog.sign()
    assert dialog.attempts == 0 and dialog.last_result is None and list(tmp_path.iterdir()) == []


def test_a_wrong_pin_in_the_dialog_writes_nothing_and_says_so(
    qtbot, signing, catalogue, monkeypatch, tmp_path: Path
) -> None:
    module, token, cert = _card_target(signing, catalogue, monkeypatch, signing[1]["rsa_sha256"])
    out = tmp_path / "never.pdf"
    _save_to(monkeypatch, out)
    dialog = SignTestDialog(module, token, cert)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.pin_edit, "000000")
    with qtbot.waitSignal(dialog.signed, timeout=90000):
        dialog.sign_button.click()
    assert dialog.last_result is not None and dialog.last_result.outcome == "incorrect"
    assert "PIN is incorrect" in dialog.result_label.text() and not out.exists()
    assert dialog.attempts == 1 and not dialog.view.isVisible()


def test_locked_or_final_try_tokens_send_nothing_without_the_box(
    qtbot, signing, catalogue, monkeypatch, tmp_path: Path
) -> None:
    module, token, cert = _card_target(signing, catalogue, monkeypatch, signing[1]["rsa_sha256"])
    _save_to(monkeypatch, tmp_path / "t.pdf")
    locked = dataclasses.replace(token, pin=dataclasses.replace(token.pin, locked=True))
    dialog = SignTestDialog(module, locked, cert)
    qtbot.addWidget(dialog)
    dialog.pin_edit.setText(PIN)
    dialog.sign()
    assert dialog.attempts == 0 and not dialog.sign_button.isEnabled()
    final = dataclasses.replace(token, pin=dataclasses.replace(token.pin, final_try=True))
    dialog = SignTestDialog(module, final, cert)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.pin_edit, PIN)
    assert dialog.confirm.isVisible() and not dialog.sign_button.isEnabled()
    dialog.sign()
    assert dialog.attempts == 0
    dialog.confirm.setChecked(True)
    assert dialog.sign_button.isEnabled()


SIGN_TEST = (sys.executable, "-m", "certhelper", "sign-test")


def _signed_pdf(signing, tmp_path: Path) -> Path:
    """A PDF signed on the token by the command line, as a holder would have it: signed once for the
    module (the dialogs only read it), each test given its own copy."""
    store, made = signing
    once = store.dir / "signed-once.pdf"  # beside the module's own token store
    if not once.exists():
        _sign_with_the_command(store, made, once)
    out = tmp_path / "signed.pdf"
    shutil.copyfile(once, out)
    return out


def _sign_with_the_command(store: Store, made: dict[str, str], out: Path) -> None:
    done = subprocess.run(
        [*SIGN_TEST, "--module", store.module, "--offline", "--output", str(out), "--certificate", made["rsa_sha256"]],
        input=PIN + "\n",
        capture_output=True,
        text=True,
        env={**os.environ, **store.env},
        cwd=ROOT,
        start_new_session=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_verify_dialog_opens_a_pdf_and_shows_each_signature(qtbot, signing, monkeypatch, tmp_path: Path) -> None:
    path = _signed_pdf(signing, tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a: (str(path), "")))
    dialog = VerifyDialog(offline=True)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.verified, timeout=60000) as done:
        dialog.open_button.click()
    report = done.args[0]
    assert report.signatures[0].integrity == "intact" and report.signatures[0].pades_level == "B-B"
    boxes = dialog.view.findChildren(QGroupBox)
    assert [b.title() for b in boxes] == [signing[1]["rsa_holder"]]
    assert "intact, with warnings" in dialog.view.verdict_label.text()


def test_dropping_a_pdf_on_the_verify_dialog_verifies_it(qtbot, signing, tmp_path: Path) -> None:
    path = _signed_pdf(signing, tmp_path)
    data = bytearray(path.read_bytes())
    data[data.index(b"Test document") if b"Test document" in data else data.index(b"Document de test")] ^= 1
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(broken))])
    assert pdf_from_mime(mime) == broken
    other = QMimeData()
    other.setUrls([QUrl.fromLocalFile(str(tmp_path / "notes.txt"))])
    assert pdf_from_mime(other) is None
    dialog = VerifyDialog(offline=True)
    qtbot.addWidget(dialog)
    dialog.show()
    event = QDropEvent(
        QPointF(QPoint(10, 10)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(dialog.verified, timeout=60000) as done:
        dialog.dropEvent(event)
    assert done.args[0].verdict == "broken"
    assert "broken" in dialog.view.verdict_label.text()


def test_both_dialogs_speak_french_with_a_verify_result_shown(
    qtbot, signing, catalogue, monkeypatch, tmp_path: Path, lang_fr
) -> None:
    from tests.gui.test_french import english_sources, untranslated

    sources = english_sources()
    module, token, cert = _card_target(signing, catalogue, monkeypatch, signing[1]["rsa_sha256"])
    final = dataclasses.replace(token, pin=dataclasses.replace(token.pin, final_try=True))
    sign = SignTestDialog(module, final, cert)
    qtbot.addWidget(sign)
    sign.show()
    assert sign.windowTitle() == "Tester la signature"
    assert untranslated(sign, sources) == []
    path = _signed_pdf(signing, tmp_path)
    dialog = VerifyDialog(offline=True)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.verified, timeout=60000):
        dialog.verify(path)
    assert dialog.windowTitle() == "Vérifier un PDF signé"
    assert "Les signatures sont intactes" in dialog.view.verdict_label.text()
    assert untranslated(dialog, sources) == []


# ---- the hooks in the main window: a button per certificate card, a window action, PDF drops -----


def test_the_card_button_signs_and_a_pdf_dropped_on_the_window_is_verified(
    qtbot, make_window, signing, catalogue, monkeypatch, tmp_path: Path, lang_fr
) -> None:
    from certhelper.core.tokens.discovery import Candidate
    from certhelper.gui.sign_test_dialog import SignTestDialog as Dialog

    store, made = signing
    window = make_window("fr", [Candidate(store.module, "option")])
    window.show_snapshot(snapshot_of(store, catalogue, monkeypatch))
    qtbot.waitUntil(lambda: bool(window.token_cards), timeout=20000)
    cards = {c.certificate.sha256: c for t in window.token_cards for c in t.certificate_cards}
    card = cards[made["rsa_sha256"]]
    assert card.sign_test_button is not None and card.sign_test_button.text() == "Tester la signature…"
    out = tmp_path / "from-card.pdf"
    _save_to(monkeypatch, out)
    card.sign_test_button.click()
    [dialog] = [d for d in window.findChildren(Dialog) if d.isVisible()]
    qtbot.keyClicks(dialog.pin_edit, PIN)
    with qtbot.waitSignal(dialog.signed, timeout=90000) as done:
        dialog.sign_button.click()
    assert done.args[0].outcome == "signed" and out.exists()

    assert window.verify_action.text() == "Vérifier un PDF signé…"
    assert window.findChild(QPushButton, "verifyPdfButton") is not None
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(out))])
    event = QDropEvent(
        QPointF(QPoint(20, 20)),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # Qt delivers drops only during a real drag (no drag manager offscreen): the window's filter gets it directly.
    [drops] = window.findChildren(_PdfDrop)
    assert window.acceptDrops() and drops.eventFilter(window, event)
    [verify] = window.findChildren(VerifyDialog)
    qtbot.waitUntil(lambda: verify.view.report is not None, timeout=60000)
    assert verify.view.report.signatures[0].integrity == "intact"


def test_a_card_without_a_usable_key_has_no_sign_button(qtbot, make_window, main_store, catalogue, monkeypatch) -> None:
    from certhelper.core.tokens.discovery import Candidate

    window = make_window("en", [Candidate(main_store.module, "option")])
    window.show_snapshot(snapshot_of(main_store, catalogue, monkeypatch))
    qtbot.waitUntil(lambda: bool(window.token_cards), timeout=20000)
    buttons = {c.holder_label.text(): c.sign_test_button for c in window.token_cards[0].certificate_cards}
    assert buttons["Hélène LE GOFF"] is not None
    assert buttons["Anne KERHERVÉ"] is None  # key on the token does not match the certificate
    assert buttons["Loïc MORVAN"] is None  # no key at all


def test_deleting_the_verify_dialog_while_it_works_does_not_abort_the_app(qtbot, signing, tmp_path: Path) -> None:
    """A dialog closed and destroyed mid-verification (window closed): the work ends, its result goes nowhere.

    With a QThread child of the dialog, this deletion aborted the process ("Destroyed while thread is
    still running").
    """
    import gc

    import shiboken6

    path = _signed_pdf(signing, tmp_path)
    dialog = VerifyDialog(offline=True)
    dialog.show()
    dialog.verify(path)
    assert not background.idle()  # still verifying
    shiboken6.delete(dialog)  # the C++ dialog is gone at once, as when its window is destroyed
    del dialog
    gc.collect()
    qtbot.waitUntil(background.idle, timeout=60000)
    qtbot.wait(50)  # the queued result is delivered to nobody
