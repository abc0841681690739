"""Session fixtures: real SoftHSM2 tokens built at test time, and a private home for every test run."""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from certhelper.demo.softhsm import softhsm_module
from tests.helpers import MAIN_TOKEN, Store, build_store

# Faults stated by tests, checked and totalled for the run (reliability.json); the `inject` fixture.
pytest_plugins = ["tests.reliability"]

# Never touch the developer's real settings, data or keyring; never need a display.
_HOME = Path(tempfile.mkdtemp(prefix="certhelper-tests-"))
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_var] = str(_HOME / _var.lower())
# Demo RSA key pairs (certhelper.demo.softhsm): made once for all workers, not once per worker home.
os.environ.setdefault("CERTHELPER_DEMO_KEYS", str(Path(tempfile.gettempdir()) / f"certhelper-demo-keys-{os.getuid()}"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.pop("CERTHELPER_PKCS11_MODULE", None)
os.environ.pop("CERTHELPER_NOW", None)
os.environ["LANG"] = "C.UTF-8"
os.environ.pop("LC_ALL", None)
os.environ.pop("LANGUAGE", None)


@pytest.fixture(scope="session")
def softhsm() -> str:
    path = softhsm_module()
    assert path, "SoftHSM2 is required for the tests: apt-get install softhsm2 (make test does it)"
    return path


@pytest.fixture(scope="session")
def main_store(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """One token like a ChamberSign holder's: valid, expiring, expired, orphan key, garbage, mismatch."""
    return build_store(tmp_path_factory.mktemp("main-store"), [MAIN_TOKEN])


@pytest.fixture(scope="session")
def two_token_store(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Two tokens plugged at once, each with a valid certificate (the FAQ's key conflict)."""
    tokens = [
        {"label": "Clé Hélène", "objects": [MAIN_TOKEN["objects"][0]]},
        {"label": "Clé Gaël", "objects": [{**MAIN_TOKEN["objects"][1], "days_left": 700}]},
    ]
    return build_store(tmp_path_factory.mktemp("two-tokens"), tokens)


@pytest.fixture(scope="session")
def bulk_store(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """A token with 200 certificates."""
    return build_store(
        tmp_path_factory.mktemp("bulk"), [{"label": "Beaucoup", "objects": [{"kind": "bulk", "count": 200}]}]
    )


@pytest.fixture(scope="session")
def empty_store(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The module loads, but no token is plugged (only SoftHSM2's blank slot)."""
    return build_store(tmp_path_factory.mktemp("empty"), [])


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    import keyring

    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


@pytest.fixture
def file_keyring(tmp_path: Path, restore_keyring: None) -> Path:
    """A real file-based keyring (keyrings.alt) in a temp dir: a backend a headless machine lacks."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    keyring.set_keyring(backend)
    return Path(backend.file_path)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker more than the cores. A good part of the suite waits (on a driver's child
    process, a timeout being proved, a responder that never answers) rather than computes; an extra
    worker keeps the cores busy meanwhile (on 2 cores: 57 s instead of 60 s for the whole suite)."""
    return (os.cpu_count() or 1) + 1


# Imported lazily by the product (the command line's commands, the verifier, the trust checks, the desk
# hours) and, over a run, by every worker anyway: imported before the freeze below, their objects are frozen too.
IMPORTED_BY_EVERY_WORKER = (
    "certhelper.launcher",
    *(f"certhelper.cli.commands.{name}" for name in ("calendar", "check", "desktop", "diagnose", "forget")),
    *(f"certhelper.cli.commands.{name}" for name in ("pin", "remind", "report", "sign_test", "status", "verify")),
    "certhelper.core.signing.anchors",
    "pyhanko.pdf_utils.reader",
    "pyhanko.sign.signers",
    "pyhanko.sign.validation",
    "pyhanko_certvalidator.fetchers.requests_fetchers",
    "holidays",
)


def pytest_collection_finish(session: pytest.Session) -> None:
    """What importing and collecting made (modules, PySide6, pyHanko, Hypothesis's strategies: some 200,000
    objects that live for the whole run) goes out of the cyclic collector's way (gc.freeze). A full collection
    then walks only what the tests made (~0.03 CPU-s instead of ~0.1 in a worker): the GUI tests' collector
    (gui.background.GuiThreadGarbageCollector) runs full collections, some 16 CPU-s of them a run before."""
    import importlib

    for name in IMPORTED_BY_EVERY_WORKER:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
