"""The window and the tray render the one Assessment and decide nothing (issue 10).

`window_renewals` and `tray_tooltip` are what the cross-front-end agreement test
(tests/test_front_ends_agree.py) reads from the GUI: {sha256: (renewal state, date text)} for the
window's cards, and the tray's tooltip. Here: the same scenarios on real SoftHSM2 tokens, the key
mismatch that must not be green, a hanging revocation responder that must not freeze the window,
drivers detected once per change off the GUI thread, the verdict's plurals, and 1366×768.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QScrollArea

from certhelper.core.assessment.findings import Finding
from certhelper.core.assessment.model import Assessment, KeyMatch, Renewal, Severity
from certhelper.core.errors import ModuleError
from certhelper.core.model import Module, Snapshot
from certhelper.core.settings import Settings
from certhelper.core.tokens.discovery import Candidate
from certhelper.core.trust.model import Revocation, RevocationStatus, Trust
from certhelper.gui.dates import day_text
from certhelper.gui.verdict import Verdict
from tests.gui.conftest import shown, snapshot_of
from tests.helpers import MAIN_TOKEN, Store, build_store


# -- what the agreement test reads from the GUI ------------------------------------------------
def window_renewals(window) -> dict[str, tuple[str, str]]:
    """{certificate SHA-256: (renewal state, end date as written)} for every certificate card shown."""
    return {
        card.certificate.sha256: (str(card.renewal_state), card.date_text)
        for token in window.token_cards
        for card in token.certificate_cards
    }


def tray_tooltip(assessment: Assessment, lang: str, store_path: Path, settings: Settings | None = None) -> str:
    """The tray's tooltip for `assessment` (nothing remembered beyond it)."""
    from certhelper.gui.tray import TrayController

    tray = TrayController(lang=lang, settings=settings or Settings(), now=lambda: assessment.now, store_path=store_path)
    tray.on_assessment(assessment)
    return tray.icon.toolTip()


def _soft(store: Store) -> Candidate:
    return Candidate(store.module, "option", "SoftHSM2", "softhsm2")


TEN_DAYS = {**MAIN_TOKEN["objects"][1], "id": "10", "label": "Dix jours", "given_name": "Nolwenn", "days_left": 10}


