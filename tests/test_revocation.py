"""Revocation and chain against real local responders (openssl ocsp, an HTTP server for CRL and CA Issuers).

Three holders under a test PKI: good (OCSP + CRL + CA Issuers), revoked and announced by OCSP,
revoked and known only from the CRL (no OCSP URL). Then the responders down, and offline.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding

from certhelper.core.guidance.catalogue import load as load_catalogue
from certhelper.core.model import Certificate, Module, PinState, Snapshot, Token
from certhelper.core.settings import Settings
from certhelper.core.tokens.certificates import parse_certificate
from certhelper.core.trust import evaluate
from certhelper.core.trust.evaluate import evaluate_trust
from certhelper.core.trust.model import ChainStatus, RevocationStatus
from certhelper.demo.chain import holder_certificate
from certhelper.demo.softhsm import build_in_new_process
from tests.helpers import Store, run_cli_in_process
from tests.pki import TOKEN_HOLDERS, LocalPKI, build_pki, token_spec

NOW = dt.datetime.now(dt.UTC)
CAT = load_catalogue(extra_dirs=[])

PKI = tuple[LocalPKI, dict[str, Certificate], Certificate]  # the PKI, its holders, its CA as a token object
_CONNECTS: list[tuple[object, ...]] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "socket.connect":
        _CONNECTS.append(args)


sys.addaudithook(_audit)  # every connection attempt of this process is seen: "no network attempt" is provable


def _holder(pki: LocalPKI, name: str, *, ocsp: bool, ca_issuers: bool = False) -> Certificate:
    cert = holder_certificate(
        pki.ca,
        ec.generate_private_key(ec.SECP256R1()).public_key(),
        given_name=name,
        surname="Test",
        organisation="Commune de Test",
        siren="212201859",
        not_before=NOW - dt.timedelta(days=10),
        not_after=NOW + dt.timedelta(days=300),
        ocsp_url=pki.ocsp_url if ocsp else None,
        crl_url=pki.crl_url,
        ca_issuers_url=pki.ca_issuers_url if ca_issuers else None,
    )
    parsed = parse_certificate(cert.public_bytes(Encoding.DER), CAT)
    return Certificate(id=name, label=name, **vars(parsed))


_STORE: dict[str, Store] = {}


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory, softhsm: str) -> Iterator[PKI]:
    pki = build_pki(tmp_path_factory.mktemp("pki"), NOW)
    certs = {
        "good": _holder(pki, "Bon", ocsp=True, ca_issuers=True),
        "revoked-ocsp": _holder(pki, "Révoqué", ocsp=True),
        "revoked-crl": _holder(pki, "Listé", ocsp=False),
    }
    ca = _ca_on_token(pki)
    directory = tmp_path_factory.mktemp("pki-token")
    description = build_in_new_process(directory, token_spec(pki), pki=pki.pki_spec)
    store = Store(directory, Path(description["conf"]), description["module"], description)
    _STORE["store"] = store
    on_token = {o["label"]: int(o["serial"]) for o in store.objects("Jeton PKI", "holder")}
    serial = {k: int(c.serial_number, 16) for k, c in certs.items()}
    pki.publish(
        [serial["revoked-ocsp"], on_token["revoked-ocsp"]],
        [serial["revoked-crl"], on_token["revoked-crl"]],
        [serial["good"], on_token["good"]],
        NOW,
    )
    pki.start()
    yield pki, certs, ca
    pki.stop()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pki: PKI) -> Path:
    """A fresh cache, the test root installed as an administrator's anchor, no proxy, online."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for var in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "http_proxy",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
        "CERTHELPER_OFFLINE",
    ):
        monkeypatch.delenv(var, raising=False)
    pki[0].anchors_dir(tmp_path / "config")
    return tmp_path


def _ca_on_token(pki: LocalPKI) -> Certificate:
    parsed = parse_certificate(pki.ca.certificate.public_bytes(Encoding.DER), CAT)
    return Certificate(id="ca", label="CA", **vars(parsed))


def _snapshot(certs: dict[str, Certificate], ca: Certificate | None = None) -> Snapshot:
    """A token with `certs` (and the issuing CA's certificate, as tokens often hold it)."""
    objects = (*certs.values(), *([ca] if ca else []))
    token = Token(0, "slot", "Test", "SoftHSM", "model", "serial", PinState(), certificates=objects)
    return Snapshot(NOW, (Module("/test/module.so", "option", tokens=(token,)),))


