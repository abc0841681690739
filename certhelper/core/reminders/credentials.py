"""The ordering portal login (identifier and password) in the system keyring, never in a plain file.

After the first order, Mégalis gives the holder a login for the ChamberSign ordering portal; the
renewal guide can keep it here and show or copy it when the holder orders again. Where no keyring
backend exists (headless Linux, some desktops) every call raises KeyringUnavailable, so the
front-end can say so plainly and carry on without it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from certhelper.core.errors import CerthelperError

logger = logging.getLogger(__name__)

SERVICE = "certhelper"
_ENTRY = "portal-login:{provider}"
# Backends that store nothing: keyring picks them when it finds no real one.
_NO_BACKEND_MODULES = ("keyring.backends.fail", "keyring.backends.null")


class KeyringUnavailable(CerthelperError):
    """No usable keyring on this desktop; `reason` says why (for the message and the logs)."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"no keyring available: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class PortalLogin:
    identifier: str
    password: str = field(repr=False)  # never in a log line or a traceback


def _backend() -> Any:  # a keyring.backend.KeyringBackend
    import keyring

    backend = keyring.get_keyring()
    if type(backend).__module__ in _NO_BACKEND_MODULES:
        raise KeyringUnavailable(f"no keyring backend on this desktop ({type(backend).__module__})")
    return backend


def keyring_status() -> str | None:
    """None when a keyring can be used, else the reason it cannot."""
    try:
        _backend()
    except KeyringUnavailable as exc:
        return exc.reason
    return None


def _call(action: str, func: Callable[..., Any], *args: str) -> Any:
    from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

    try:
        return func(*args)
    except PasswordDeleteError:
        raise  # "nothing to delete": the caller's business
    except NoKeyringError as exc:
        raise KeyringUnavailable(str(exc) or "no keyring backend") from None
    except KeyringError as exc:  # locked collection, refused prompt, D-Bus gone...
        logger.warning("keyring %s failed: %s", action, type(exc).__name__)
        raise KeyringUnavailable(f"the keyring refused to {action} ({type(exc).__name__})") from None


def save_login(login: PortalLogin, provider: str = "chambersign") -> None:
    if not login.identifier.strip():
        raise ValueError("the identifier is empty")
    backend = _backend()
    secret = json.dumps({"identifier": login.identifier, "password": login.password})
    _call("save", backend.set_password, SERVICE, _ENTRY.format(provider=provider), secret)
    logger.info("portal login for %s saved in the keyring", provider)


def load_login(provider: str = "chambersign") -> PortalLogin | None:
    """The saved login, or None when none was saved (or what is there is not ours)."""
    backend = _backend()
    secret = _call("read", backend.get_password, SERVICE, _ENTRY.format(provider=provider))
    if not secret:
        return None
    try:
        data = json.loads(secret)
        return PortalLogin(str(data["identifier"]), str(data["password"]))
    except (ValueError, TypeError, KeyError):
        logger.warning("keyring entry for %s is not a certhelper login; ignored", provider)
        return None


def delete_login(provider: str = "chambersign") -> bool:
    """Remove the saved login; False when there was none."""
    from keyring.errors import PasswordDeleteError

    backend = _backend()
    try:
        _call("delete", backend.delete_password, SERVICE, _ENTRY.format(provider=provider))
    except PasswordDeleteError:
        return False
    return True
