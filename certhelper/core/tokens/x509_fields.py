"""The fields of one X.509 certificate, read with cryptography alone: holder, organisation, SIREN,
dates, usages, policies, QC statements, fingerprints.

The reader process started at launch (core.assessment.ahead) runs this, so it imports nothing of
certhelper's model: the catalogue's verdicts (provider, level, qualified) are core.tokens.certificates',
applied to these fields by whoever receives them.
"""

from __future__ import annotations

import base64
import hashlib
import warnings
from typing import Any

from cryptography import x509
from cryptography.x509.oid import ExtensionOID, NameOID

# The two enums from where cryptography defines them, loaded with cryptography.x509 already: its public
# `serialization` package also loads the SSH key formats and their ciphers (~4 ms, on every command's path).
try:
    from cryptography.hazmat.primitives._serialization import Encoding, PublicFormat
except ImportError:  # pragma: no cover - a cryptography that moved them
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat  # type: ignore[assignment]

from certhelper.core.tokens.sirene import sirene_numbers

ORGANIZATION_IDENTIFIER = x509.ObjectIdentifier("2.5.4.97")
QC_STATEMENTS = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")

_KEY_USAGES = (
    "digital_signature",
    "content_commitment",
    "key_encipherment",
    "data_encipherment",
    "key_agreement",
    "key_cert_sign",
    "crl_sign",
)


_EKU_NAMES = {
    "1.3.6.1.5.5.7.3.1": "server_auth",
    "1.3.6.1.5.5.7.3.2": "client_auth",
    "1.3.6.1.5.5.7.3.3": "code_signing",
    "1.3.6.1.5.5.7.3.4": "email_protection",
    "1.3.6.1.5.5.7.3.8": "time_stamping",
    "1.3.6.1.5.5.7.3.9": "ocsp_signing",
    "1.3.6.1.4.1.311.20.2.2": "smartcard_logon",
    "1.3.6.1.4.1.311.10.3.12": "document_signing",
}


class UnreadableCertificate(Exception):
    """The bytes are not a certificate certhelper can read: `code` (errors.OBJECT_CODES) says why,
    `detail` is the parser's own text; `reason` joins them in one English line, for logs."""

    def __init__(self, code: str, detail: str | None = None) -> None:
        reason = code + (f" ({detail})" if detail else "")
        super().__init__(reason)
        self.code = code
        self.detail = detail
        self.reason = reason


def _declared_too_long(der: bytes) -> bool:
    """The outer DER length says more bytes than there are: the value was cut short."""
    if len(der) < 2 or der[0] != 0x30:
        return False
    size, pos = der[1], 2
    if size & 0x80:
        count = size & 0x7F
        if count == 0 or count > 4:
            return False
        if len(der) < 2 + count:
            return True
        size, pos = int.from_bytes(der[2 : 2 + count], "big"), 2 + count
    return pos + size > len(der)


def _values(name: x509.Name) -> dict[x509.ObjectIdentifier, list[str]]:
    """Each attribute type's values, in the name's order: one pass over the name, not one a type."""
    found: dict[x509.ObjectIdentifier, list[str]] = {}
    for attribute in name:
        found.setdefault(attribute.oid, []).append(str(attribute.value))
    return found


def _first(values: dict[x509.ObjectIdentifier, list[str]], oid: x509.ObjectIdentifier) -> str:
    return values.get(oid, [""])[0]


def _holder(subject: x509.Name) -> str:
    return _holder_of(_values(subject))


def _holder_of(values: dict[x509.ObjectIdentifier, list[str]]) -> str:
    """The common name, else the given name and surname."""
    if NameOID.COMMON_NAME in values:
        return values[NameOID.COMMON_NAME][0]
    return " ".join(values.get(NameOID.GIVEN_NAME, []) + values.get(NameOID.SURNAME, []))


def _der_oids(data: bytes) -> list[str]:
    """Every OBJECT IDENTIFIER inside a DER blob, in order (QCStatements has no parser in cryptography)."""
    found: list[str] = []

    def walk(buf: bytes, depth: int) -> None:
        pos = 0
        while pos < len(buf) and depth < 8:
            tag = buf[pos]
            if pos + 1 >= len(buf):
                return
            length = buf[pos + 1]
            pos += 2
            if length & 0x80:
                count = length & 0x7F
                if count == 0 or count > 4 or pos + count > len(buf):
                    return
                length = int.from_bytes(buf[pos : pos + count], "big")
                pos += count
            body = buf[pos : pos + length]
            if len(body) < length:
                return
            if tag == 0x06:
                found.append(_decode_oid(body))
            elif tag & 0x20:  # constructed: look inside
                walk(body, depth + 1)
            pos += length

    walk(data, 0)
    return [oid for oid in found if oid]


