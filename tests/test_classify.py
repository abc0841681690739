"""Provider, level and eIDAS status from the certificate itself, with the real ChamberSign CA certificates.

The CA certificates in resources/anchors/ are the real public ones (French Trusted List). A leaf
"under" one of them carries that CA's exact subject as its issuer name, plus the Trusted List's
policy OID and the QC statements it implies, as ChamberSign's real leaves do.
"""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from certhelper.core.assessment.assess import judge
from certhelper.core.guidance.catalogue import load as load_catalogue
from certhelper.core.model import Certificate, Module, PinState, Snapshot, Token
from certhelper.core.settings import Settings
from certhelper.core.tokens.certificates import parse_certificate
from certhelper.core.tokens.sirene import sirene_numbers, vat_key
from certhelper.core.workstation.drivers import Drivers
from certhelper.demo.chain import (
    QC_STATEMENTS,
    TL_POLICIES,
    chambersign_like_hierarchy,
    holder_certificate,
    make_ca,
    qc_statements_der,
    qc_statements_for_policy,
    tl_holder_certificate,
)
from certhelper.paths import resources_dir

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
CAT = load_catalogue(extra_dirs=[])
ANCHORS = resources_dir() / "anchors"


def _real(name: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate((ANCHORS / name).read_bytes())


CA3_QUALIFIED = _real("chambersign-france-ca3-qualified-eid.pem")
CA3_NG_QUALIFIED = _real("chambersign-france-ca3-ng-qualified-eid.pem")
AC2 = _real("expired/chambersign-france-ac-2-etoiles.pem")
AC3 = _real("expired/chambersign-france-ac-3-etoiles.pem")
SIGN2 = _real("expired/chambersign-signature-2.pem")
SIGN3 = _real("expired/chambersign-signature-3.pem")


def leaf_under(
    ca: x509.Certificate, policies: tuple[str, ...] = (), qc: bytes | None = None, *, valid_at: dt.datetime = NOW
) -> Certificate:
    """A holder certificate naming `ca` exactly as its issuer (signed by a throwaway key: classification
    reads names and OIDs; the chain tests check signatures)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name(
        [
            x509.NameAttribute(x509.NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, "Commune de Plérin"),
            x509.NameAttribute(x509.NameOID.ORGANIZATIONAL_UNIT_NAME, "0002 212201859"),
            x509.NameAttribute(x509.NameOID.COMMON_NAME, "Hélène LE GOFF"),
        ]
    )
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_at - dt.timedelta(days=100))
        .not_valid_after(valid_at + dt.timedelta(days=900))
    )
    if policies:
        infos = [x509.PolicyInformation(x509.ObjectIdentifier(p), None) for p in policies]
        builder = builder.add_extension(x509.CertificatePolicies(infos), critical=False)
    if qc is not None:
        builder = builder.add_extension(x509.UnrecognizedExtension(QC_STATEMENTS, qc), critical=False)
    der = builder.sign(key, hashes.SHA256()).public_bytes(Encoding.DER)
    return Certificate(id="01", label="leaf", **vars(parse_certificate(der, CAT)))


def _findings(cert: Certificate) -> set[str]:
    token = Token(0, "s", "Clé", "Idopte", "m", "1234", PinState(), certificates=(cert,))
    snapshot = Snapshot(NOW, (Module("/usr/lib/SCMiddleware/libidop11.so", "catalogue:idopte", tokens=(token,)),))
    return {f.code for f in judge(snapshot, Drivers(os="linux", found=()), NOW, CAT, Settings()).findings}


# --- the real CA certificates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cert", "issuer_id", "qualified_service"),
    [
        (CA3_QUALIFIED, "chambersign-ca3-qualified-eid", True),
        (CA3_NG_QUALIFIED, "chambersign-ca3-ng-qualified-eid", True),
        (AC2, "chambersign-ac-2-etoiles", True),
        (AC3, "chambersign-ac-3-etoiles", True),
        (SIGN2, "chambersign-signature-2", False),
        (SIGN3, "chambersign-signature-3", False),
    ],
)
def test_catalogue_names_are_the_real_ca_subjects(
    cert: x509.Certificate, issuer_id: str, qualified_service: bool
) -> None:
    cn = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
    o = cert.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)[0].value
    spec = CAT.find_issuer(str(cn), str(o))
    assert spec is not None and spec.id == issuer_id and spec.provider == "chambersign"
    assert spec.qualified is qualified_service


def test_real_ca_certificates_are_the_trusted_list_ones() -> None:
    assert CA3_QUALIFIED.not_valid_before_utc.date() == dt.date(2018, 12, 4)
    assert CA3_QUALIFIED.not_valid_after_utc.date() == dt.date(2028, 12, 4)
    assert CA3_NG_QUALIFIED.not_valid_before_utc.date() == dt.date(2019, 10, 30)
    assert CA3_NG_QUALIFIED.not_valid_after_utc.date() == dt.date(2029, 10, 30)
    for ca in (CA3_QUALIFIED, CA3_NG_QUALIFIED):
        assert ca.issuer.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == "ChamberSign France CA3 Root"
        assert ca.subject.get_attributes_for_oid(x509.ObjectIdentifier("2.5.4.97"))[0].value == "NTRFR-433702479"
    # The CA certificates themselves read as ChamberSign's, with the SIREN of their subject.
    parsed = parse_certificate(CA3_NG_QUALIFIED.public_bytes(Encoding.DER), CAT)
    assert parsed.is_ca and parsed.siren == "433702479" and parsed.provider == "chambersign"


# --- leaves under the qualified CAs: every Trusted List policy --------------------------------------

EXPECTED = {  # policy: (level, qscd, person)
    "1.2.250.1.96.1.8.2.1": ("RGS**", False, "natural"),
    "1.2.250.1.96.1.8.2.2": ("RGS***", True, "natural"),
    "1.2.250.1.96.1.8.2.3": ("RGS**", False, "legal"),
    "1.2.250.1.96.1.8.2.4": ("RGS***", True, "legal"),
    "1.2.250.1.96.1.8.2.6": ("RGS**", False, "natural"),
}


@pytest.mark.parametrize("ca", [CA3_QUALIFIED, CA3_NG_QUALIFIED], ids=["CA3 Qualified eID", "CA3 NG Qualified eID"])
@pytest.mark.parametrize("policy", sorted(EXPECTED))
def test_qualified_leaf_under_each_real_ca(ca: x509.Certificate, policy: str) -> None:
    cert = leaf_under(ca, (policy,), qc_statements_for_policy(policy))
    c = cert.classification
    level, qscd, person = EXPECTED[policy]
    assert (c.provider, c.level, c.qualified, c.qscd, c.person) == ("chambersign", level, True, qscd, person)
    assert cert.provider == "chambersign" and cert.assurance == level and cert.qualified and cert.issuer_known
    assert c.disagreements == ()
    sources = {e.field: e.source for e in c.evidence}
    assert sources["level"].startswith(f"policy {policy}")
    assert "QcCompliance 0.4.0.1862.1.1" in sources["qualified"]
    assert sources["qscd"] == (
        "QcStatement QcSSCD 0.4.0.1862.1.4" if qscd else "QC statements without QcSSCD 0.4.0.1862.1.4"
    )
    assert "QcType" in sources["person"]
    assert sources["provider"].startswith("issuer CN=ChamberSign France CA3")
    assert not {"provider-unknown", "level-insufficient"} & _findings(cert)


def test_policy_alone_is_enough_where_the_certificate_has_no_qc_statements() -> None:
    cert = leaf_under(CA3_NG_QUALIFIED, ("1.2.250.1.96.1.8.2.2",))
    c = cert.classification
    assert (c.qualified, c.qscd, c.person, c.level) == (True, True, "natural", "RGS***")
    assert {e.field: e.source for e in c.evidence}["qscd"].startswith("policy 1.2.250.1.96.1.8.2.2")


def test_certificate_wins_where_it_disagrees_with_the_catalogue() -> None:
    # .8.2.2 means "with QSCD", but the certificate's QC statements carry no QcSSCD: it says no QSCD.
    cert = leaf_under(CA3_QUALIFIED, ("1.2.250.1.96.1.8.2.2",), qc_statements_der(sscd=False))
    c = cert.classification
    assert c.qscd is False
    assert [(d.field, d.certificate) for d in c.disagreements] == [("qscd", "false")]
    # A seal policy on a certificate whose QcType says esign: the certificate's "natural" is reported.
    seal = leaf_under(CA3_QUALIFIED, ("1.2.250.1.96.1.8.2.4",), qc_statements_der("0.4.0.1862.1.6.1"))
    assert seal.classification.person == "natural"
    assert ("person", "natural") in [(d.field, d.certificate) for d in seal.classification.disagreements]


# --- CA3 NG RGS: RGS**, not a qualified service ------------------------------------------------------


def test_ca3_ng_rgs_leaf_is_rgs2_and_not_qualified() -> None:
    hierarchy = chambersign_like_hierarchy(NOW)
    der = holder_certificate(
        hierarchy.ng_rgs,
        ec.generate_private_key(ec.SECP256R1()).public_key(),
        given_name="Gaël",
        surname="Tanguy",
        organisation="Commune de Plérin",
        siren="212201859",
        not_before=NOW - dt.timedelta(days=10),
        not_after=NOW + dt.timedelta(days=800),
    ).public_bytes(Encoding.DER)
    c = parse_certificate(der, CAT).classification
    assert (c.provider, c.level, c.qualified, c.qscd) == ("chambersign", "RGS**", False, None)
    assert c.evidence[-1].source.startswith("issuer ChamberSign France CA3 NG RGS")


def test_qc_statements_on_a_ca3_ng_rgs_leaf_are_reported_as_found_and_flagged() -> None:
    hierarchy = chambersign_like_hierarchy(NOW)
    cert = holder_certificate(
        hierarchy.ng_rgs,
        ec.generate_private_key(ec.SECP256R1()).public_key(),
        given_name="Gaël",
        surname="Tanguy",
        organisation="Commune de Plérin",
        siren="212201859",
        not_before=NOW - dt.timedelta(days=10),
        not_after=NOW + dt.timedelta(days=800),
        qualified=True,
        policies=("1.2.250.1.96.1.8.2.2",),  # a Trusted List policy the list does not give this CA
    )
    c = parse_certificate(cert.public_bytes(Encoding.DER), CAT).classification
    assert c.qualified  # what the certificate says (QcCompliance) ...
    fields = {d.field for d in c.disagreements}
    assert {"qualified", "policy"} <= fields  # ... and that the catalogue says otherwise
    assert c.level == "RGS**"  # the misplaced policy's RGS*** is not taken


def test_demo_hierarchy_qualified_leaves_are_qualified() -> None:
    hierarchy = chambersign_like_hierarchy(NOW)
    for ca in (hierarchy.qualified, hierarchy.ng_qualified):
        for policy in TL_POLICIES:
            cert = tl_holder_certificate(
                ca,
                ec.generate_private_key(ec.SECP256R1()).public_key(),
                policy=policy,
                given_name="Anne",
                surname="Kerhervé",
                organisation="Commune de Plérin",
                siren="212201859",
                not_before=NOW - dt.timedelta(days=1),
                not_after=NOW + dt.timedelta(days=900),
            )
            c = parse_certificate(cert.public_bytes(Encoding.DER), CAT).classification
            assert c.qualified and c.level == EXPECTED[policy][0] and c.qscd is EXPECTED[policy][1], policy


# --- older CAs ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ca", "policies", "level"),
    [
        (AC2, ("1.2.250.1.96.1.7.2.4.1",), "RGS**"),
        (AC3, ("1.2.250.1.96.1.7.1.1.3",), "RGS***"),
        (SIGN2, ("1.2.250.1.96.1.6",), "RGS**"),
        (SIGN3, ("1.2.250.1.96.1.6",), "RGS***"),
    ],
)
def test_older_chambersign_cas(ca: x509.Certificate, policies: tuple[str, ...], level: str) -> None:
    cert = leaf_under(ca, policies, valid_at=dt.datetime(2019, 1, 1, tzinfo=dt.UTC))
    assert cert.classification.provider == "chambersign" and cert.classification.level == level
    assert not cert.classification.qualified and cert.classification.disagreements == ()


# --- not ChamberSign --------------------------------------------------------------------------------


def test_camerfirma_global_chambersign_root_is_not_chambersign() -> None:
    camerfirma = make_ca("Global Chambersign Root", "AC Camerfirma SA CIF A82743287", not_before=NOW, years=5)
    cert = leaf_under(camerfirma.certificate, ("0.4.0.194112.1.2",), qc_statements_der())
    c = cert.classification
    assert c.provider is None and c.issuer_id is None and cert.provider is None
    assert c.qualified and c.qscd  # a foreign qualified certificate is still qualified ...
    assert cert.assurance == "eIDAS-qualified" and c.level is None  # ... at no RGS level anyone listed
    assert "provider-unknown" in _findings(cert)


def test_substring_of_a_chambersign_name_is_not_enough() -> None:
    fake = make_ca("ChamberSign France CA3 Qualified eID v2", "ChamberSign France", not_before=NOW, years=5)
    assert leaf_under(fake.certificate, ("1.2.250.1.96.1.8.2.2",)).classification.provider is None


# --- SIREN and organisation ---------------------------------------------------------------------------


def test_organization_identifier_forms() -> None:
    assert vat_key("433702479") == "83"
    assert sirene_numbers([], ["VATFR-83433702479"]) == ("433702479", None)  # ChamberSign's own
    assert sirene_numbers([], ["VATFR-84433702479"]) == (None, None)  # wrong VAT key
    assert sirene_numbers([], ["NTRFR-433702479"]) == ("433702479", None)
    assert sirene_numbers([], ["NTRFR-28440002500011"]) == ("284400025", "28440002500011")  # the facts sheet's
    assert sirene_numbers([], ["212201859"]) == ("212201859", None)  # a bare SIREN
    assert sirene_numbers([], ["21220185900015"]) == ("212201859", "21220185900015")  # a bare SIRET
    assert sirene_numbers(["0002 433702479"], []) == ("433702479", None)
    assert sirene_numbers(["0002 212201859"], ["VATFR-83433702479"]) == ("212201859", None)  # OU first


def test_la_poste_sirets_follow_their_own_rule() -> None:
    # 35600000049837 fails Luhn but its digit sum (45) is a multiple of 5: valid for La Poste only.
    assert sirene_numbers(["0002 35600000049837"], []) == ("356000000", "35600000049837")
    assert sirene_numbers([], ["NTRFR-35600000049837"]) == ("356000000", "35600000049837")
    assert sirene_numbers([], ["NTRFR-35600000049838"]) == (None, None)  # digit sum 46: not La Poste's rule
    # Elsewhere the same digit-sum trick is no excuse: a SIRET failing Luhn is ignored.
    assert sirene_numbers(["0002 21220185900016"], []) == (None, None)


def test_organisation_identifier_is_kept_as_written() -> None:
    parsed = parse_certificate(CA3_QUALIFIED.public_bytes(Encoding.DER), CAT)
    assert parsed.organisation_id == "NTRFR-433702479" and parsed.organisation == "ChamberSign France"
