"""Reading one PKCS#11 module into plain data: its tokens, their flags, certificates and keys.
Never logs in.

Plain data (dicts, tuples, text and numbers, documented on `read_module`) because the reader started
at launch (core.assessment.ahead) runs this: it loads python-pkcs11 and cryptography and nothing of
certhelper's own model, then reads as soon as the command says which module. core.tokens.pkcs11_scan
makes the snapshot's model of this data (classification, key matching, typed errors).

This runs vendor C code in-process: callers that must survive a crash or a hang run it in a child
process (core.tokens.scan, core.tokens.watch, the reader).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, rsa

from certhelper.core.tokens import flags as CKF
from certhelper.core.tokens.x509_fields import UnreadableCertificate, public_key_sha256, read_fields

# A problem: (code, detail), the code one of errors.MODULE_CODES / TOKEN_CODES / OBJECT_CODES and the
# detail the library's or system's own text (for "Détails" / --verbose only), or None.
Problem = tuple[str, "str | None"]

# Errors meaning "the token went away" rather than "this object is bad".
_GONE = ("TokenNotPresent", "DeviceRemoved", "SessionHandleInvalid", "SessionClosed", "DeviceError")

_MAGIC = (b"\x7fELF", b"MZ", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")


class LibraryProblem(Exception):
    """A module cannot be loaded: `problem` says why (code, detail)."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        super().__init__(code + (f" ({detail})" if detail else ""))
        self.problem: Problem = (code, detail)


