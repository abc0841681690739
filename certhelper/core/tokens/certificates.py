"""Reading one X.509 certificate: holder, organisation, SIREN, dates, usages, policies (and, through
core.trust.classify, provider and level)."""

from __future__ import annotations

import base64
import hashlib
import re
import warnings
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import ExtensionOID, NameOID

from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Classification
from certhelper.core.trust.classify import assurance_of, classify

ORGANIZATION_IDENTIFIER = x509.ObjectIdentifier("2.5.4.97")
QC_STATEMENTS = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")

# re.ASCII: \d would also take Arabic-Indic or full-width digits, giving a SIREN no register knows (found by fuzzing).
_OU_SIRENE = re.compile(r"^0002\s*(\d{9}|\d{14})$", re.ASCII)
_ORG_ID = re.compile(r"^NTRFR-(\d{9}|\d{14})$", re.ASCII)
_VAT_ID = re.compile(r"^VATFR-(\d{2})(\d{9})$", re.ASCII)  # VATFR-kk<SIREN>: a 2-digit key, then the SIREN
_BARE = re.compile(r"^(\d{9}|\d{14})$", re.ASCII)  # a bare SIREN or SIRET in organizationIdentifier
LA_POSTE_SIREN = "356000000"  # La Poste's SIRETs fail Luhn: valid when their digit sum is a multiple of 5

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


@dataclass(frozen=True)
class ParsedCertificate:
    """Every field of model.Certificate that comes from the DER alone (plus the catalogue)."""

    sha256: str
    subject: str
    issuer: str
    holder: str
    organisation: str
    siren: str | None
    siret: str | None
    email: str | None
    serial_number: str
    not_before: object
    not_after: object
    key_usage: tuple[str, ...]
    extended_key_usage: tuple[str, ...]
    policies: tuple[str, ...]
    qc_statements: tuple[str, ...]
    assurance: str
    qualified: bool
    issuer_known: bool
    provider: str | None
    public_key_sha256: str
    is_ca: bool
    issuer_name: str
    organisation_id: str | None
    classification: Classification
    der_base64: str


