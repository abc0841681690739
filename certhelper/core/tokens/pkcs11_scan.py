"""Reading one PKCS#11 module: its tokens, their PIN flags, certificates and keys. Never logs in.

This runs vendor C code in-process: callers that must survive a crash or a hang run it in a child
process, which is what core.scan (the CLI) and core.watch (the app's worker) do.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from certhelper.core.errors import ModuleError, TokenError
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Certificate, Key, Module, PinState, Token, Unreadable
from certhelper.core.tokens.certificates import UnreadableCertificate, parse_certificate, spki_sha256

logger = logging.getLogger(__name__)

# Errors meaning "the token went away" rather than "this object is bad".
_GONE = ("TokenNotPresent", "DeviceRemoved", "SessionHandleInvalid", "SessionClosed", "DeviceError")

_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")


def module_problem(path: str) -> ModuleError | None:
    """Why `path` cannot be a PKCS#11 library, found without loading it (None if it may be one)."""
    if not os.path.exists(path):
        return ModuleError("not-found")
    if os.path.isdir(path):
        return ModuleError("is-directory")
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        return ModuleError("unreadable-file", detail=exc.strerror)
    if not any(head.startswith(m) for m in _MAGIC):
        return ModuleError("not-a-library", detail=f"first bytes {head.hex() or '(none)'}")
    return None


def _quiet_abandoned_searches() -> None:
    """python-pkcs11 ends an abandoned object search in __del__; when the token was pulled out that
    call fails too, and Cython prints its traceback (through sys.excepthook, then sys.unraisablehook)
    on the user's terminal. Log those instead; anything else goes to the hooks as before."""
    if getattr(sys.unraisablehook, "certhelper_quiet", False):
        return
    previous_unraisable, previous_except = sys.unraisablehook, sys.excepthook

    def unraisable(args: Any) -> None:
        if type(args.exc_value).__module__.startswith("pkcs11"):
            logger.debug("after a failed read, python-pkcs11 could not end a search: %r", args.exc_value)
            return
        previous_unraisable(args)

    def excepthook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
        if kind.__module__.startswith("pkcs11"):
            logger.debug("after a failed read, python-pkcs11 could not end a search: %r", value)
            return
        previous_except(kind, value, tb)

    unraisable.certhelper_quiet = True  # type: ignore[attr-defined]
    sys.unraisablehook, sys.excepthook = unraisable, excepthook


def load_library(path: str) -> Any:
    """Load a module with python-pkcs11; raise ModuleLoadError with a reason a person can read."""
    from certhelper.core.errors import ModuleLoadError

    problem = module_problem(path)
    if problem:
        raise ModuleLoadError(path, problem)
    import pkcs11

    _quiet_abandoned_searches()
    try:
        return pkcs11.lib(path)
    except Exception as exc:  # python-pkcs11 wraps dlopen/C_GetFunctionList/C_Initialize failures
        raise ModuleLoadError(path, ModuleError("not-pkcs11", detail=_exception_text(exc))) from exc


def _exception_text(exc: BaseException) -> str:
    """The library's own words for --verbose and "Détails": the exception's class, then its text."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip().rstrip("\x00").strip()


def _version(value: Any) -> str:
    return ".".join(str(v) for v in value) if isinstance(value, tuple) else _text(value)


def _is_gone(exc: BaseException) -> bool:
    return type(exc).__name__ in _GONE


def _pin_state(flags: int) -> PinState:
    from pkcs11 import TokenFlag as F

    return PinState(
        initialized=bool(flags & F.TOKEN_INITIALIZED),
        login_required=bool(flags & F.LOGIN_REQUIRED),
        count_low=bool(flags & F.USER_PIN_COUNT_LOW),
        final_try=bool(flags & F.USER_PIN_FINAL_TRY),
        locked=bool(flags & F.USER_PIN_LOCKED),
        protected_auth_path=bool(flags & F.PROTECTED_AUTHENTICATION_PATH),
        user_pin_initialized=bool(flags & F.USER_PIN_INITIALIZED),
    )


def _attributes(obj: Any, keys: list[Any]) -> dict[Any, Any]:
    """Read several attributes in one call; fall back to one by one for tokens that refuse."""
    try:
        return dict(obj.get_attributes(keys))
    except Exception as exc:
        if _is_gone(exc):
            raise
    out = {}
    for key in keys:
        try:
            out[key] = obj[key]
        except Exception as exc:
            if _is_gone(exc):
                raise
    return out


def _public_key_hash(attrs: dict[Any, Any]) -> str | None:
    """SHA-256 of the SubjectPublicKeyInfo rebuilt from a key object's public attributes."""
    from pkcs11 import Attribute as A
    from pkcs11 import KeyType

    try:
        if attrs.get(A.KEY_TYPE) == KeyType.RSA and A.MODULUS in attrs:
            n = int.from_bytes(attrs[A.MODULUS], "big")
            e = int.from_bytes(attrs.get(A.PUBLIC_EXPONENT) or b"\x01\x00\x01", "big")
            public: Any = rsa.RSAPublicNumbers(e, n).public_key()
        elif attrs.get(A.KEY_TYPE) == KeyType.EC and A.EC_POINT in attrs:
            from asn1crypto.core import OctetString
            from asn1crypto.keys import ECDomainParameters
            from cryptography.x509 import ObjectIdentifier

            params = ECDomainParameters.load(attrs[A.EC_PARAMS])
            curve = ec.get_curve_for_oid(ObjectIdentifier(params.chosen.dotted))()
            point = attrs[A.EC_POINT]
            if point[:1] == b"\x04" and len(point) > 2 and point[1] == len(point) - 2:
                point = OctetString.load(point).native  # DER-wrapped, as PKCS#11 says it should be
            public = ec.EllipticCurvePublicKey.from_encoded_point(curve, point)
        else:
            return None
        return spki_sha256(public.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo))
    except Exception:  # a key we cannot rebuild is still listed, just not matched by value
        return None