@pytest.fixture(scope="module")
def ten_days_store(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A certificate 10 days from its end: with 21 days of delivery, the order date is long past."""
    return build_store(tmp_path_factory.mktemp("ten-days"), [{"label": "Clé Nolwenn", "objects": [TEN_DAYS]}])


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("scenario", ["main", "ten-days"])
def test_the_window_and_the_tray_say_what_the_assessment_says(
    make_window, main_store, ten_days_store, catalogue, monkeypatch, qtbot, tmp_path, lang, scenario
) -> None:
    store = main_store if scenario == "main" else ten_days_store
    window = make_window(lang, [_soft(store)])
    assessment = shown(window, snapshot_of(store, catalogue, monkeypatch), qtbot)
    holders = [c for c in assessment.certificates if not c.certificate.is_ca]
    assert window_renewals(window) == {
        c.certificate.sha256: (str(c.renewal.state), day_text(c.renewal.not_after, lang)) for c in holders
    }
    tip = tray_tooltip(assessment, lang, tmp_path / "remembered.json")
    words = Verdict()
    assert (
        tip.splitlines()[0]
        == "certhelper — " + window.summary.text()
        == "certhelper — " + words.sentence(assessment)[0]
    )
    for card in (card for token in window.token_cards for card in token.certificate_cards):
        renewal = card.assessed.renewal
        shown_text = " ".join(label.text() for label in card.findChildren(QLabel))
        if renewal.order_today:  # never a past date as the day to order by: "today"
            assert day_text(renewal.order_by, lang) not in shown_text or renewal.order_by == assessment.now.date()
            if card.level != "ok":
                assert ("aujourd'hui" if lang == "fr" else "today") in card.advice_text
    if scenario == "ten-days":
        (only,) = holders
        assert only.renewal.order_today and only.renewal.state == Renewal.ORDER_NOW
        assert ("aujourd'hui" if lang == "fr" else "today") in tip.splitlines()[1]
        assert day_text(only.renewal.order_by, lang) not in tip


def test_a_certificate_whose_key_does_not_match_never_gets_a_green_card(
    make_window, main_store, catalogue, monkeypatch, qtbot, lang_fr
) -> None:
    window = make_window("fr", [_soft(main_store)])
    assessment = shown(window, snapshot_of(main_store, catalogue, monkeypatch), qtbot)
    mismatched = [c for c in assessment.certificates if c.key == KeyMatch.MISMATCH]
    assert mismatched, "the main token holds a certificate whose key does not match"
    cards = {c.certificate.sha256: c for t in window.token_cards for c in t.certificate_cards}
    for assessed in mismatched:
        card = cards[assessed.certificate.sha256]
        assert assessed.severity in (Severity.CRITICAL, Severity.WARNING)
        assert card.level != "ok" and card.property("level") != "ok"
        assert any("ne correspond pas" in n.text() for n in card.notes)
    # and the finding says whose certificate it is, on which token
    rows = [row for row in window.findings_view.rows if row.finding.certificate in cards]
    said = [f"{row.title.text()} / {row.about.text()}" for row in rows]
    assert any("Anne KERHERVÉ" in text and MAIN_TOKEN["label"] in text for text in said), said


@pytest.fixture
def hanging_responder() -> Iterator[tuple[str, threading.Event]]:
    """A server on 127.0.0.1 that accepts connections and never answers (a dead OCSP responder)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    release = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        server.settimeout(0.2)
        while not release.is_set():
            try:
                conn, _ = server.accept()
                held.append(conn)  # accepted, never answered
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    host, port = server.getsockname()
    yield f"http://{host}:{port}/ocsp", release
    release.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


def test_a_hanging_responder_leaves_the_window_painted_and_responsive(
    make_window, main_store, catalogue, monkeypatch, qtbot, hanging_responder, lang_en
) -> None:
    url, release = hanging_responder
    host, port = url.split("//")[1].split("/")[0].split(":")

    def evaluate(snapshot: Snapshot, now: dt.datetime) -> dict[str, Trust]:
        """Ask the responder, as core.trust would: the request hangs until the test releases it."""
        with socket.create_connection((host, int(port)), timeout=30) as conn:
            conn.sendall(b"POST /ocsp HTTP/1.0\r\n\r\n")
            conn.settimeout(0.1)
            while not release.is_set():
                try:
                    if not conn.recv(1):
                        break
                except TimeoutError:
                    continue
        good = Trust(revocation=Revocation(RevocationStatus.GOOD, source="ocsp", url=url, checked_at=now))
        return {c.sha256: good for _, c in snapshot.certificates}

    window = make_window("en", [_soft(main_store)], trust=evaluate)
    assessment = shown(window, snapshot_of(main_store, catalogue, monkeypatch), qtbot)
    # painted with the cards while the responder hangs; each card says revocation is being checked
    assert window.token_cards and window.source.pending
    checking = [c.revocation_text for t in window.token_cards for c in t.certificate_cards]
    assert checking and all(text == "Revocation: checking…" for text in checking)
    assert all(c.trust.revocation.status == RevocationStatus.NOT_CHECKED for c in assessment.certificates)
    # the event loop keeps running: a timer fires on time, the language combo answers
    fired: list[bool] = []
    QTimer.singleShot(50, lambda: fired.append(True))
    qtbot.waitUntil(lambda: bool(fired), timeout=1000)
    window.language_combo.setFocus()
    assert window.isVisible() and window.source.pending
    release.set()  # the responder finally answers: judged again with the trust results
    qtbot.waitUntil(lambda: not window.source.pending, timeout=10000)
    qtbot.waitUntil(
        lambda: all(c.trust.revocation.status == RevocationStatus.GOOD for c in window.assessment.certificates),
        timeout=10000,
    )
    texts = [c.revocation_text for t in window.token_cards for c in t.certificate_cards]
    assert texts and all(text == "Revocation: not revoked." for text in texts)


def test_drivers_are_detected_once_per_change_off_the_gui_thread(
    make_window, main_store, catalogue, monkeypatch, qtbot
) -> None:
    from certhelper.core.workstation.drivers import detect_drivers

    threads: list[str] = []

    def detect():
        threads.append(threading.current_thread().name)
        return detect_drivers(catalogue)

    window = make_window("en", [_soft(main_store)])
    window.source.detect = detect
    snap = snapshot_of(main_store, catalogue, monkeypatch)
    shown(window, snap, qtbot)
    for _ in range(3):  # the worker sends the same modules every second: no new detection, no new judgement
        window.show_snapshot(dataclasses.replace(snap, taken_at=snap.taken_at + dt.timedelta(seconds=1)))
    qtbot.wait(200)
    assert len(threads) == 1 and threads[0] != threading.main_thread().name
    extra = Module("/opt/vendor/libgone.so", "option", error=ModuleError("not-found"))
    moved = dataclasses.replace(snap, modules=(*snap.modules, extra))  # a module appears: a change
    shown(window, moved, qtbot)
    assert len(threads) == 2 and threading.main_thread().name not in threads


def test_the_verdict_has_real_plurals_in_french(
    make_window, main_store, catalogue, monkeypatch, qtbot, lang_fr
) -> None:
    window = make_window("fr", [_soft(main_store)])
    assessment = shown(window, snapshot_of(main_store, catalogue, monkeypatch), qtbot)
    words = Verdict()
    warning = next(f for f in assessment.findings if f.severity in ("critical", "warning"))
    one = dataclasses.replace(assessment, findings=(warning,))
    none = dataclasses.replace(assessment, findings=(), severity=Severity.OK)
    two = dataclasses.replace(assessment, findings=(warning, warning))
    assert words.sentence(none)[0] == "Tout est en ordre."
    assert words.sentence(one)[0] == "1 point demande votre attention."
    assert words.sentence(two)[0] == "2 points demandent votre attention."
    assert "(s)" not in window.summary.text()


def test_library_text_only_under_details(make_window, main_store, catalogue, monkeypatch, qtbot, lang_fr) -> None:
    window = make_window("fr", [_soft(main_store)])
    assessment = shown(window, snapshot_of(main_store, catalogue, monkeypatch), qtbot)
    raw = "error parsing asn1 value: ParseError { kind: InvalidLength }"
    serial = assessment.tokens[0].token.serial
    finding = Finding("token-read-error", "warning", token=serial, params={"reason": raw}, guide="contact")
    window.show_assessment(dataclasses.replace(assessment, findings=(finding,)))
    (row,) = window.findings_view.rows
    assert row.details is not None and row.details.toggle.text() == "Détails"
    assert row.details.text() == raw and row.details.body.isHidden()
    assert raw not in row.title.text()
    row.details.toggle.click()
    assert row.details.toggle.isChecked() and not row.details.body.isHidden()


def test_the_verdict_and_the_cards_are_visible_without_scrolling_at_1366x768(
    make_window, main_store, catalogue, monkeypatch, qtbot, lang_fr
) -> None:
    window = make_window("fr", [_soft(main_store)])
    window.resize(1000, 706)  # what the window takes on a 1366×768 screen (92 % of the free height)
    shown(window, snapshot_of(main_store, catalogue, monkeypatch), qtbot)
    qtbot.wait(50)
    scroll = window.form.findChild(QScrollArea, "scrollArea")
    assert scroll.verticalScrollBar().value() == 0
    summary = window.summary
    assert summary.mapTo(window, summary.rect().topLeft()).y() < 80  # the verdict is the first line
    height = scroll.viewport().height()
    for card in (c for t in window.token_cards for c in t.certificate_cards):
        bottom = card.mapTo(scroll.viewport(), card.rect().bottomLeft()).y()
        assert bottom <= height, (card.certificate.holder, bottom, height)


def test_core_trust_against_a_dead_responder_leaves_the_window_responsive(
    make_window, catalogue, monkeypatch, qtbot, hanging_responder, tmp_path, lang_en
) -> None:
    """The real core.trust evaluation, the certificate's OCSP and CRL URLs on a server that never answers."""
    pytest.importorskip("certhelper.core.trust.evaluate", reason="core.trust (issue 11) cannot be imported yet")
    url, _release = hanging_responder
    holder = {**MAIN_TOKEN["objects"][0], "ocsp_url": url, "crl_url": url.replace("/ocsp", "/crl")}
    objects = [holder, {"kind": "ca", "which": "issuing"}, {"kind": "ca", "which": "root"}]  # a chain to walk
    store = build_store(tmp_path / "dead-responder", [{"label": "Clé injoignable", "objects": objects}])
    monkeypatch.delenv("CERTHELPER_OFFLINE", raising=False)
    # Each request given up after 0.5 s (README: CERTHELPER_REVOCATION_TIMEOUT), not the default 4 s: the
    # window must stay usable for as long as the responder hangs, however long that is.
    monkeypatch.setenv("CERTHELPER_REVOCATION_TIMEOUT", "0.5")
    window = make_window("en", [_soft(store)], trust=True)  # core.trust.evaluate.evaluate_trust
    started = dt.datetime.now()
    shown(window, snapshot_of(store, catalogue, monkeypatch), qtbot)
    assert window.source.pending and (dt.datetime.now() - started).total_seconds() < 10
    (card,) = window.token_cards[0].certificate_cards
    assert card.revocation_text == "Revocation: checking…" and "Revocation: checking…" in card.trust_label.text()
    fired: list[bool] = []
    QTimer.singleShot(50, lambda: fired.append(True))
    qtbot.waitUntil(lambda: bool(fired), timeout=1000)  # the event loop runs while the responder hangs
    qtbot.waitUntil(lambda: not window.source.pending, timeout=60000)  # core.trust's timeouts end the wait
    (card,) = window.token_cards[0].certificate_cards
    assert card.revocation_text != "Revocation: checking…"