def luhn_ok(digits: str) -> bool:
    """The Luhn check used by SIREN and SIRET numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 1:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def siret_ok(siret: str) -> bool:
    """A SIRET's check: Luhn, except La Poste's (SIREN 356000000), whose digit sum is a multiple of 5."""
    if siret.startswith(LA_POSTE_SIREN):
        return sum(int(c) for c in siret) % 5 == 0
    return luhn_ok(siret)


def vat_key(siren: str) -> str:
    """The 2-digit key of a French VAT number FRkk<SIREN>."""
    return f"{(12 + 3 * (int(siren) % 97)) % 97:02d}"


def _number(value: str, *, org_id: bool) -> str | None:
    value = value.strip()
    match = _OU_SIRENE.match(value)
    if org_id:
        match = _ORG_ID.match(value) or _BARE.match(value)
        vat = _VAT_ID.match(value)
        if vat and vat_key(vat.group(2)) == vat.group(1):
            return vat.group(2)
    return match.group(1) if match else None


def sirene_numbers(ou_values: list[str], org_ids: list[str]) -> tuple[str | None, str | None]:
    """(SIREN, SIRET) from `OU=0002 <n>` or organizationIdentifier `NTRFR-<n>`, `VATFR-kk<SIREN>`, `<n>`.

    A SIRET (14 digits) also gives its SIREN (its first 9); numbers failing their check (Luhn; La
    Poste's rule for its SIRETs; the VAT key) are ignored.
    """
    siren: str | None = None
    siret: str | None = None
    candidates = [(v, False) for v in ou_values] + [(v, True) for v in org_ids]
    for value, org_id in candidates:
        number = _number(value, org_id=org_id)
        if number is None:
            continue
        if len(number) == 14 and siret_ok(number) and luhn_ok(number[:9]) and siret is None:
            if siren in (None, number[:9]):
                siret, siren = number, number[:9]
        elif len(number) == 9 and luhn_ok(number) and siren is None:
            siren = number
    return siren, siret


def _attr(name: x509.Name, oid: x509.ObjectIdentifier) -> list[str]:
    return [str(a.value) for a in name.get_attributes_for_oid(oid)]


def _holder(subject: x509.Name) -> str:
    cn = _attr(subject, NameOID.COMMON_NAME)
    if cn:
        return cn[0]
    parts = _attr(subject, NameOID.GIVEN_NAME) + _attr(subject, NameOID.SURNAME)
    return " ".join(parts)


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


def _email(cert: x509.Certificate) -> str | None:
    emails = _attr(cert.subject, NameOID.EMAIL_ADDRESS)
    san = _extension(cert, ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    if isinstance(san, x509.SubjectAlternativeName):
        emails += san.get_values_for_type(x509.RFC822Name)
    return emails[0] if emails else None


def spki_sha256(spki_der: bytes) -> str:
    return hashlib.sha256(spki_der).hexdigest()


# The app's scan worker reads the same certificates again each time a token changes; parsing is
# most of a scan's cost, and depends only on the bytes and the catalogue.
_CACHE: dict[bytes, tuple[Catalogue, ParsedCertificate]] = {}
_CACHE_SIZE = 2048


def parse_certificate(der: bytes, catalogue: Catalogue) -> ParsedCertificate:
    """Parse DER bytes; raise UnreadableCertificate with a reason a person can read."""
    key = hashlib.sha256(der).digest()
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is catalogue:
        return hit[1]
    parsed = _parse(der, catalogue)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.clear()
    _CACHE[key] = (catalogue, parsed)
    return parsed


def _parse(der: bytes, catalogue: Catalogue) -> ParsedCertificate:
    if not der:
        raise UnreadableCertificate("empty")
    with warnings.catch_warnings():
        # Real CA certificates carry negative serial numbers, and CNs over 64 characters read fine:
        # cryptography warns about both (CryptographyDeprecationWarning, UserWarning) on stderr.
        warnings.simplefilter("ignore")
        return _parse_quietly(der, catalogue)


def _parse_quietly(der: bytes, catalogue: Catalogue) -> ParsedCertificate:
    try:
        cert = x509.load_der_x509_certificate(der)
        subject, issuer = cert.subject, cert.issuer
        subject_text, issuer_text = subject.rfc4514_string(), issuer.rfc4514_string()
        not_before, not_after = cert.not_valid_before_utc, cert.not_valid_after_utc
        spki = cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
        policies_ext = _extension(cert, ExtensionOID.CERTIFICATE_POLICIES)
        qc_ext = _extension(cert, QC_STATEMENTS)
        basic = _extension(cert, ExtensionOID.BASIC_CONSTRAINTS)
        key_usage, eku, email = _key_usage(cert), _eku(cert), _email(cert)
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
    qc = tuple(dict.fromkeys(_der_oids(qc_raw)))
    org_ids = _attr(subject, ORGANIZATION_IDENTIFIER)
    siren, siret = sirene_numbers(_attr(subject, NameOID.ORGANIZATIONAL_UNIT_NAME), org_ids)
    issuer_cn = (_attr(issuer, NameOID.COMMON_NAME) or [""])[0]
    issuer_o = (_attr(issuer, NameOID.ORGANIZATION_NAME) or [""])[0]
    classification = classify(issuer_cn, issuer_o, policies, qc, catalogue)

    return ParsedCertificate(
        sha256=hashlib.sha256(der).hexdigest(),
        subject=subject_text,
        issuer=issuer_text,
        holder=_holder(subject),
        organisation=(_attr(subject, NameOID.ORGANIZATION_NAME) or [""])[0],
        siren=siren,
        siret=siret,
        email=email,
        serial_number=serial,
        not_before=not_before,
        not_after=not_after,
        key_usage=key_usage,
        extended_key_usage=eku,
        policies=policies,
        qc_statements=qc,
        assurance=assurance_of(classification),
        qualified=classification.qualified,
        issuer_known=classification.issuer_id is not None,
        provider=classification.provider,
        public_key_sha256=spki_sha256(spki),
        is_ca=bool(isinstance(basic, x509.BasicConstraints) and basic.ca),
        issuer_name=issuer_cn or issuer_o or issuer_text,
        organisation_id=org_ids[0] if org_ids else None,
        classification=classification,
        der_base64=base64.b64encode(der).decode("ascii"),
    )


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
