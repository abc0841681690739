"""Reading single certificates: holder, SIREN/SIRET with their Luhn key, level from the catalogue."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from certhelper.core.guidance import catalogue
from certhelper.core.tokens.certificates import parse_certificate
from certhelper.core.tokens.sirene import luhn_ok, sirene_numbers
from certhelper.core.tokens.x509_fields import UnreadableCertificate
from certhelper.demo.chain import chambersign_like_chain, holder_certificate, make_ca

NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)
CAT = catalogue.load()


def holder(ca, **overrides) -> bytes:
    fields = dict(
        given_name="Élodie",
        surname="Le Bihan",
        organisation="Mairie de Lannion",
        siren="212201859",
        not_before=NOW - dt.timedelta(days=10),
        not_after=NOW + dt.timedelta(days=1085),
    )
    fields.update(overrides)
    cert = holder_certificate(ca, ec.generate_private_key(ec.SECP256R1()).public_key(), **fields)
    return cert.public_bytes(Encoding.DER)


def test_luhn_key_of_siren_and_siret() -> None:
    assert luhn_ok("212201859") and not luhn_ok("212201850")
    assert sirene_numbers(["0002 212201859"], []) == ("212201859", None)
    assert sirene_numbers([], ["NTRFR-21220185900015"]) == ("212201859", "21220185900015")
    assert sirene_numbers(["0002 212201850"], ["NTRFR-21220185000014"]) == (None, None)  # wrong keys: ignored
    assert sirene_numbers(["Service informatique"], ["VATFR-12345678901"]) == (None, None)


def test_chambersign_like_holder_certificate() -> None:
    _, issuing = chambersign_like_chain(NOW)
    parsed = parse_certificate(holder(issuing, email="elodie@example.fr"), CAT)
    assert parsed.holder == "Élodie LE BIHAN"
    assert parsed.organisation == "Mairie de Lannion"
    assert (parsed.siren, parsed.siret) == ("212201859", "21220185900015")
    # "CA3 NG RGS" is an RGS** CA, not a qualified-certificate service: its leaves are not qualified.
    assert parsed.assurance == "RGS**" and not parsed.qualified and parsed.provider == "chambersign"
    assert parsed.issuer_name == "ChamberSign France CA3 NG RGS"
    assert parsed.classification.issuer_id == "chambersign-ca3-ng-rgs" and parsed.classification.level == "RGS**"
    assert parsed.organisation_id == "NTRFR-21220185900015" and parsed.der_base64
    assert parsed.email == "elodie@example.fr"
    assert parsed.not_after == NOW + dt.timedelta(days=1085)


def test_camerfirma_global_chambersign_root_is_not_chambersign_france() -> None:
    camerfirma = make_ca("Global Chambersign Root", "AC Camerfirma SA CIF A82743287", not_before=NOW, years=5)
    parsed = parse_certificate(holder(camerfirma, qualified=False), CAT)
    assert parsed.provider is None and not parsed.issuer_known
    assert parsed.assurance == "unknown"


def test_unknown_issuer_with_qualified_markers_is_eidas_qualified() -> None:
    other = make_ca("Autre AC Qualifiée", "Prestataire Tiers", not_before=NOW, years=5)
    parsed = parse_certificate(holder(other, qualified=True), CAT)
    assert parsed.assurance == "eIDAS-qualified" and parsed.provider is None


def test_holder_from_given_name_and_surname_when_there_is_no_cn() -> None:
    _, issuing = chambersign_like_chain(NOW)
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.GIVEN_NAME, "Yann"), x509.NameAttribute(NameOID.SURNAME, "Quéré")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuing.name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(NOW)
        .not_valid_after(NOW + dt.timedelta(days=30))
        .sign(issuing.key, __import__("cryptography.hazmat.primitives.hashes", fromlist=["SHA256"]).SHA256())
    )
    parsed = parse_certificate(cert.public_bytes(Encoding.DER), CAT)
    assert parsed.holder == "Yann Quéré" and parsed.siren is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b"\x30\x03\x02\x01", "truncated"), (b"hello", "not-x509")],
)
def test_garbage_is_unreadable_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableCertificate) as info:
        parse_certificate(data, CAT)
    assert info.value.code == reason


def test_truncated_certificate_is_unreadable() -> None:
    _, issuing = chambersign_like_chain(NOW)
    der = holder(issuing)
    with pytest.raises(UnreadableCertificate):
        parse_certificate(der[: len(der) // 2], CAT)
