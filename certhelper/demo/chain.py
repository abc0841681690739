"""A certificate chain that looks like ChamberSign's, made with `cryptography`, for the demo token
and the test suite: root -> "CA3 NG RGS"-like CA -> holders with French subjects.

Nothing here is a real ChamberSign key or certificate; names mirror the real ones so that the
catalogue matches them the way it matches real certificates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ORGANIZATION_IDENTIFIER = x509.ObjectIdentifier("2.5.4.97")
QC_STATEMENTS = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")
TEST_POLICY = "1.2.250.1.999.1.1"  # a made-up policy under an unused French arc


def luhn_complete(digits: str) -> str:
    """`digits` plus the check digit that makes the Luhn sum right (SIREN/SIRET style)."""
    for check in "0123456789":
        candidate = digits + check
        total = 0
        for i, ch in enumerate(reversed(candidate)):
            n = int(ch) * (2 if i % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable")


def siret_for(siren: str, establishment: str = "0001") -> str:
    return luhn_complete(siren + establishment)


def _der(tag: int, body: bytes) -> bytes:
    n = len(body)
    if n < 0x80:
        return bytes([tag, n]) + body
    size = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(size)]) + size + body


def _der_oid(dotted: str) -> bytes:
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body += bytes(reversed(chunk))
    return _der(0x06, bytes(body))


def qc_statements_der(qc_type: str = "0.4.0.1862.1.6.1") -> bytes:
    """QCStatements: QcCompliance, QcSSCD and QcType (esign by default), as ETSI EN 319 412-5."""
    statements = [
        _der(0x30, _der_oid("0.4.0.1862.1.1")),
        _der(0x30, _der_oid("0.4.0.1862.1.4")),
        _der(0x30, _der_oid("0.4.0.1862.1.6") + _der(0x30, _der_oid(qc_type))),
    ]
    return _der(0x30, b"".join(statements))


@dataclass(frozen=True)
class Authority:
    name: x509.Name
    key: Any
    certificate: x509.Certificate


def _name(cn: str, o: str, c: str = "FR", extra: list[x509.NameAttribute] | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, c), x509.NameAttribute(NameOID.ORGANIZATION_NAME, o)]
    attrs += extra or []
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def make_ca(
    cn: str,
    o: str,
    *,
    parent: Authority | None = None,
    not_before: dt.datetime,
    years: int,
) -> Authority:
    key = ec.generate_private_key(ec.SECP256R1())
    name = _name(cn, o)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(parent.name if parent else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before.replace(year=not_before.year + years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None if parent is None else 0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
    )
    cert = builder.sign(parent.key if parent else key, hashes.SHA256())
    return Authority(name, key, cert)


def chambersign_like_chain(now: dt.datetime) -> tuple[Authority, Authority]:
    """(root, issuing CA) named like ChamberSign France's CA3 hierarchy."""
    root = make_ca(
        "ChamberSign France CA3 Root", "ChamberSign France", not_before=now - dt.timedelta(days=2000), years=20
    )
    issuing = make_ca(
        "ChamberSign France CA3 NG RGS",
        "ChamberSign France",
        parent=root,
        not_before=now - dt.timedelta(days=1800),
        years=10,
    )
    return root, issuing


def holder_certificate(
    ca: Authority,
    public_key: Any,
    *,
    given_name: str,
    surname: str,
    organisation: str,
    siren: str,
    not_before: dt.datetime,
    not_after: dt.datetime,
    email: str | None = None,
    qualified: bool = True,
    policies: tuple[str, ...] = (TEST_POLICY,),
) -> x509.Certificate:
    """A holder certificate shaped like a French RGS** one: O, OU=0002 SIREN, organizationIdentifier."""
    siret = siret_for(siren)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"0002 {siren}"),
            x509.NameAttribute(ORGANIZATION_IDENTIFIER, f"NTRFR-{siret}"),
            x509.NameAttribute(NameOID.GIVEN_NAME, given_name),
            x509.NameAttribute(NameOID.SURNAME, surname.upper()),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{given_name} {surname.upper()}"),
        ]
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(
            x509.CertificatePolicies([x509.PolicyInformation(x509.ObjectIdentifier(p), None) for p in policies]),
            critical=False,
        )
    )
    if email:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
    if qualified:
        builder = builder.add_extension(x509.UnrecognizedExtension(QC_STATEMENTS, qc_statements_der()), critical=False)
    return builder.sign(ca.key, hashes.SHA256())


def rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)