def module_problem(path: str) -> Problem | None:
    """Why `path` cannot be a PKCS#11 library, found without loading it (None if it may be one)."""
    if not os.path.exists(path):
        return ("not-found", None)
    if os.path.isdir(path):
        return ("is-directory", None)
    try:
        with open(path, "rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        return ("unreadable-file", exc.strerror)
    if not any(head.startswith(m) for m in _MAGIC):
        return ("not-a-library", f"first bytes {head.hex() or '(none)'}")
    return None


def _quiet_abandoned_searches() -> None:
    """python-pkcs11 ends an abandoned object search in __del__; when the token was pulled out that
    call fails too, and Cython prints its traceback (through sys.excepthook, then sys.unraisablehook)
    on the user's terminal. Log those instead; anything else goes to the hooks as before. Each hook
    is checked on its own: whoever hosts this (a test runner, a GUI toolkit) may have replaced one."""

    def _debug(value: BaseException) -> None:
        import logging

        logging.getLogger(__name__).debug("after a failed read, python-pkcs11 could not end a search: %r", value)

    if not getattr(sys.unraisablehook, "certhelper_quiet", False):
        previous_unraisable = sys.unraisablehook

        def unraisable(args: Any) -> None:
            if type(args.exc_value).__module__.startswith("pkcs11"):
                _debug(args.exc_value)
                return
            previous_unraisable(args)

        unraisable.certhelper_quiet = True  # type: ignore[attr-defined]
        sys.unraisablehook = unraisable
    if not getattr(sys.excepthook, "certhelper_quiet", False):
        previous_except = sys.excepthook

        def excepthook(kind: type[BaseException], value: BaseException, tb: Any) -> None:
            if kind.__module__.startswith("pkcs11"):
                _debug(value)
                return
            previous_except(kind, value, tb)

        excepthook.certhelper_quiet = True  # type: ignore[attr-defined]
        sys.excepthook = excepthook


def open_library(path: str) -> Any:
    """Load a module with python-pkcs11; raise LibraryProblem with a reason a person can read."""
    problem = module_problem(path)
    if problem:
        raise LibraryProblem(*problem)
    import pkcs11

    _quiet_abandoned_searches()
    try:
        return pkcs11.lib(path)
    except Exception as exc:  # python-pkcs11 wraps dlopen/C_GetFunctionList/C_Initialize failures
        raise LibraryProblem("not-pkcs11", exception_text(exc)) from exc


def exception_text(exc: BaseException) -> str:
    """The library's own words for --verbose and "Détails": the exception's class, then its text."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def text(value: Any) -> str:
    """A PKCS#11 text field: UTF-8 (replacing what is not), without its padding."""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip().rstrip("\x00").strip()


def _version(value: Any) -> str:
    return ".".join(str(v) for v in value) if isinstance(value, tuple) else text(value)


def _is_gone(exc: BaseException) -> bool:
    return type(exc).__name__ in _GONE


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
        return public_key_sha256(public)
    except Exception:  # a key we cannot rebuild is still listed, just not matched by value
        return None


# Told of each certificate as soon as it is read (read_module's `on_certificate`).
OnCertificate = Callable[[tuple[str, str, Any, "Problem | None"]], None]


def _read_objects(
    session: Any, on_certificate: OnCertificate | None
) -> tuple[list[tuple[str, str, Any, Problem | None]], list[dict[str, Any]]]:
    from pkcs11 import Attribute as A
    from pkcs11 import CertificateType, KeyType, ObjectClass

    certificates: list[tuple[str, str, Any, Problem | None]] = []
    for obj in session.get_objects({A.CLASS: ObjectClass.CERTIFICATE}):
        attrs = _attributes(obj, [A.ID, A.LABEL, A.CERTIFICATE_TYPE, A.VALUE])
        cid, label = (attrs.get(A.ID) or b"").hex(), text(attrs.get(A.LABEL, ""))
        ctype = attrs.get(A.CERTIFICATE_TYPE, CertificateType.X_509)
        if ctype != CertificateType.X_509:
            certificates.append((cid, label, None, ("wrong-type", f"CKA_CERTIFICATE_TYPE {int(ctype)}")))
            continue
        try:
            certificates.append((cid, label, read_fields(attrs.get(A.VALUE) or b""), None))
        except UnreadableCertificate as exc:
            certificates.append((cid, label, None, (exc.code, exc.detail)))
        if on_certificate is not None:
            on_certificate(certificates[-1])

    keys: list[dict[str, Any]] = []
    wanted = [A.ID, A.LABEL, A.KEY_TYPE, A.MODULUS, A.PUBLIC_EXPONENT, A.EC_PARAMS, A.EC_POINT]
    for cls, name in ((ObjectClass.PRIVATE_KEY, "private"), (ObjectClass.PUBLIC_KEY, "public")):
        for obj in session.get_objects({A.CLASS: cls}):
            attrs = _attributes(obj, wanted)
            key_type = attrs.get(A.KEY_TYPE)
            keys.append(
                {
                    "id": (attrs.get(A.ID) or b"").hex(),
                    "label": text(attrs.get(A.LABEL, "")),
                    "object_class": name,
                    "key_type": KeyType(key_type).name
                    if isinstance(key_type, int) and key_type in KeyType._value2member_map_
                    else str(key_type),
                    "public_key_sha256": _public_key_hash(attrs),
                }
            )
    return certificates, keys


def read_token(slot: Any, on_certificate: OnCertificate | None = None) -> dict[str, Any] | None:
    """One slot's token (read_module's shape); None for a blank (uninitialised) token."""
    token = slot.get_token()
    flags = int(token.flags)
    if not flags & CKF.TOKEN_INITIALIZED:  # a blank token (SoftHSM2's free slot)
        return None
    found: dict[str, Any] = dict(
        slot=int(slot.slot_id),
        slot_description=text(slot.slot_description),
        label=text(token.label),
        manufacturer=text(token.manufacturer_id),
        model=text(token.model),
        serial=text(token.serial),
        flags=flags,
        certificates=[],
        keys=[],
        error=None,
    )
    try:
        with token.open() as session:  # read-only, no user_pin: never a login here
            found["certificates"], found["keys"] = _read_objects(session, on_certificate)
    except Exception as exc:
        found["error"] = ("token-removed", None) if _is_gone(exc) else ("read-failed", exception_text(exc))
    return found


def read_module(path: str, reinitialize: bool = False, on_certificate: OnCertificate | None = None) -> dict[str, Any]:
    """Everything a module shows without login, as plain data:

    {"path", "error": Problem | None, "description", "manufacturer", "library_version",
     "cryptoki_version", "tokens": [token, ...]} (a module that cannot be loaded: path and error only);
    token: {"slot", "slot_description", "label", "manufacturer", "model", "serial", "flags" (CKF_*),
     "error": Problem | None, "certificates": [(id, label, fields | None, Problem | None), ...],
     "keys": [{"id", "label", "object_class", "key_type", "public_key_sha256"}, ...]};
    a certificate's fields are x509_fields.read_fields'. `on_certificate` is told of each
    certificate's entry as soon as it is read (the reader hands them over while it reads on).
    Whatever goes wrong is the module's error, never an exception."""
    try:
        return _read_module(path, reinitialize, on_certificate)
    except Exception as exc:
        return {"path": path, "error": ("scan-failed", exception_text(exc))}


def _read_module(path: str, reinitialize: bool, on_certificate: OnCertificate | None) -> dict[str, Any]:
    try:
        lib = open_library(path)
        if reinitialize:  # modules that list slots only at C_Initialize need this to see new tokens
            lib.reinitialize()
    except LibraryProblem as exc:
        return {"path": path, "error": exc.problem}
    found: dict[str, Any] = dict(
        path=path,
        error=None,
        description=text(lib.library_description),
        manufacturer=text(lib.manufacturer_id),
        library_version=_version(lib.library_version),
        cryptoki_version=_version(lib.cryptoki_version),
        tokens=[],
    )
    try:
        for slot in lib.get_slots(token_present=True):
            try:
                token = read_token(slot, on_certificate)
            except Exception as exc:
                if not _is_gone(exc):
                    raise
                continue  # pulled out between listing the slot and reading it: not there
            if token is not None:
                found["tokens"].append(token)
    except Exception as exc:
        found["error"] = ("scan-failed", exception_text(exc))
    return found
