"""The portal login in a real keyring (keyrings.alt's file backend in a temp dir), and the no-backend path."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest

from certhelper.core.reminders import credentials
from certhelper.core.reminders.credentials import KeyringUnavailable, PortalLogin


def test_login_round_trip_in_a_file_keyring(file_keyring: Path) -> None:
    assert credentials.keyring_status() is None
    assert credentials.load_login() is None
    login = PortalLogin("mairie-plerin", 's3cret; with=odd "chars" é')
    credentials.save_login(login)
    assert file_keyring.is_file()  # the backend really wrote it
    assert credentials.load_login() == login
    assert credentials.load_login("another-provider") is None
    credentials.save_login(PortalLogin("mairie-plerin", "changed"))
    assert credentials.load_login() == PortalLogin("mairie-plerin", "changed")
    assert credentials.delete_login() is True
    assert credentials.load_login() is None
    assert credentials.delete_login() is False


def test_the_password_never_shows_in_a_repr(file_keyring: Path) -> None:
    login = PortalLogin("mairie-plerin", "hunter2")
    assert "hunter2" not in repr(login) and "mairie-plerin" in repr(login)


def test_an_empty_identifier_is_refused(file_keyring: Path) -> None:
    with pytest.raises(ValueError):
        credentials.save_login(PortalLogin("  ", "x"))
    assert credentials.load_login() is None


def test_something_else_under_our_name_is_ignored(file_keyring: Path) -> None:
    keyring.set_password(credentials.SERVICE, "portal-login:chambersign", "not json")
    assert credentials.load_login() is None


@pytest.mark.parametrize("backend", [keyring.backends.null.Keyring, keyring.backends.fail.Keyring])
def test_no_keyring_backend_is_said_clearly(restore_keyring: None, backend: type) -> None:
    keyring.set_keyring(backend())
    reason = credentials.keyring_status()
    assert reason and "no keyring backend" in reason
    with pytest.raises(KeyringUnavailable) as exc:
        credentials.save_login(PortalLogin("mairie-plerin", "hunter2"))
    assert "hunter2" not in str(exc.value)
    with pytest.raises(KeyringUnavailable):
        credentials.load_login()


def test_the_test_session_has_no_backend_like_a_headless_linux() -> None:
    # conftest sets PYTHON_KEYRING_BACKEND to the null backend, as on a headless machine.
    assert credentials.keyring_status() is not None