def test_good_revoked_by_ocsp_and_revoked_by_crl(pki: PKI, home: Path) -> None:
    server, certs, ca = pki
    trust = evaluate_trust(_snapshot(certs, ca), CAT, Settings(), NOW, offline=False)
    good, by_ocsp, by_crl = (trust[certs[k].sha256] for k in ("good", "revoked-ocsp", "revoked-crl"))

    assert good.revocation.status == RevocationStatus.GOOD and good.revocation.source == "ocsp"
    assert good.revocation.url == server.ocsp_url and good.revocation.checked_at is not None
    assert by_ocsp.revocation.status == RevocationStatus.REVOKED and by_ocsp.revocation.source == "ocsp"
    assert by_ocsp.revocation.reason == "key_compromise" and by_ocsp.revocation.revoked_at is not None
    assert by_crl.revocation.status == RevocationStatus.REVOKED and by_crl.revocation.source == "crl"
    assert by_crl.revocation.url == server.crl_url
    assert {t.chain.status for t in trust.values()} == {ChainStatus.COMPLETE}
    assert good.chain.names == (certs["good"].holder, "Certhelper Test CA", "Certhelper Test Root")
    assert "/ca.crl" in server.counter.requests


def test_issuer_from_ca_issuers_url(pki: PKI, home: Path) -> None:
    """Without the CA on the token, the path is completed from the leaf's CA Issuers URL."""
    server, certs, _ = pki
    trust = evaluate_trust(_snapshot({"g": certs["good"]}), CAT, Settings(), NOW, offline=False)
    good = trust[certs["good"].sha256]
    assert good.chain.status == ChainStatus.COMPLETE and len(good.chain.path) == 3
    assert "/ca.cer" in server.counter.requests


def test_missing_issuer_is_incomplete_and_foreign_root_untrusted(pki: PKI, home: Path, tmp_path: Path) -> None:
    server, certs, ca = pki
    # No CA anywhere (no token copy, no CA Issuers URL): incomplete.
    alone = evaluate_trust(_snapshot({"c": certs["revoked-crl"]}), CAT, Settings(), NOW, offline=False)
    chain = alone[certs["revoked-crl"].sha256].chain
    assert chain.status == ChainStatus.INCOMPLETE and chain.names == (certs["revoked-crl"].holder,)
    # The whole chain on the token but its root is no anchor: untrusted (a token cannot make its own anchor).
    (home / "config" / "certhelper" / "catalogue" / "anchors" / "certhelper-test-root.pem").unlink()
    root = Certificate(
        id="r", label="root", **vars(parse_certificate(server.root.certificate.public_bytes(Encoding.DER), CAT))
    )
    token = _snapshot({"c": certs["revoked-crl"], "r": root}, ca)
    chain = evaluate_trust(token, CAT, Settings(), NOW, offline=False)[certs["revoked-crl"].sha256].chain
    assert chain.status == ChainStatus.UNTRUSTED and chain.names[-1] == "Certhelper Test Root"


def test_answers_are_cached_until_next_update(pki: PKI, home: Path) -> None:
    _, certs, ca = pki
    first = evaluate_trust(_snapshot(certs, ca), CAT, Settings(), NOW, offline=False)
    later = NOW + dt.timedelta(minutes=5)
    _CONNECTS.clear()
    again = evaluate_trust(_snapshot({"x": certs["revoked-ocsp"]}, ca), CAT, Settings(), later, offline=False)
    answer = again[certs["revoked-ocsp"].sha256].revocation
    assert answer == first[certs["revoked-ocsp"].sha256].revocation  # same answer, same checked_at: its age shows
    assert answer.checked_at is not None and later - answer.checked_at >= dt.timedelta(minutes=5)
    assert not [c for c in _CONNECTS if str(server_port(pki[0])) in str(c)]  # OCSP not asked again


def server_port(pki: LocalPKI) -> int:
    return pki.ocsp_port


