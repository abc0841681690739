"""The floor: what any tool must do to show a token's certificates, with python-pkcs11 and cryptography only.

Lists the tokens, reads every certificate (ID, label, value) and key (ID, label, type, public parts),
and parses each certificate (subject, issuer, dates, serial, key usage, policies), then prints one
JSON document. `certhelper status --json` is measured against this, whole process against whole process.
Usage: python benchmarks/bare_read.py MODULE
"""

from __future__ import annotations

import contextlib
import json
import sys

import pkcs11
from cryptography import x509
from pkcs11 import Attribute as A
from pkcs11 import ObjectClass

KEY_ATTRS = [A.ID, A.LABEL, A.KEY_TYPE, A.MODULUS, A.PUBLIC_EXPONENT, A.EC_PARAMS, A.EC_POINT]


def _ext(cert: x509.Certificate, kind: type[x509.ExtensionType]) -> object:
    try:
        return cert.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def read(module: str) -> list[dict[str, object]]:
    lib = pkcs11.lib(module)
    out = []
    for slot in lib.get_slots(token_present=True):
        token = slot.get_token()
        if not token.flags & 0x400:  # CKF_TOKEN_INITIALIZED: SoftHSM2's spare empty slot
            continue
        certs = []
        with token.open() as session:
            for obj in session.get_objects({A.CLASS: ObjectClass.CERTIFICATE}):
                attrs = obj.get_attributes([A.ID, A.LABEL, A.VALUE])
                try:
                    cert = x509.load_der_x509_certificate(attrs[A.VALUE])
                    cert.serial_number  # noqa: B018  # parsed lazily: a bad certificate fails here
                except ValueError:  # a damaged object: listed by nobody
                    continue
                policies = _ext(cert, x509.CertificatePolicies)
                usage = _ext(cert, x509.KeyUsage)
                certs.append(
                    {
                        "id": attrs[A.ID].hex(),
                        "label": attrs[A.LABEL],
                        "subject": cert.subject.rfc4514_string(),
                        "issuer": cert.issuer.rfc4514_string(),
                        "serial": format(cert.serial_number, "x"),
                        "not_before": cert.not_valid_before_utc.isoformat(),
                        "not_after": cert.not_valid_after_utc.isoformat(),
                        "policies": [p.policy_identifier.dotted_string for p in policies or []],  # type: ignore[attr-defined]
                        "digital_signature": bool(usage and usage.digital_signature),  # type: ignore[attr-defined]
                    }
                )
            keys = 0
            for cls in (ObjectClass.PRIVATE_KEY, ObjectClass.PUBLIC_KEY):
                for obj in session.get_objects({A.CLASS: cls}):
                    try:
                        obj.get_attributes(KEY_ATTRS)
                    except Exception:  # attributes a key type does not have: one by one
                        for key in KEY_ATTRS:
                            with contextlib.suppress(Exception):
                                obj[key]
                    keys += 1
        out.append(
            {
                "label": token.label,
                "serial": token.serial.decode(errors="replace") if isinstance(token.serial, bytes) else token.serial,
                "certificates": certs,
                "keys": keys,
            }
        )
    return out


if __name__ == "__main__":
    json.dump(read(sys.argv[1]), sys.stdout)
    sys.stdout.write("\n")
