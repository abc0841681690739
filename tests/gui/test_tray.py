"""The tray icon under pytest-qt (offscreen): its colour is the Assessment's severity (and the remembered
certificates' when unplugged), its tooltip the window's verdict, its menu works and follows a language
switch, notifications go out once per reminder step, and a desktop without a tray gets the window."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QSystemTrayIcon

from certhelper.core.assessment.model import Severity
from certhelper.core.reminders.store import Remembered, Store, load_store, save_store
from certhelper.core.settings import Settings
from certhelper.gui.tray import COLOURS, TrayController
from tests.helpers import EXPIRING_IN_20_DAYS, build_store
from tests.helpers import Store as SoftStore

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def remembered(days_left: float, sha: str = "a", holder: str = "Yannick LE BIHAN") -> Remembered:
    not_after = NOW + dt.timedelta(days=days_left, hours=2)
    return Remembered(sha * 64, holder, "Commune de Plérin", "CN=CA3", not_after, "RGS**", "7", "Clé", NOW, NOW)


def tray_for(path: Path, *certs: Remembered, lang: str = "en", **kwargs: object) -> TrayController:
    save_store(Store(certs), path)
    return TrayController(lang=lang, settings=Settings(), now=lambda: NOW, store_path=path, **kwargs)  # type: ignore[arg-type]


def centre_colour(tray: TrayController) -> str:
    image = tray.icon.icon().pixmap(64, 64).toImage()
    return QColor(image.pixel(32, 32)).name()


def test_acceptance_act_now_for_a_certificate_expiring_in_20_days(qtbot: object, tmp_path: Path, lang_en) -> None:
    """20 days left, 21 days of delivery + 7 of margin: the order date is past, so the texts say "today"."""
    tray = tray_for(tmp_path / "certificates.json", remembered(20))
    assert tray.state == Severity.CRITICAL
    assert centre_colour(tray) == COLOURS[Severity.CRITICAL]
    past_order_by = (remembered(20).not_after - dt.timedelta(days=28)).date()
    tip = tray.icon.toolTip()
    assert "Yannick LE BIHAN: ends on 22 March 2026, order the new certificate today" in tip, tip
    assert f"{past_order_by.day} February 2026" not in tip  # a past date is never the day to order by
    tray.check_reminders()
    assert [title for title, _ in tray.sent] == ["Time to renew your certificate"]
    text = tray.sent[0][1]
    assert "(20 days left)" in text and "Order the new one today: delivery takes 21 days." in text, text
    assert "February" not in text and "about 3 weeks" not in text
    tray.check_reminders()
    assert len(tray.sent) == 1  # once per step, not every hour


def test_expired_this_morning_is_expired_not_zero_days_left(qtbot: object, tmp_path: Path, lang_en) -> None:
    """The one rule (core.renewal): past not_after is EXPIRED, even on the same calendar day (0 days left)."""
    gone = remembered(-0.3)  # ended at 03:48 UTC today: 0 calendar days left, but expired
    tray = tray_for(tmp_path / "c.json", gone)
    [item] = tray.schedule()
    assert item.days_left == 0
    assert "expired on 2 March 2026, order a new certificate today" in tray.icon.toolTip(), tray.icon.toolTip()
    assert tray.notice_text(item) == "Yannick LE BIHAN: the certificate has expired. Order a new one today."


def test_reminders_go_to_the_balloon_when_no_notification_service_runs(
    qtbot: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang_en
) -> None:
    """No session bus: DesktopNotifications says so and the tray keeps its own balloon (showMessage)."""
    from certhelper.gui.notifications import DesktopNotifications

    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    balloons: list[str] = []
    monkeypatch.setattr(QSystemTrayIcon, "isVisible", lambda self: True)
    monkeypatch.setattr(QSystemTrayIcon, "showMessage", lambda self, title, *a: balloons.append(title))
    tray = tray_for(tmp_path / "c.json", remembered(20), notifications=DesktopNotifications())
    tray.check_reminders()
    assert balloons == ["Time to renew your certificate"] and tray.desktop_sent == {}
    assert [key for key, _ in tray.reminder_actions()] == ["order", "later"]


def test_the_delivery_time_is_the_setting_not_a_fixed_three_weeks(qtbot: object, tmp_path: Path, lang_en) -> None:
    save_store(Store((remembered(60),)), tmp_path / "c.json")
    settings = Settings(lead_time_days=45, reminder_days=(60,))
    tray = TrayController(lang="en", settings=settings, now=lambda: NOW, store_path=tmp_path / "c.json")
    tray.check_reminders()
    ((_, text),) = tray.sent
    assert "delivery takes 45 days" in text and "Order the new one by 26 December 2025" not in text, text


@pytest.mark.parametrize(
    ("days_left", "state"),
    [(200, Severity.OK), (60, Severity.WARNING), (29, Severity.WARNING), (3, Severity.CRITICAL)],
)
def test_the_icon_colour_says_the_worst_state(qtbot: object, tmp_path: Path, days_left: int, state: str) -> None:
    tray = tray_for(tmp_path / "c.json", remembered(400, "b", "Hélène LE GOFF"), remembered(days_left))
    assert tray.state == state and centre_colour(tray) == COLOURS[state]


def test_an_empty_store_is_all_good(qtbot: object, tmp_path: Path) -> None:
    tray = tray_for(tmp_path / "c.json")
    assert tray.state == Severity.OK and centre_colour(tray) == COLOURS[Severity.OK]
    tray.check_reminders()
    assert tray.sent == []


def test_the_menu_in_french(qtbot: object, tmp_path: Path, lang_fr) -> None:
    tray = tray_for(tmp_path / "c.json", remembered(20), lang="fr")
    texts = [a.text() for a in tray.menu.actions() if not a.isSeparator()]
    assert texts == [
        "Ouvrir certhelper",
        "Vérifier maintenant",
        "Guide de renouvellement",
        "Me le rappeler plus tard",
        "Lancer à l'ouverture de ma session",
        "Quitter",
    ]
    assert [a.text() for a in tray.snooze_menu.actions()] == ["Dans un jour", "Dans une semaine"]
    assert "Yannick LE BIHAN\u00a0: se termine le 22 mars 2026, commandez le nouveau certificat aujourd'hui" in (
        tray.icon.toolTip()
    )


def test_the_tray_follows_a_language_switch(qtbot: object, tmp_path: Path) -> None:
    from certhelper.gui import translation

    translation.install("en")
    tray = tray_for(tmp_path / "c.json", remembered(20), lang="en")
    assert tray.open_action.text() == "Open certhelper" and "order the new certificate today" in tray.icon.toolTip()
    try:
        translation.install("fr")  # what App does when the language is switched in the window
        tray.set_language("fr")
        assert tray.open_action.text() == "Ouvrir certhelper"
        assert "commandez le nouveau certificat aujourd'hui" in tray.icon.toolTip()
    finally:
        translation.install("en")


def test_snooze_from_the_menu(qtbot: object, tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    tray = tray_for(path, remembered(20))
    assert tray.snooze_menu.isEnabled()
    tray.snooze_week.trigger()
    assert not tray.snooze_menu.isEnabled()
    state = load_store(path).state("a" * 64)
    assert state.snoozed_until == NOW + dt.timedelta(days=7)
    tray.check_reminders()
    assert tray.sent == []  # snoozed: no notification
    assert tray.state == Severity.CRITICAL  # the colour still tells the truth


def test_opening_the_renewal_guide_acknowledges_the_step(qtbot: object, tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    opened: list[str] = []

    class Window:  # what open_window returns: here a stand-in recording the guide asked for
        def open_guide(self, guide_id: str) -> str:
            opened.append(guide_id)
            return guide_id

    tray = tray_for(path, remembered(20), open_window=Window)
    tray.guide_action.trigger()
    assert opened == ["renewal"]
    assert load_store(path).state("a" * 64).acknowledged == ("daily-20",)
    tray.check_reminders()
    assert tray.sent == []


def test_the_renewal_guide_opens_in_the_real_main_window(qtbot: object, tmp_path: Path) -> None:
    from certhelper.core.guidance import catalogue
    from certhelper.gui.main_window import MainWindow

    cat = catalogue.load()
    window = MainWindow(catalogue=cat, settings=Settings(), lang="en", candidates=[], trust=False, now=lambda: NOW)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    tray = tray_for(tmp_path / "c.json", remembered(20), open_window=lambda: window)
    wizard = tray.open_renewal_guide()
    assert wizard is not None and wizard.windowTitle() == "Renew my certificate"  # type: ignore[attr-defined]
    wizard.close()  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def expiring_token(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> SoftStore:
    return build_store(
        tmp_path_factory.mktemp("tray-token"), [{"label": "Clé Yannick", "objects": [EXPIRING_IN_20_DAYS]}]
    )


def test_a_plugged_token_is_remembered_and_its_problem_notified(
    qtbot: object, tmp_path: Path, expiring_token: SoftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real scan worker reads a real SoftHSM2 token whose certificate ends in 20 days."""
    from certhelper.core.guidance import catalogue
    from certhelper.core.tokens.discovery import Candidate
    from certhelper.core.workstation.drivers import detect_drivers
    from certhelper.gui.assessment_source import AssessmentSource
    from certhelper.gui.scan_client import ScanClient
    from certhelper.gui.verdict import Verdict

    monkeypatch.setenv("SOFTHSM2_CONF", str(expiring_token.conf))
    cat = catalogue.load()
    now = dt.datetime.now(dt.UTC)
    client = ScanClient([Candidate(expiring_token.module, "option")], interval=1.0)
    source = AssessmentSource(
        catalogue=cat, settings=Settings(), now=lambda: now, detect=lambda: detect_drivers(cat), trust=False
    )
    path = tmp_path / "certificates.json"
    tray = TrayController(
        lang="en", settings=Settings(), now=lambda: now, source=source, client=client, store_path=path
    )
    assert tray.state == Severity.OK  # nothing remembered yet
    try:
        with qtbot.waitSignal(tray.stateChanged, timeout=60000):  # type: ignore[attr-defined]
            tray.start()
    finally:
        client.stop()
    assert tray.state == source.assessment.severity and tray.state != Severity.OK
    assert centre_colour(tray) == COLOURS[tray.state]
    (cert,) = load_store(path).certificates
    assert cert.holder == "Yannick LE BIHAN" and cert.token_label == "Clé Yannick"
    titles = [title for title, _ in tray.sent]
    assert "Token plugged: something needs your attention" in titles
    assert "Time to renew your certificate" in titles
    words = Verdict()
    # the tooltip is the window's verdict sentence, then the certificate to renew first
    assert tray.icon.toolTip().splitlines() == [
        "certhelper — " + words.sentence(source.assessment)[0],
        words.soonest(source.assessment, "en"),
    ]
    assert source.detections == 1  # the drivers were detected once for this token, not on every render


def test_without_a_notification_area_the_window_opens(
    qtbot: object, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from certhelper.gui.tray import start_tray

    assert not QSystemTrayIcon.isSystemTrayAvailable()  # offscreen has no tray: the real fallback path
    monkeypatch.setenv("CERTHELPER_PKCS11_MODULE", "/nonexistent/libnothing.so")
    args = argparse.Namespace(module=None, lang="en", tray=True, timeout=20.0)
    app = start_tray(args)
    try:
        assert "no notification area: the window opens instead" in capsys.readouterr().err
        window = app.window  # type: ignore[attr-defined]
        assert window is not None and window.isVisible()
        qtbot.addWidget(window)  # type: ignore[attr-defined]
    finally:
        app.stop()  # type: ignore[attr-defined]
