"""GUI fixtures: the real window on real SoftHSM2 tokens, French or English, offscreen."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Snapshot
from certhelper.core.settings import Settings
from certhelper.core.tokens.discovery import Candidate
from certhelper.core.tokens.scan import take_snapshot
from certhelper.core.workstation.drivers import detect_drivers
from tests.helpers import MAIN_TOKEN, Store, build_store


@pytest.fixture(scope="module", autouse=True)
def garbage_collected_in_the_gui_thread(qapp) -> Iterator[None]:
    """As in the app (gui.app.application): background threads never run Python's cyclic collection,
    which would destroy Qt objects outside the GUI thread and crash the test worker.

    One collector for a module's tests, as the app keeps one for its life: starting and stopping it runs a
    full collection each time (~30 ms in a test worker), which per test cost some 4 CPU-s a run."""
    from certhelper.gui.background import GuiThreadGarbageCollector

    collector = GuiThreadGarbageCollector(qapp)
    yield
    collector.stop()
    collector.deleteLater()


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return catalogue_mod.load([])


@pytest.fixture
def lang_fr(qapp) -> Iterator[str]:
    from certhelper.gui import translation

    translation.install("fr")
    yield "fr"
    translation.install("en")


@pytest.fixture
def lang_en(qapp) -> Iterator[str]:
    from certhelper.gui import translation

    translation.install("en")
    yield "en"


def snapshot_of(store: Store, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch) -> Snapshot:
    """A real scan of `store` (in a child process, as the CLI does)."""
    monkeypatch.setenv("SOFTHSM2_CONF", str(store.conf))
    return take_snapshot([Candidate(store.module, "option", "SoftHSM2", "softhsm2")], catalogue)


@pytest.fixture
def make_window(qtbot, catalogue: Catalogue, tmp_path: Path) -> Callable[..., object]:
    """A MainWindow fed by hand (no worker) or by a ScanClient, registered with qtbot.

    Revocation is not checked unless a test passes `trust` (no network in tests); the certificates
    seen are remembered in a temporary store, never the user's.
    """
    from certhelper.gui import translation
    from certhelper.gui.main_window import MainWindow

    def make(
        lang: str,
        candidates: list[Candidate],
        client: object | None = None,
        now: dt.datetime | None = None,
        settings: Settings | None = None,
        trust: object = False,
    ):
        translation.install(lang)  # as the app does before it builds the window
        window = MainWindow(
            catalogue=catalogue,
            settings=settings or Settings(),
            lang=lang,
            candidates=candidates,
            detect=lambda: detect_drivers(catalogue),
            trust=trust,  # type: ignore[arg-type]
            now=(lambda: now) if now else (lambda: dt.datetime.now(dt.UTC)),
            client=client,
            store_path=tmp_path / "remembered.json",
        )
        qtbot.addWidget(window)
        window.show()
        return window

    return make


def shown(window, snapshot: Snapshot, qtbot) -> object:
    """Feed a snapshot and wait for its Assessment to be rendered (drivers are detected off the GUI thread)."""
    window.show_snapshot(snapshot)
    qtbot.waitUntil(lambda: window.assessment is not None and window.assessment.snapshot is snapshot, timeout=10000)
    return window.assessment


@pytest.fixture(scope="session")
def pin_store(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Tokens for the PIN dialog, one per scenario: a wrong PIN leaves a mark (COUNT_LOW) on a token."""
    holder = MAIN_TOKEN["objects"][0]
    tokens = [{"label": name, "pin": "1234", "objects": [holder]} for name in ("pin-ok", "pin-locked", "pin-final")]
    return build_store(tmp_path_factory.mktemp("pin-gui"), tokens)


def with_pin(snapshot: Snapshot, label: str, **flags: bool) -> tuple[object, object]:
    """(module, token) of `label`, its PIN flags replaced: SoftHSM2 never reports FINAL_TRY or LOCKED."""
    for module, token in snapshot.tokens:
        if token.label == label:
            return module, dataclasses.replace(token, pin=dataclasses.replace(token.pin, **flags))
    raise AssertionError(f"no token {label}")


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")
