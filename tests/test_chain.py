"""Chain building without network: token CA certificates, shipped anchors, the administrator's anchors."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from certhelper.core.guidance.catalogue import load as load_catalogue
from certhelper.core.model import Certificate, Module, PinState, Snapshot, Token
from certhelper.core.settings import Settings
from certhelper.core.tokens.certificates import parse_certificate
from certhelper.core.trust.anchors import load_anchors
from certhelper.core.trust.evaluate import evaluate_trust
from certhelper.core.trust.model import ChainStatus, RevocationStatus
from certhelper.demo.chain import Authority, chambersign_like_hierarchy, tl_holder_certificate
from certhelper.paths import resources_dir

NOW = dt.datetime.now(dt.UTC)
CAT = load_catalogue(extra_dirs=[])
SHIPPED = {
    "186f37e8103d4d8250097561d55e8bb7eb1ef2f38f83ab36e16b94d41157bd7a": "ChamberSign France CA3 Qualified eID",
    "4193c75b6804c21c413093a774f38da874927c50c5f6951fe7f5c534d7264eb5": "ChamberSign France CA3 NG Qualified eID",
}


def _cert(der: bytes, ident: str) -> Certificate:
    return Certificate(id=ident, label=ident, **vars(parse_certificate(der, CAT)))


def _snapshot(*certs: Certificate) -> Snapshot:
    token = Token(0, "slot", "Clé", "Idopte", "m", "42", PinState(), certificates=certs)
    return Snapshot(NOW, (Module("/usr/lib/SCMiddleware/libidop11.so", "catalogue:idopte", tokens=(token,)),))


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "config" / "certhelper" / "catalogue" / "anchors"


def _holder(ca: Authority) -> Certificate:
    cert = tl_holder_certificate(
        ca,
        ec.generate_private_key(ec.SECP256R1()).public_key(),
        given_name="Hélène",
        surname="Le Goff",
        organisation="Commune de Plérin",
        siren="212201859",
        not_before=NOW - dt.timedelta(days=10),
        not_after=NOW + dt.timedelta(days=900),
    )
    return _cert(cert.public_bytes(Encoding.DER), "01")


def test_shipped_anchors_are_the_real_chambersign_cas(config: Path) -> None:
    anchors = load_anchors()
    found = {a.sha256.hex(): a.subject.native["common_name"] for a in anchors}
    assert found == SHIPPED
    for path in (resources_dir() / "anchors").glob("*.pem"):
        der = x509.load_pem_x509_certificate(path.read_bytes()).public_bytes(Encoding.DER)
        assert hashlib.sha256(der).hexdigest() in SHIPPED


def test_token_ca_and_administrator_anchor_make_a_complete_chain(config: Path) -> None:
    hierarchy = chambersign_like_hierarchy(NOW)
    holder = _holder(hierarchy.ng_qualified)
    issuing = _cert(hierarchy.ng_qualified.certificate.public_bytes(Encoding.DER), "ca")
    config.mkdir(parents=True)
    (config / "test-root.pem").write_bytes(hierarchy.root.certificate.public_bytes(Encoding.PEM))
    (config / "broken.pem").write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")

    trust = evaluate_trust(_snapshot(holder, issuing), CAT, Settings(), NOW, offline=True)
    assert list(trust) == [holder.sha256]  # holder certificates only
    chain = trust[holder.sha256].chain
    assert chain.status == ChainStatus.COMPLETE
    assert chain.names == ("Hélène LE GOFF", "ChamberSign France CA3 NG Qualified eID", "ChamberSign France CA3 Root")
    assert chain.path[0] == holder.sha256 and chain.path[1] == issuing.sha256
    assert trust[holder.sha256].revocation.status == RevocationStatus.NOT_CHECKED


def test_missing_intermediate_is_incomplete(config: Path) -> None:
    hierarchy = chambersign_like_hierarchy(NOW)
    holder = _holder(hierarchy.qualified)
    chain = evaluate_trust(_snapshot(holder), CAT, Settings(), NOW, offline=True)[holder.sha256].chain
    assert chain.status == ChainStatus.INCOMPLETE and chain.names == ("Hélène LE GOFF",)
    assert chain.missing == "ChamberSign France CA3 Qualified eID"  # what the chain-incomplete text names


def test_root_on_the_token_is_not_an_anchor(config: Path) -> None:
    hierarchy = chambersign_like_hierarchy(NOW)
    holder = _holder(hierarchy.qualified)
    on_token = [
        _cert(a.certificate.public_bytes(Encoding.DER), n)
        for n, a in (("ca", hierarchy.qualified), ("r", hierarchy.root))
    ]
    chain = evaluate_trust(_snapshot(holder, *on_token), CAT, Settings(), NOW, offline=True)[holder.sha256].chain
    assert chain.status == ChainStatus.UNTRUSTED and chain.names[-1] == "ChamberSign France CA3 Root"


def test_a_leaf_naming_a_real_ca_without_its_signature_is_not_complete(config: Path) -> None:
    """Names and key identifiers of the real CA3 NG Qualified eID, signed by another key: untrusted."""
    real = x509.load_pem_x509_certificate(
        (resources_dir() / "anchors" / "chambersign-france-ca3-ng-qualified-eid.pem").read_bytes()
    )
    key = ec.generate_private_key(ec.SECP256R1())
    ski = real.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    forged = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Mallory")]))
        .issuer_name(real.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=30))
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
        .sign(key, hashes.SHA256())
    )
    holder = _cert(forged.public_bytes(Encoding.DER), "m")
    assert holder.provider == "chambersign"  # the name alone says ChamberSign ...
    chain = evaluate_trust(_snapshot(holder), CAT, Settings(), NOW, offline=True)[holder.sha256].chain
    assert chain.status == ChainStatus.UNTRUSTED  # ... the signature does not


@pytest.mark.parametrize("offline", [True, False])
def test_certificates_decided_without_a_validator_get_what_the_validator_gives(
    config: Path, offline: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """evaluate._settled decides, without an event loop, the certificates no path can exist for: on
    every shape of chain its answer is the one the full evaluation (_one) gives."""
    from certhelper.core.trust import evaluate

    hierarchy = chambersign_like_hierarchy(NOW)
    orphan, with_ca, with_root = (_holder(hierarchy.qualified) for _ in range(3))
    ca, root = (
        _cert(a.certificate.public_bytes(Encoding.DER), n)
        for n, a in (("ca", hierarchy.qualified), ("r", hierarchy.root))
    )
    garbage = Certificate(**{**vars(orphan), "id": "g", "sha256": "00" * 32, "der_base64": "bm90IGRlcg=="})
    snapshots = [_snapshot(orphan, garbage), _snapshot(with_ca, ca), _snapshot(with_root, ca, root)]
    fast = [evaluate_trust(s, CAT, Settings(), NOW, offline=offline) for s in snapshots]
    monkeypatch.setattr(evaluate, "_settled", lambda *_: None)
    full = [evaluate_trust(s, CAT, Settings(), NOW, offline=offline) for s in snapshots]

    def comparable(trust: dict[str, object]) -> dict[str, object]:
        return {sha: repr(t).replace(f"checked_at={NOW!r}", "") for sha, t in trust.items()}

    assert [comparable(t) for t in fast] == [comparable(t) for t in full]
    assert fast[0][orphan.sha256].chain.status == ChainStatus.INCOMPLETE
    expected = RevocationStatus.NOT_CHECKED if offline else RevocationStatus.UNKNOWN
    assert fast[0][orphan.sha256].revocation.status == expected