def _read_objects(session: Any, catalogue: Catalogue) -> tuple[list[Certificate], list[Key], list[Unreadable]]:
    from pkcs11 import Attribute as A
    from pkcs11 import CertificateType, KeyType, ObjectClass

    parsed: list[tuple[str, str, Any]] = []
    unreadable: list[Unreadable] = []
    for obj in session.get_objects({A.CLASS: ObjectClass.CERTIFICATE}):
        attrs = _attributes(obj, [A.ID, A.LABEL, A.CERTIFICATE_TYPE, A.VALUE])
        cid, label = (attrs.get(A.ID) or b"").hex(), _text(attrs.get(A.LABEL, ""))
        ctype = attrs.get(A.CERTIFICATE_TYPE, CertificateType.X_509)
        if ctype != CertificateType.X_509:
            unreadable.append(Unreadable(cid, label, "wrong-type", detail=f"CKA_CERTIFICATE_TYPE {int(ctype)}"))
            continue
        try:
            parsed.append((cid, label, parse_certificate(attrs.get(A.VALUE) or b"", catalogue)))
        except UnreadableCertificate as exc:
            unreadable.append(Unreadable(cid, label, exc.code, exc.detail))

    raw_keys = []
    for cls, name in ((ObjectClass.PRIVATE_KEY, "private"), (ObjectClass.PUBLIC_KEY, "public")):
        for obj in session.get_objects({A.CLASS: cls}):
            wanted = [A.ID, A.LABEL, A.KEY_TYPE, A.MODULUS, A.PUBLIC_EXPONENT, A.EC_PARAMS, A.EC_POINT]
            attrs = _attributes(obj, wanted)
            raw_keys.append((name, attrs))

    by_spki = {p.public_key_sha256: p for _, _, p in parsed}
    by_id = {cid: p for cid, _, p in parsed if cid}
    keys: list[Key] = []
    for name, attrs in raw_keys:
        kid = (attrs.get(A.ID) or b"").hex()
        spki = _public_key_hash(attrs)
        owner = by_spki.get(spki) if spki else None
        if owner is None and spki is None:
            owner = by_id.get(kid)  # cannot compare values: trust the shared CKA_ID
        key_type = attrs.get(A.KEY_TYPE)
        keys.append(
            Key(
                id=kid,
                label=_text(attrs.get(A.LABEL, "")),
                object_class=name,
                key_type=KeyType(key_type).name
                if isinstance(key_type, int) and key_type in KeyType._value2member_map_
                else str(key_type),
                public_key_sha256=spki,
                certificate_sha256=owner.sha256 if owner else None,
            )
        )

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


def scan_token(slot: Any, catalogue: Catalogue) -> Token | None:
    """Read one slot's token; None for a blank (uninitialised) token such as SoftHSM2's free slot."""
    token = slot.get_token()
    flags = int(token.flags)
    pin = _pin_state(flags)
    if not pin.initialized:
        return None
    base: dict[str, Any] = dict(
        slot=int(slot.slot_id),
        slot_description=_text(slot.slot_description),
        label=_text(token.label),
        manufacturer=_text(token.manufacturer_id),
        model=_text(token.model),
        serial=_text(token.serial),
        pin=pin,
    )
    try:
        with token.open() as session:  # read-only, no user_pin: never a login here
            certificates, keys, unreadable = _read_objects(session, catalogue)
    except Exception as exc:
        if _is_gone(exc):
            return Token(**base, error=TokenError("token-removed"))
        logger.warning("reading token %s failed: %s", base["serial"], exc)
        return Token(**base, error=TokenError("read-failed", detail=_exception_text(exc)))
    return Token(**base, certificates=tuple(certificates), keys=tuple(keys), unreadable=tuple(unreadable))


def scan_module(
    path: str,
    catalogue: Catalogue,
    *,
    source: str = "option",
    name: str = "",
    reinitialize: bool = False,
) -> Module:
    """Read everything a module shows without login. Load failures become Module.error."""
    from certhelper.core.errors import ModuleLoadError

    try:
        lib = load_library(path)
        if reinitialize:  # modules that list slots only at C_Initialize need this to see new tokens
            lib.reinitialize()
    except ModuleLoadError as exc:
        return Module(path=path, source=source, name=name, error=exc.error)
    info: dict[str, Any] = dict(
        path=path,
        source=source,
        name=name,
        description=_text(lib.library_description),
        manufacturer=_text(lib.manufacturer_id),
        library_version=_version(lib.library_version),
        cryptoki_version=_version(lib.cryptoki_version),
    )
    tokens: list[Token] = []
    try:
        for slot in lib.get_slots(token_present=True):
            try:
                token = scan_token(slot, catalogue)
            except Exception as exc:
                if not _is_gone(exc):
                    raise
                continue  # pulled out between listing the slot and reading it: not there
            if token is not None:
                tokens.append(token)
    except Exception as exc:
        return Module(**info, error=ModuleError("scan-failed", detail=_exception_text(exc)), tokens=tuple(tokens))
    return Module(**info, tokens=tuple(tokens))