def test_offline_makes_no_connection(pki: PKI, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server, certs, ca = pki
    before = len(server.counter.requests)
    for how in ("flag", "env", "setting"):
        _CONNECTS.clear()
        settings = Settings()
        if how == "env":
            monkeypatch.setenv("CERTHELPER_OFFLINE", "1")
        elif how == "setting":
            monkeypatch.delenv("CERTHELPER_OFFLINE")
            settings = Settings(offline=True)
        trust = evaluate_trust(_snapshot(certs, ca), CAT, settings, NOW, offline=how == "flag")
        assert {t.revocation.status for t in trust.values()} == {RevocationStatus.NOT_CHECKED}, how
        assert _CONNECTS == [], how
    assert len(server.counter.requests) == before


def test_responders_down_give_unknown_fast(pki: PKI, home: Path) -> None:
    server, certs, ca = pki
    server.stop()
    try:
        start = time.monotonic()
        trust = evaluate_trust(_snapshot(certs, ca), CAT, Settings(), NOW, offline=False)
        elapsed = time.monotonic() - start
    finally:
        server.start()
    assert elapsed < 45
    statuses = {k: trust[c.sha256].revocation for k, c in certs.items()}
    assert {r.status for r in statuses.values()} == {RevocationStatus.UNKNOWN}
    assert {r.error for r in statuses.values()} <= {"unreachable", "no-issuer"}


def test_proxy_settings_are_honoured(pki: PKI, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, certs, ca = pki
    dead = "http://127.0.0.1:9"  # discard port: nothing listens
    monkeypatch.setenv("HTTP_PROXY", dead)
    monkeypatch.setenv("NO_PROXY", "")
    through_dead_proxy = evaluate_trust(_snapshot({"g": certs["revoked-crl"]}, ca), CAT, Settings(), NOW, offline=False)
    assert through_dead_proxy[certs["revoked-crl"].sha256].revocation.status == RevocationStatus.UNKNOWN
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    bypassed = evaluate_trust(_snapshot({"g": certs["revoked-crl"]}, ca), CAT, Settings(), NOW, offline=False)
    assert bypassed[certs["revoked-crl"].sha256].revocation.status == RevocationStatus.REVOKED


# --- a real token, scanned -----------------------------------------------------------------------------


def _token_sha(case: str) -> str:
    return next(o["sha256"] for o in _STORE["store"].objects("Jeton PKI", "holder") if o["label"] == case)


def test_a_scanned_token_is_checked(pki: PKI, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from certhelper.core.tokens.discovery import Candidate
    from certhelper.core.tokens.scan import take_snapshot

    store = _STORE["store"]
    monkeypatch.setenv("SOFTHSM2_CONF", str(store.conf))
    snapshot = take_snapshot([Candidate(store.module, "option")], CAT, timeout=60)
    trust = evaluate_trust(snapshot, CAT, Settings(), NOW, offline=False)
    got = {
        case: (trust[_token_sha(case)].revocation.status, trust[_token_sha(case)].revocation.source)
        for case in TOKEN_HOLDERS
    }
    assert got == {
        "good": (RevocationStatus.GOOD, "ocsp"),
        "revoked-ocsp": (RevocationStatus.REVOKED, "ocsp"),
        "revoked-crl": (RevocationStatus.REVOKED, "crl"),
    }
    assert {t.chain.status for t in trust.values()} == {ChainStatus.COMPLETE}  # the CA is on the token


# --- the commands (acceptance): once core.assessment.assess calls evaluate_trust -------------------------


def _cli_env(home: Path, **extra: str) -> dict[str, str]:
    env = {
        **_STORE["store"].env,
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "HTTP_PROXY": "",
        "HTTPS_PROXY": "",
        "http_proxy": "",
        "CERTHELPER_OFFLINE": "",
    }
    return {**env, **extra}


def _revocations(out: str) -> dict[str, dict[str, object]]:
    doc = json.loads(out)
    found: dict[str, dict[str, object]] = {}
    for module in doc["modules"]:
        for token in module["tokens"]:
            for cert in token["certificates"]:
                rev = cert.get("revocation") or (cert.get("trust") or {}).get("revocation")
                if rev is not None and not cert["is_ca"]:  # holder certificates are checked, CA ones are not
                    found[cert["sha256"]] = rev
    return found


def _revoked_findings(out: str) -> set[str]:
    return {f["certificate"] for f in json.loads(out)["findings"] if f["code"] == "cert-revoked"}


@pytest.mark.slow
@pytest.mark.timeout(180)  # seven real command runs, on a machine shared with other test workers
def test_commands_report_good_revoked_unknown_and_not_checked(pki: PKI, home: Path) -> None:
    server, _, _ = pki
    module = _STORE["store"].module
    env = _cli_env(home)
    up = run_cli_in_process("status", "--json", "--module", module, env=env)
    revocations = _revocations(up.stdout)
    assert {c: (revocations[_token_sha(c)]["status"], revocations[_token_sha(c)]["source"]) for c in TOKEN_HOLDERS} == {
        "good": ("good", "ocsp"),
        "revoked-ocsp": ("revoked", "ocsp"),
        "revoked-crl": ("revoked", "crl"),
    }
    diag = run_cli_in_process("diagnose", "--json", "--module", module, env=env)
    assert _revoked_findings(diag.stdout) == {_token_sha("revoked-ocsp"), _token_sha("revoked-crl")}

    server.stop()
    try:
        fresh = _cli_env(home, XDG_CACHE_HOME=str(home / "cache-2"))  # no cached answer to fall back on
        start = time.monotonic()
        down = run_cli_in_process("status", "--json", "--module", module, env=fresh)
        assert time.monotonic() - start < 45
        assert {r["status"] for r in _revocations(down.stdout).values()} == {"unknown"}
        diag_down = run_cli_in_process("diagnose", "--json", "--module", module, env=fresh)
        assert _revoked_findings(diag_down.stdout) == set()

        server.start_counting()  # listeners that only count: any attempt would show
        before = len(server.counter.requests)
        offline = run_cli_in_process("status", "--json", "--offline", "--module", module, env=fresh)
        env_offline = run_cli_in_process(
            "status", "--json", "--module", module, env={**fresh, "CERTHELPER_OFFLINE": "1"}
        )
        for out in (offline.stdout, env_offline.stdout):
            assert {r["status"] for r in _revocations(out).values()} == {"not-checked"}
        assert len(server.counter.requests) == before
    finally:
        server.stop()
        server.start()


def _hang(port: int) -> socket.socket:
    """A listener whose connections complete in the backlog and are never read nor answered."""
    hung = socket.socket()
    hung.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # the stopped responder's port may be in TIME_WAIT
    hung.bind(("127.0.0.1", port))
    hung.listen(16)
    return hung


def test_a_hanging_responder_costs_seconds_not_minutes(pki: PKI, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A responder that accepts the connection and never answers: per-request timeout, then 'unknown'."""
    server, certs, ca = pki
    # By default a request waits REQUEST_TIMEOUT_S and everything stops at BUDGET_S: whatever the
    # responders do, a command is held for the budget plus one request at most, seconds not minutes.
    assert evaluate.BUDGET_S + evaluate.REQUEST_TIMEOUT_S < 30
    # The per-request wait, shortened through the environment as a user behind a slow proxy would lengthen it.
    monkeypatch.setenv("CERTHELPER_REVOCATION_TIMEOUT", "0.25")
    server.stop()
    hung = _hang(server.ocsp_port)
    try:
        start = time.monotonic()
        trust = evaluate_trust(_snapshot(certs, ca), CAT, Settings(), NOW, offline=False)
        elapsed = time.monotonic() - start
    finally:
        hung.close()
        server.start()
    assert elapsed < evaluate.REQUEST_TIMEOUT_S  # the setting was obeyed: the default wait was not sat out
    assert {t.revocation.status for t in trust.values()} == {RevocationStatus.UNKNOWN}
    # With a tighter budget the whole evaluation stops at the budget, whatever the responders do.
    server.stop()
    hung = _hang(server.ocsp_port)
    try:
        start = time.monotonic()
        quick = evaluate_trust(_snapshot(certs, ca), CAT, Settings(), NOW, offline=False, timeout=0.5, budget=0.3)
        elapsed = time.monotonic() - start
    finally:
        hung.close()
        server.start()
    assert elapsed < 4  # the budget, plus at most one request's timeout (0.5 s) for the threads to let go
    assert {t.revocation.error for t in quick.values()} >= {"timeout"}


def test_the_waits_can_be_set_through_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from certhelper.core.trust.revocation import seconds_from_environment

    monkeypatch.delenv("CERTHELPER_REVOCATION_BUDGET", raising=False)
    assert seconds_from_environment("CERTHELPER_REVOCATION_BUDGET", evaluate.BUDGET_S) == evaluate.BUDGET_S
    monkeypatch.setenv("CERTHELPER_REVOCATION_BUDGET", "7.5")
    assert seconds_from_environment("CERTHELPER_REVOCATION_BUDGET", evaluate.BUDGET_S) == 7.5
    for wrong in ("soon", "0", "-3", "nan", "1e9"):
        monkeypatch.setenv("CERTHELPER_REVOCATION_BUDGET", wrong)
        assert seconds_from_environment("CERTHELPER_REVOCATION_BUDGET", evaluate.BUDGET_S) == evaluate.BUDGET_S
