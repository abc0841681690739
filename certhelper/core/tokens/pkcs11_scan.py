"""The snapshot's model of one PKCS#11 module: what core.tokens.pkcs11_read read (plain data), with
the catalogue's verdicts on each certificate, keys matched to certificates and typed errors.
Never logs in.

`scan_module` reads and builds here, in-process (vendor C code: callers that must survive a crash
or a hang run it in a child process: core.tokens.scan, core.tokens.watch). The reader started at
launch (core.assessment.ahead) reads in its own process and hands the data to `build_module` here.
"""

from __future__ import annotations

import logging
from typing import Any

from certhelper.core.errors import ModuleError, ModuleLoadError, TokenError
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Certificate, Key, Module, PinState, Token, Unreadable
from certhelper.core.tokens import flags as CKF
from certhelper.core.tokens.certificates import ParsedCertificate, classified

logger = logging.getLogger(__name__)


def load_library(path: str) -> Any:
    """Load a module with python-pkcs11; raise ModuleLoadError with a reason a person can read."""
    from certhelper.core.tokens.pkcs11_read import LibraryProblem, open_library

    try:
        return open_library(path)
    except LibraryProblem as exc:
        raise ModuleLoadError(path, ModuleError(exc.problem[0], detail=exc.problem[1])) from exc


def pin_state(flags: int) -> PinState:
    """The PIN hints among a token's flags."""
    return PinState(
        initialized=bool(flags & CKF.TOKEN_INITIALIZED),
        login_required=bool(flags & CKF.LOGIN_REQUIRED),
        count_low=bool(flags & CKF.USER_PIN_COUNT_LOW),
        final_try=bool(flags & CKF.USER_PIN_FINAL_TRY),
        locked=bool(flags & CKF.USER_PIN_LOCKED),
        protected_auth_path=bool(flags & CKF.PROTECTED_AUTHENTICATION_PATH),
        user_pin_initialized=bool(flags & CKF.USER_PIN_INITIALIZED),
    )


def scan_module(
    path: str,
    catalogue: Catalogue,
    *,
    source: str = "option",
    name: str = "",
    reinitialize: bool = False,
) -> Module:
    """Read everything a module shows without login, here. Load failures become Module.error."""
    from certhelper.core.tokens.pkcs11_read import read_module

    return build_module(read_module(path, reinitialize=reinitialize), catalogue, source=source, name=name)


def build_module(raw: dict[str, Any], catalogue: Catalogue, *, source: str, name: str) -> Module:
    """The Module of pkcs11_read.read_module's data."""
    error = ModuleError(raw["error"][0], detail=raw["error"][1]) if raw["error"] else None
    if "tokens" not in raw:  # it could not be loaded
        return Module(path=raw["path"], source=source, name=name, error=error)
    return Module(
        path=raw["path"],
        source=source,
        name=name,
        description=raw["description"],
        manufacturer=raw["manufacturer"],
        library_version=raw["library_version"],
        cryptoki_version=raw["cryptoki_version"],
        error=error,
        tokens=tuple(_token(t, catalogue) for t in raw["tokens"]),
    )


def prepare_certificates(entries: list[tuple[str, str, Any, Any]], catalogue: Catalogue) -> list[ParsedCertificate]:
    """The readable certificates among pkcs11_read's entries, classified now (and remembered: the
    reader sends them as it reads, build_module finds them done)."""
    return [classified(fields, catalogue) for _, _, fields, problem in entries if not problem]


def _token(raw: dict[str, Any], catalogue: Catalogue) -> Token:
    base: dict[str, Any] = dict(
        slot=raw["slot"],
        slot_description=raw["slot_description"],
        label=raw["label"],
        manufacturer=raw["manufacturer"],
        model=raw["model"],
        serial=raw["serial"],
        pin=pin_state(raw["flags"]),
    )
    if raw["error"]:
        code, detail = raw["error"]
        if code == "read-failed":
            logger.warning("reading token %s failed: %s", base["serial"], detail)
        return Token(**base, error=TokenError(code, detail=detail))
    certificates, keys, unreadable = _objects(raw["certificates"], raw["keys"], catalogue)
    return Token(**base, certificates=tuple(certificates), keys=tuple(keys), unreadable=tuple(unreadable))


def _objects(
    raw_certificates: list[tuple[str, str, Any, Any]], raw_keys: list[dict[str, Any]], catalogue: Catalogue
) -> tuple[list[Certificate], list[Key], list[Unreadable]]:
    parsed = []
    unreadable: list[Unreadable] = []
    for cid, label, fields, problem in raw_certificates:
        if problem:
            unreadable.append(Unreadable(cid, label, problem[0], detail=problem[1]))
        else:
            parsed.append((cid, label, classified(fields, catalogue)))

    by_spki = {p.public_key_sha256: p for _, _, p in parsed}
    by_id = {cid: p for cid, _, p in parsed if cid}
    keys: list[Key] = []
    for raw in raw_keys:
        spki = raw["public_key_sha256"]
        owner = by_spki.get(spki) if spki else None
        if owner is None and spki is None:
            owner = by_id.get(raw["id"])  # cannot compare values: trust the shared CKA_ID
        keys.append(Key(**raw, certificate_sha256=owner.sha256 if owner else None))

    certificates = []
    for cid, label, p in parsed:
        mine = [k for k in keys if k.certificate_sha256 == p.sha256]
        same_id = [k for k in keys if cid and k.id == cid and k.public_key_sha256]
        mismatch = any(k.public_key_sha256 != p.public_key_sha256 for k in same_id)
        certificates.append(
            Certificate(
                id=cid,
                label=label,
                has_private_key=bool(mine),
                key_matches=None if not same_id else not mismatch,
                **vars(p),
            )
        )
    return certificates, keys, unreadable