def _decode_oid(body: bytes) -> str:
    if not body:
        return ""
    arcs: list[int] = []
    value = 0
    for byte in body:
        value = (value << 7) | (byte & 0x7F)
        if value.bit_length() > 128:  # longer than a UUID arc: no real OID, and str() would refuse it
            return ""
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    if not arcs:
        return ""
    first = arcs[0]
    head = [min(first // 40, 2), first - 40 * min(first // 40, 2)]
    return ".".join(str(a) for a in head + arcs[1:])


def _extension(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> object | None:
    try:
        return cert.extensions.get_extension_for_oid(oid).value
    except x509.ExtensionNotFound:
        return None


def _key_usage(cert: x509.Certificate) -> tuple[str, ...]:
    ku = _extension(cert, ExtensionOID.KEY_USAGE)
    if not isinstance(ku, x509.KeyUsage):
        return ()
    names = [n for n in _KEY_USAGES if getattr(ku, n)]
    if ku.key_agreement:
        names += [n for n in ("encipher_only", "decipher_only") if getattr(ku, n)]
    return tuple(names)


def _eku(cert: x509.Certificate) -> tuple[str, ...]:
    eku = _extension(cert, ExtensionOID.EXTENDED_KEY_USAGE)
    if not isinstance(eku, x509.ExtendedKeyUsage):
        return ()
    return tuple(_EKU_NAMES.get(o.dotted_string, o.dotted_string) for o in eku)


def _email(cert: x509.Certificate, subject: dict[x509.ObjectIdentifier, list[str]]) -> str | None:
    emails = list(subject.get(NameOID.EMAIL_ADDRESS, []))
    san = _extension(cert, ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    if isinstance(san, x509.SubjectAlternativeName):
        emails += san.get_values_for_type(x509.RFC822Name)
    return emails[0] if emails else None


def spki_sha256(spki_der: bytes) -> str:
    return hashlib.sha256(spki_der).hexdigest()


def public_key_sha256(public_key: Any) -> str:
    """SHA-256 of a public key's SubjectPublicKeyInfo: how keys are matched to certificates."""
    return spki_sha256(public_key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo))


# The app's scan worker reads the same certificates again each time a token changes; parsing is
# most of a scan's cost, and depends only on the bytes. The fields are shared: never modify them.
_CACHE: dict[bytes, dict[str, Any]] = {}
_CACHE_SIZE = 2048


def read_fields(der: bytes) -> dict[str, Any]:
    """The certificate's fields (the keys of certificates.ParsedCertificate that need no catalogue,
    plus `issuer_cn` and `issuer_o`); raise UnreadableCertificate with a reason a person can read."""
    key = hashlib.sha256(der).digest()
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    if not der:
        raise UnreadableCertificate("empty")
    with warnings.catch_warnings():
        # Real CA certificates carry negative serial numbers, and CNs over 64 characters read fine:
        # cryptography warns about both (CryptographyDeprecationWarning, UserWarning) on stderr.
        warnings.simplefilter("ignore")
        fields = _read_quietly(der)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = fields
    return fields


def _read_quietly(der: bytes) -> dict[str, Any]:
    try:
        cert = x509.load_der_x509_certificate(der)
        subject, issuer = cert.subject, cert.issuer
        subject_text, issuer_text = subject.rfc4514_string(), issuer.rfc4514_string()
        names, issuer_names = _values(subject), _values(issuer)
        not_before, not_after = cert.not_valid_before_utc, cert.not_valid_after_utc
        public_key_hash = public_key_sha256(cert.public_key())
        policies_ext = _extension(cert, ExtensionOID.CERTIFICATE_POLICIES)
        qc_ext = _extension(cert, QC_STATEMENTS)
        basic = _extension(cert, ExtensionOID.BASIC_CONSTRAINTS)
        key_usage, eku, email = _key_usage(cert), _eku(cert), _email(cert, names)
        serial = format(cert.serial_number, "x")
    except UnreadableCertificate:
        raise
    except Exception as exc:  # cryptography raises ValueError and friends for every kind of bad DER
        code = "truncated" if _declared_too_long(der) else "not-x509"
        raise UnreadableCertificate(code, _short(exc)) from exc

    policies = (
        tuple(p.policy_identifier.dotted_string for p in policies_ext)
        if isinstance(policies_ext, x509.CertificatePolicies)
        else ()
    )
    qc_raw = qc_ext.value if isinstance(qc_ext, x509.UnrecognizedExtension) else b""
    org_ids = names.get(ORGANIZATION_IDENTIFIER, [])
    siren, siret = sirene_numbers(names.get(NameOID.ORGANIZATIONAL_UNIT_NAME, []), org_ids)
    issuer_cn, issuer_o = _first(issuer_names, NameOID.COMMON_NAME), _first(issuer_names, NameOID.ORGANIZATION_NAME)
    return {
        "sha256": hashlib.sha256(der).hexdigest(),
        "subject": subject_text,
        "issuer": issuer_text,
        "holder": _holder_of(names),
        "organisation": _first(names, NameOID.ORGANIZATION_NAME),
        "siren": siren,
        "siret": siret,
        "email": email,
        "serial_number": serial,
        "not_before": not_before,
        "not_after": not_after,
        "key_usage": key_usage,
        "extended_key_usage": eku,
        "policies": policies,
        "qc_statements": tuple(dict.fromkeys(_der_oids(qc_raw))),
        "public_key_sha256": public_key_hash,
        "is_ca": bool(isinstance(basic, x509.BasicConstraints) and basic.ca),
        "issuer_name": issuer_cn or issuer_o or issuer_text,
        "organisation_id": org_ids[0] if org_ids else None,
        "der_base64": base64.b64encode(der).decode("ascii"),
        "issuer_cn": issuer_cn,
        "issuer_o": issuer_o,
    }


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
