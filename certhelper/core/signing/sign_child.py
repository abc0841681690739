"""The child process of the self-test signature: one C_Login, one PAdES signature, the bytes back.

Run as `python -m certhelper.core.signing.sign_child`, a request in JSON on stdin (the PIN travels
there, never in argv, the environment, a log or a file), an answer in JSON on stdout. A vendor module
that crashes or hangs takes only this process down. The signed PDF comes back to the parent, which
writes it: nothing is written here, so a failure leaves no file.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import io
import json
import sys
from typing import Any

from certhelper.core.model import PinState
from certhelper.core.tokens.pin_check import _find_token, refusal

FIELD_NAME = "SignatureTest"


def _certificate_on_token(session: Any, sha256: str) -> tuple[bytes, bytes] | None:
    """(CKA_ID, DER) of the certificate with this fingerprint; public objects, read after the login."""
    from pkcs11 import Attribute, ObjectClass

    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        try:
            der = bytes(obj[Attribute.VALUE])
            cid = bytes(obj[Attribute.ID])
        except Exception:  # an object the module will not read: not ours
            continue
        if hashlib.sha256(der).hexdigest() == sha256:
            return cid, der
    return None


def _private_key_present(session: Any, key_id: bytes) -> bool:
    from pkcs11 import Attribute, ObjectClass

    return any(True for _ in session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.ID: key_id}))


def _sign(session: Any, key_id: bytes, der: bytes, pdf: bytes, timestamp_url: str | None) -> bytes:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.pkcs11 import PKCS11Signer

    cert = asn1_x509.Certificate.load(der)
    # ECDSA: hash here, raw CKM_ECDSA on the token; many tokens (SoftHSM2 too) lack CKM_ECDSA_SHA256.
    raw = cert.public_key.algorithm == "ec"
    signer = PKCS11Signer(session, key_id=key_id, signing_cert=cert, other_certs_to_pull=(), use_raw_mechanism=raw)
    timestamper = None
    if timestamp_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(timestamp_url, timeout=20)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper)
    return bytes(out.getvalue())


def _classify(exc: BaseException) -> str:
    from pkcs11 import exceptions as px

    if isinstance(exc, px.PinIncorrect):
        return "incorrect"
    if isinstance(exc, px.PinLocked):
        return "locked"
    if isinstance(exc, (px.TokenNotPresent, px.NoSuchToken, px.DeviceRemoved, px.SessionHandleInvalid)):
        return "token-absent"
    return "error"


def run_signature(request: dict[str, Any]) -> dict[str, Any]:
    """Re-read the flags, apply the PIN rules, log in once, sign, read the flags again."""
    import pkcs11

    from certhelper.core.errors import ModuleLoadError
    from certhelper.core.signing.document import self_test_document
    from certhelper.core.tokens.pkcs11_scan import load_library, pin_state

    empty = vars(PinState())
    try:
        lib = load_library(request["module"])
    except ModuleLoadError as exc:
        return {"outcome": "module-error", "before": empty, "detail": exc.reason}
    token = _find_token(lib, request["serial"])
    if token is None:
        return {"outcome": "token-absent", "before": empty}
    before = pin_state(int(token.flags))
    refused = refusal(before, bool(request.get("confirm_final_try")))
    if refused:
        return {"outcome": refused, "before": vars(before)}
    pin = request.pop("pin", None)
    if pin is None and not before.protected_auth_path:
        return {"outcome": "error", "before": vars(before), "detail": "no PIN given"}
    secret: Any = pkcs11.PROTECTED_AUTH if pin is None else pin
    answer: dict[str, Any] = {"outcome": "error", "before": vars(before)}
    try:
        session = token.open(user_pin=secret)  # the one C_Login of this action
    except Exception as exc:
        answer.update(outcome=_classify(exc), detail=type(exc).__name__)
        session = None
    finally:
        secret = pin = None
    if session is not None:
        try:
            answer.update(_sign_in_session(session, request, self_test_document))
        except Exception as exc:
            outcome = _classify(exc)
            answer.update(outcome="sign-error" if outcome == "error" else outcome, detail=_short(exc))
        finally:
            with contextlib.suppress(Exception):  # the token may have gone: nothing left to close
                session.close()
    after_token = _find_token(lib, request["serial"])
    answer["after"] = vars(pin_state(int(after_token.flags))) if after_token is not None else vars(before)
    return answer


def _sign_in_session(session: Any, request: dict[str, Any], make_document: Any) -> dict[str, Any]:
    found = _certificate_on_token(session, request["certificate_sha256"])
    if found is None:
        return {"outcome": "no-certificate"}
    key_id, der = found
    if not _private_key_present(session, key_id):
        return {"outcome": "no-key"}
    when = dt.datetime.fromisoformat(request["when"])
    pdf = make_document(request["holder"], when, request.get("lang", "fr"))
    signed = _sign(session, key_id, der, pdf, request.get("timestamp_url"))
    return {"outcome": "signed", "pdf": base64.b64encode(signed).decode("ascii")}


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def main() -> int:
    request = json.loads(sys.stdin.read() or "{}")
    try:
        answer = run_signature(request)
    except Exception as exc:  # the parent turns this into a message
        answer = {"outcome": "error", "before": vars(PinState()), "detail": type(exc).__name__}
    finally:
        request.clear()
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
