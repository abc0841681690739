"""A certificate hierarchy that looks like ChamberSign's, made with `cryptography`, for the demo token
and the test suite: "CA3 Root" -> "CA3 NG RGS" (RGS**, not a qualified service) and "CA3 Qualified eID" /
"CA3 NG Qualified eID" (qualified services) -> holders with French subjects.

Nothing here is a real ChamberSign key or certificate; names mirror the real ones so that the
catalogue matches them the way it matches real certificates. Holders under the qualified CAs carry
the Trusted List's policy OIDs (1.2.250.1.96.1.8.2.x) and the QC statements those policies imply;
holders under "CA3 NG RGS" carry none (it does not issue qualified certificates).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

ORGANIZATION_IDENTIFIER = x509.ObjectIdentifier("2.5.4.97")
QC_STATEMENTS = x509.ObjectIdentifier("1.3.6.1.5.5.7.1.3")
TEST_POLICY = "1.2.250.1.999.1.1"  # a made-up policy under an unused French arc

CA3_ROOT = "ChamberSign France CA3 Root"
CA3_NG_RGS = "ChamberSign France CA3 NG RGS"
CA3_QUALIFIED = "ChamberSign France CA3 Qualified eID"
CA3_NG_QUALIFIED = "ChamberSign France CA3 NG Qualified eID"
CHAMBERSIGN_O = "ChamberSign France"
QC_ESIGN, QC_ESEAL = "0.4.0.1862.1.6.1", "0.4.0.1862.1.6.2"
# The Trusted List's leaf policies: (QSCD, natural person?) — see chambersign-facts.md.
TL_POLICIES = {
    "1.2.250.1.96.1.8.2.1": (False, True),
    "1.2.250.1.96.1.8.2.2": (True, True),
    "1.2.250.1.96.1.8.2.3": (False, False),
    "1.2.250.1.96.1.8.2.4": (True, False),
    "1.2.250.1.96.1.8.2.6": (False, True),  # dual use (signature + authentication): the Mégalis product, likely
}
DUAL_USE_POLICY = "1.2.250.1.96.1.8.2.6"


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


def qc_statements_der(qc_type: str = QC_ESIGN, *, sscd: bool = True) -> bytes:
    """QCStatements: QcCompliance, QcSSCD (when `sscd`) and QcType (esign by default), as ETSI EN 319 412-5."""
    statements = [_der(0x30, _der_oid("0.4.0.1862.1.1"))]
    if sscd:
        statements.append(_der(0x30, _der_oid("0.4.0.1862.1.4")))
    statements.append(_der(0x30, _der_oid("0.4.0.1862.1.6") + _der(0x30, _der_oid(qc_type))))
    return _der(0x30, b"".join(statements))


def qc_statements_for_policy(policy: str) -> bytes:
    """The QC statements a leaf under a Trusted List policy carries (QcSSCD only with a QSCD)."""
    qscd, natural = TL_POLICIES[policy]
    return qc_statements_der(QC_ESIGN if natural else QC_ESEAL, sscd=qscd)


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
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if parent is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(parent.key.public_key()), critical=False
        )
    cert = builder.sign(parent.key if parent else key, hashes.SHA256())
    return Authority(name, key, cert)


@dataclass(frozen=True)
class Hierarchy:
    root: Authority
    ng_rgs: Authority  # RGS**, not a qualified-certificate service
    qualified: Authority  # "CA3 Qualified eID"
    ng_qualified: Authority  # "CA3 NG Qualified eID"

    def by_name(self, which: str) -> Authority:
        """ "root", "ca3-ng-rgs", "ca3-qualified-eid" or "ca3-ng-qualified-eid"."""
        return {
            "root": self.root,
            "ca3-ng-rgs": self.ng_rgs,
            "ca3-qualified-eid": self.qualified,
            "ca3-ng-qualified-eid": self.ng_qualified,
        }[which]


def chambersign_like_hierarchy(now: dt.datetime) -> Hierarchy:
    """ChamberSign France's CA3 hierarchy, look-alike: one root, three issuing CAs."""
    root = make_ca(CA3_ROOT, CHAMBERSIGN_O, not_before=now - dt.timedelta(days=2000), years=20)
    start = now - dt.timedelta(days=1800)
    return Hierarchy(
        root=root,
        ng_rgs=make_ca(CA3_NG_RGS, CHAMBERSIGN_O, parent=root, not_before=start, years=10),
        qualified=make_ca(CA3_QUALIFIED, CHAMBERSIGN_O, parent=root, not_before=start, years=10),
        ng_qualified=make_ca(CA3_NG_QUALIFIED, CHAMBERSIGN_O, parent=root, not_before=start, years=10),
    )


def chambersign_like_chain(now: dt.datetime) -> tuple[Authority, Authority]:
    """(root, "CA3 NG RGS") named like ChamberSign France's CA3 hierarchy."""
    hierarchy = chambersign_like_hierarchy(now)
    return hierarchy.root, hierarchy.ng_rgs


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
    qualified: bool = False,
    policies: tuple[str, ...] = (TEST_POLICY,),
    qc_statements: bytes | None = None,
    ocsp_url: str | None = None,
    crl_url: str | None = None,
    ca_issuers_url: str | None = None,
    serial: int | None = None,
) -> x509.Certificate:
    """A holder certificate shaped like a French RGS** one: O, OU=0002 SIREN, organizationIdentifier.

    `qualified` adds QC statements (`qc_statements`, else QcCompliance + QcSSCD + QcType esign);
    the URLs add Authority Information Access (OCSP, CA Issuers) and CRL Distribution Points.
    """
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
        .serial_number(serial or x509.random_serial_number())
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
        value = qc_statements if qc_statements is not None else qc_statements_der()
        builder = builder.add_extension(x509.UnrecognizedExtension(QC_STATEMENTS, value), critical=False)
    access = [
        x509.AccessDescription(method, x509.UniformResourceIdentifier(url))
        for method, url in (
            (AuthorityInformationAccessOID.OCSP, ocsp_url),
            (AuthorityInformationAccessOID.CA_ISSUERS, ca_issuers_url),
        )
        if url
    ]
    if access:
        builder = builder.add_extension(x509.AuthorityInformationAccess(access), critical=False)
    if crl_url:
        point = x509.DistributionPoint([x509.UniformResourceIdentifier(crl_url)], None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    builder = builder.add_extension(
        x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False
    )
    return builder.sign(ca.key, hashes.SHA256())


def tl_holder_certificate(
    ca: Authority, public_key: Any, *, policy: str = DUAL_USE_POLICY, **fields: Any
) -> x509.Certificate:
    """A holder under a qualified CA: the Trusted List policy `policy` and the QC statements it implies."""
    return holder_certificate(
        ca, public_key, policies=(policy,), qualified=True, qc_statements=qc_statements_for_policy(policy), **fields
    )


def rsa_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)
