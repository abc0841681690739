"""The revocation verdict (core.trust.revocation): good, revoked or unknown, from which source, and how
long an answer is kept.

Real pyhanko-certvalidator and requests against an in-process HTTP responder (a thread, answers signed
here with `cryptography`): milliseconds per case, so these tests are also mutmut's judge for the
verdict (`make mutate`). The openssl responders, the CLI and the timeouts are in tests/test_revocation.py.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509 import ocsp
from cryptography.x509.oid import NameOID

from certhelper.core.trust import revocation
from certhelper.core.trust.model import Revocation, RevocationStatus

UTC = dt.UTC
NOW = dt.datetime.now(UTC).replace(microsecond=0)
REVOKED_AT = NOW - dt.timedelta(days=3)
NEXT_OCSP = NOW + dt.timedelta(hours=6)
NEXT_CRL = NOW + dt.timedelta(days=2)


@dataclass
class Responder:
    """What the local responder answers: "good", "revoked", "revoked-no-reason", "forged" (signed by
    another key), "garbage" (not DER) or "missing" (HTTP 404)."""

    ocsp: str = "good"
    crl: str = "good"
    hits: list[str] = field(default_factory=list)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


class PKI:
    def __init__(self) -> None:
        self.ca_key = ec.generate_private_key(ec.SECP256R1())
        self.ca = (
            x509.CertificateBuilder()
            .subject_name(_name("Verdict Test CA"))
            .issuer_name(_name("Verdict Test CA"))
            .public_key(self.ca_key.public_key())
            .serial_number(1)
            .not_valid_before(NOW - dt.timedelta(days=30))
            .not_valid_after(NOW + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.ca_key.public_key()), critical=False)
            .sign(self.ca_key, hashes.SHA256())
        )
        # Signs in the CA's name without its key: a self-signed look-alike of the CA.
        self.forger = ec.generate_private_key(ec.SECP256R1())
        self.forged_ca = (
            x509.CertificateBuilder()
            .subject_name(self.ca.subject)
            .issuer_name(self.ca.subject)
            .public_key(self.forger.public_key())
            .serial_number(2)
            .not_valid_before(NOW - dt.timedelta(days=30))
            .not_valid_after(NOW + dt.timedelta(days=3650))
            .sign(self.forger, hashes.SHA256())
        )
        self.responder = Responder()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.port = self.server.server_address[1]
        self.serial = 0x1234

    @property
    def ocsp_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ocsp"

    @property
    def crl_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/ca.crl"

    def leaf(
        self, *, ocsp_url: bool = True, crl_url: bool = True, relative_point: bool = False
    ) -> asn1_x509.Certificate:
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(_name("Marie Martin"))
            .issuer_name(self.ca.subject)
            .public_key(key.public_key())
            .serial_number(self.serial)
            .not_valid_before(NOW - dt.timedelta(days=10))
            .not_valid_after(NOW + dt.timedelta(days=300))
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()), critical=False)
        )
        if ocsp_url:
            access = x509.AccessDescription(
                x509.AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(self.ocsp_url)
            )
            builder = builder.add_extension(x509.AuthorityInformationAccess([access]), critical=False)
        if crl_url:
            point = x509.DistributionPoint([x509.UniformResourceIdentifier(self.crl_url)], None, None, None)
            builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
        if relative_point:  # a point named relative to the CRL issuer: no URL to fetch
            rdn = x509.RelativeDistinguishedName([x509.NameAttribute(NameOID.COMMON_NAME, "CRL1")])
            point = x509.DistributionPoint(None, rdn, None, None)
            builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
        cert = builder.sign(self.ca_key, hashes.SHA256())
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    def ocsp_answer(self, request_der: bytes) -> bytes:
        request = ocsp.load_der_ocsp_request(request_der)
        leaf = x509.load_der_x509_certificate(self._leaf_der)
        builder = ocsp.OCSPResponseBuilder()
        if self.responder.ocsp == "revoked":
            status, when, reason = ocsp.OCSPCertStatus.REVOKED, REVOKED_AT, x509.ReasonFlags.key_compromise
        else:
            status, when, reason = ocsp.OCSPCertStatus.GOOD, None, None
        builder = builder.add_response(
            cert=leaf,
            issuer=self.ca,
            algorithm=hashes.SHA256() if request.hash_algorithm.name == "sha256" else hashes.SHA1(),
            cert_status=status,
            this_update=NOW - dt.timedelta(minutes=5),
            next_update=NEXT_OCSP,
            revocation_time=when,
            revocation_reason=reason,
        )
        forged = self.responder.ocsp == "forged"
        builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, self.forged_ca if forged else self.ca)
        for ext in request.extensions:
            if isinstance(ext.value, x509.OCSPNonce):
                builder = builder.add_extension(ext.value, critical=False)
        key = self.forger if forged else self.ca_key
        return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def crl_answer(self) -> bytes:
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.ca.subject)
            .last_update(NOW - dt.timedelta(hours=1))
            .next_update(NEXT_CRL)
            .add_extension(x509.CRLNumber(1), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca_key.public_key()), critical=False)
        )
        if self.responder.crl.startswith("revoked"):
            revoked = x509.RevokedCertificateBuilder().serial_number(self.serial).revocation_date(REVOKED_AT)
            if self.responder.crl == "revoked":
                revoked = revoked.add_extension(x509.CRLReason(x509.ReasonFlags.superseded), critical=False)
            builder = builder.add_revoked_certificate(revoked.build())
        key = self.forger if self.responder.crl == "forged" else self.ca_key
        return builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    _leaf_der = b""

    def check(self, leaf: asn1_x509.Certificate, *, fetch: bool = True) -> tuple[Revocation, dt.datetime | None]:
        from pyhanko_certvalidator.authority import CertTrustAnchor
        from pyhanko_certvalidator.context import ValidationContext
        from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend
        from pyhanko_certvalidator.path import ValidationPath

        self._leaf_der = leaf.dump()
        root = asn1_x509.Certificate.load(self.ca.public_bytes(serialization.Encoding.DER))
        fetchers = RequestsFetcherBackend(per_request_timeout=5).get_fetchers() if fetch else None
        context = ValidationContext(
            trust_roots=[root], allow_fetching=fetch, fetchers=fetchers, revocation_mode="soft-fail", moment=NOW
        )
        path = ValidationPath(CertTrustAnchor(root), [], leaf)
        return asyncio.run(revocation.check(leaf, path, context, fetchers, NOW))


def _handler(pki: PKI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _send(self, kind: str, answer: bytes, content_type: str) -> None:
            pki.responder.hits.append(kind)
            mode = getattr(pki.responder, kind)
            if mode == "missing":
                self.send_error(404)
                return
            body = b"not DER at all" if mode == "garbage" else answer
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            request = self.rfile.read(int(self.headers["Content-Length"]))
            self._send("ocsp", pki.ocsp_answer(request), "application/ocsp-response")

        def do_GET(self) -> None:
            self._send("crl", pki.crl_answer(), "application/pkix-crl")

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def served() -> Iterator[PKI]:
    pki = PKI()
    thread = threading.Thread(target=pki.server.serve_forever, daemon=True)
    thread.start()
    yield pki
    pki.server.shutdown()
    pki.server.server_close()


@pytest.fixture
def pki(served: PKI) -> PKI:
    served.responder = Responder()
    return served


# ---- the verdict -----------------------------------------------------------------------------------


def test_good_by_ocsp_is_kept_until_the_responses_next_update(pki: PKI) -> None:
    answer, until = pki.check(pki.leaf())
    assert answer == Revocation(RevocationStatus.GOOD, source="ocsp", url=pki.ocsp_url, checked_at=NOW)
    assert until == NEXT_OCSP
    assert pki.responder.hits == ["ocsp"]  # OCSP answered: the CRL is not fetched


def test_revoked_by_ocsp_with_its_date_and_reason(pki: PKI) -> None:
    pki.responder.ocsp = "revoked"
    answer, until = pki.check(pki.leaf())
    assert answer == Revocation(RevocationStatus.REVOKED, REVOKED_AT, "key_compromise", "ocsp", pki.ocsp_url, NOW)
    assert until is None  # a revoked answer from OCSP is not cached by expiry date: asked again next time


def test_the_crl_when_the_certificate_names_no_ocsp_responder(pki: PKI) -> None:
    answer, until = pki.check(pki.leaf(ocsp_url=False))
    assert answer == Revocation(RevocationStatus.GOOD, source="crl", url=pki.crl_url, checked_at=NOW)
    assert until == NEXT_CRL
    assert pki.responder.hits == ["crl"]


def test_revoked_by_the_crl_with_its_date_and_reason(pki: PKI) -> None:
    pki.responder.crl = "revoked"
    answer, until = pki.check(pki.leaf(ocsp_url=False))
    assert answer == Revocation(RevocationStatus.REVOKED, REVOKED_AT, "superseded", "crl", pki.crl_url, NOW)
    assert until is None


def test_revoked_without_a_reason_is_unspecified(pki: PKI) -> None:
    pki.responder.crl = "revoked-no-reason"
    answer, _ = pki.check(pki.leaf(ocsp_url=False))
    assert answer == Revocation(RevocationStatus.REVOKED, REVOKED_AT, "unspecified", "crl", pki.crl_url, NOW)


def test_an_unusable_ocsp_answer_falls_back_to_the_crl(pki: PKI) -> None:
    pki.responder.ocsp, pki.responder.crl = "garbage", "revoked"
    answer, _ = pki.check(pki.leaf())
    assert (answer.status, answer.source, answer.url) == (RevocationStatus.REVOKED, "crl", pki.crl_url)
    assert pki.responder.hits == ["ocsp", "crl"]


def test_answers_that_cannot_be_verified_are_a_bad_response(pki: PKI) -> None:
    pki.responder.ocsp = pki.responder.crl = "forged"
    answer, until = pki.check(pki.leaf())
    assert answer == Revocation(RevocationStatus.UNKNOWN, url=pki.ocsp_url, checked_at=NOW, error="bad-response")
    assert until is None


def test_a_crl_that_cannot_be_verified_is_a_bad_response(pki: PKI) -> None:
    pki.responder.crl = "forged"
    answer, _ = pki.check(pki.leaf(ocsp_url=False))
    assert answer == Revocation(RevocationStatus.UNKNOWN, url=pki.crl_url, checked_at=NOW, error="bad-response")


@pytest.mark.parametrize("mode", ["missing", "garbage"])
def test_no_answer_that_can_be_read_is_unreachable(pki: PKI, mode: str) -> None:
    pki.responder.ocsp = pki.responder.crl = mode
    answer, until = pki.check(pki.leaf())
    assert answer == Revocation(RevocationStatus.UNKNOWN, url=pki.ocsp_url, checked_at=NOW, error="unreachable")
    assert until is None


def test_without_fetching_nothing_is_asked_and_the_answer_is_unknown(pki: PKI) -> None:
    answer, until = pki.check(pki.leaf(ocsp_url=False), fetch=False)
    assert answer == Revocation(RevocationStatus.UNKNOWN, url=pki.crl_url, checked_at=NOW, error="unreachable")
    assert until is None and pki.responder.hits == []


@pytest.mark.parametrize("relative_point", [False, True])
def test_a_certificate_naming_no_responder(pki: PKI, relative_point: bool) -> None:
    """No OCSP URL, and no CRL point or only one named relative to its issuer (no URL): nothing to ask."""
    answer, until = pki.check(pki.leaf(ocsp_url=False, crl_url=False, relative_point=relative_point))
    assert answer == Revocation(RevocationStatus.UNKNOWN, checked_at=NOW, error="no-responder")
    assert until is None and pki.responder.hits == []


def test_the_log_says_why_each_source_gave_nothing(pki: PKI, caplog: pytest.LogCaptureFixture) -> None:
    """The verdict carries a stable code only; the details are in the log, for support (README):
    which certificate, the error and, for OCSP, its cause."""
    pki.responder.ocsp = pki.responder.crl = "missing"
    with caplog.at_level(logging.INFO, logger=revocation.__name__):
        pki.check(pki.leaf())
    lines = [r.getMessage() for r in caplog.records if r.name == revocation.__name__]
    ocsp_line, crl_line = lines  # pyhanko's own words in between, not pinned here
    assert ocsp_line.startswith(f"OCSP gave no usable answer for {pki.serial}: OCSPFetchError(")
    assert ocsp_line.endswith(" (RequestException('status code 404'))")  # the error's cause
    assert crl_line.startswith(f"CRL gave no usable answer for {pki.serial}: ") and crl_line.endswith(pki.crl_url)


def test_a_forged_ocsp_answer_is_not_believed(pki: PKI, caplog: pytest.LogCaptureFixture) -> None:
    pki.responder.ocsp, pki.responder.crl = "forged", "good"
    with caplog.at_level(logging.INFO, logger=revocation.__name__):
        answer, _ = pki.check(pki.leaf())
    assert (answer.status, answer.source) == (RevocationStatus.GOOD, "crl")  # the CRL said it, not OCSP
    (line,) = [r.getMessage() for r in caplog.records if r.name == revocation.__name__]
    assert line.startswith(f"OCSP gave no usable answer for {pki.serial}: ") and "Fetch" not in line


# ---- the cache -------------------------------------------------------------------------------------

SHA = "ab" * 32
REVOKED = Revocation(RevocationStatus.REVOKED, REVOKED_AT, "key_compromise", "ocsp", "http://ocsp.example", NOW)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "certhelper" / "revocation"  # in the user cache folder (README, "Environment")


@pytest.fixture
def paris_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The process's local time zone is Paris (as on the users' machines), not UTC."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_verdict_is_reused_until_its_next_update_and_not_from_then(cache: Path) -> None:
    until = NOW + dt.timedelta(hours=2)
    revocation.store(SHA, REVOKED, until)
    assert revocation.cached(SHA, NOW) == REVOKED
    assert revocation.cached(SHA, until - dt.timedelta(seconds=1)) == REVOKED
    assert revocation.cached(SHA, until) is None
    assert revocation.cached("cd" * 32, NOW) is None  # another certificate


def test_the_cache_folder_looked_up_once_is_the_one_read(cache: Path, tmp_path: Path) -> None:
    """evaluate_trust looks the folder up once and passes it: that folder is read, not the default."""
    revocation.store(SHA, REVOKED, NOW + dt.timedelta(hours=2))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for stored in cache.iterdir():
        stored.rename(elsewhere / stored.name)
    assert revocation.cached(SHA, NOW) is None
    assert revocation.cached(SHA, NOW, elsewhere) == REVOKED


def test_a_good_answer_is_kept_with_its_source(cache: Path) -> None:
    good = Revocation(RevocationStatus.GOOD, source="crl", url="http://crl.example/ca.crl", checked_at=NOW)
    revocation.store(SHA, good, NOW + dt.timedelta(days=1))
    assert revocation.cached(SHA, NOW) == good


@pytest.mark.parametrize("status", [RevocationStatus.UNKNOWN, RevocationStatus.NOT_CHECKED])
def test_no_verdict_is_never_kept(cache: Path, status: RevocationStatus) -> None:
    revocation.store(SHA, Revocation(status, checked_at=NOW, error="unreachable"), NOW + dt.timedelta(days=1))
    assert revocation.cached(SHA, NOW) is None
    assert not cache.exists() or not any(cache.iterdir())


def test_a_verdict_without_expiry_is_not_kept(cache: Path) -> None:
    revocation.store(SHA, REVOKED, None)
    assert revocation.cached(SHA, NOW) is None
    assert not cache.exists() or not any(cache.iterdir())


def test_the_cache_file_says_when_and_in_utc(cache: Path, paris_clock: None) -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    revocation.store(SHA, REVOKED, (NOW + dt.timedelta(hours=2)).astimezone(paris))
    (file,) = cache.iterdir()
    # The name is a hash of the fingerprint (stable across releases: an upgrade keeps using the cache).
    assert file.name == hashlib.sha256(SHA.encode()).hexdigest()[:32] + ".json"
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["version"] == revocation.CACHE_VERSION and data["sha256"] == SHA
    assert data["valid_until"] == (NOW + dt.timedelta(hours=2)).isoformat()
    assert data["revocation"]["revoked_at"] == REVOKED_AT.isoformat()


@pytest.mark.parametrize(
    "change",
    [
        {"version": revocation.CACHE_VERSION + 1},  # written by another version
        {"sha256": "cd" * 32},  # a name collision
        {"valid_until": None},
        {"revocation": {"status": "maybe"}},
    ],
)
def test_a_cache_file_that_does_not_fit_is_ignored(cache: Path, change: dict[str, object]) -> None:
    revocation.store(SHA, REVOKED, NOW + dt.timedelta(hours=2))
    (file,) = cache.iterdir()
    file.write_text(json.dumps({**json.loads(file.read_text(encoding="utf-8")), **change}), encoding="utf-8")
    assert revocation.cached(SHA, NOW) is None


def test_a_damaged_cache_file_is_ignored(cache: Path) -> None:
    revocation.store(SHA, REVOKED, NOW + dt.timedelta(hours=2))
    (file,) = cache.iterdir()
    file.write_text("{not json", encoding="utf-8")
    assert revocation.cached(SHA, NOW) is None


def test_an_unwritable_cache_costs_nothing_but_the_cache(cache: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text("a file where the folder should be", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger=revocation.__name__):
        revocation.store(SHA, REVOKED, NOW + dt.timedelta(hours=2))  # no exception
    assert revocation.cached(SHA, NOW) is None
    (line,) = [r.getMessage() for r in caplog.records if r.name == revocation.__name__]
    assert line.startswith("revocation cache not written: ") and str(cache) in line
