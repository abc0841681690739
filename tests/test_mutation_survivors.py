"""Pins what the deciding rules return, field by field, so that mutmut's surviving mutants die.

`make mutate` showed mutants of core.assessment.{assess,diagnosis} and core.trust.classify that
changed a finding's params, guide, token or certificate, or a classification's evidence, without any
test noticing: front-ends render those fields (finding_text, the report, --json), so they are
user-visible. Pure and fast (no token, no process): hand-built Snapshots and a hand-built catalogue.
Equivalent mutants that cannot be killed are listed in the README (Mutation testing).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from certhelper.core.assessment.assess import judge
from certhelper.core.assessment.model import Assessment
from certhelper.core.errors import ModuleError, TokenError
from certhelper.core.guidance.catalogue import IssuerSpec, PolicySpec
from certhelper.core.guidance.catalogue import load as load_catalogue
from certhelper.core.model import (
    Certificate,
    Classification,
    Disagreement,
    Evidence,
    Key,
    Module,
    PinState,
    Snapshot,
    Token,
    Unreadable,
)
from certhelper.core.settings import Settings
from certhelper.core.trust import classify as cl
from certhelper.core.trust.model import Chain, ChainStatus, Revocation, RevocationStatus, Trust
from certhelper.core.workstation.drivers import DriverFound, Drivers

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
CAT = load_catalogue([])


def cert(
    sha: str,
    *,
    cid: str,
    days: int = 400,
    provider: str | None = "chambersign",
    holder: str = "Jeanne Martin",
    **kw: Any,
) -> Certificate:
    fields: dict[str, Any] = dict(
        sha256=sha,
        id=cid,
        label=f"cert {cid}",
        subject=f"CN={holder}",
        issuer="CN=CA,O=Org",
        holder=holder,
        organisation="Mairie",
        siren=None,
        siret=None,
        email=None,
        serial_number="0a",
        not_before=NOW - 30 * DAY,
        not_after=NOW + days * DAY,
        key_usage=("digitalSignature",),
        extended_key_usage=(),
        policies=(),
        qc_statements=(),
        assurance="RGS**",
        qualified=False,
        issuer_known=provider is not None,
        public_key_sha256=None,
        provider=provider,
        has_private_key=True,
        issuer_name="CA",
    )
    fields.update(kw)
    return Certificate(**fields)


def token(serial: str, certs: tuple[Certificate, ...] = (), *, label: str | None = None, **kw: Any) -> Token:
    return Token(
        slot=kw.pop("slot", 0),
        slot_description="slot",
        label=label or f"tok {serial}",
        manufacturer="M",
        model="m",
        serial=serial,
        pin=kw.pop("pin", PinState()),
        certificates=certs,
        **kw,
    )


IDOPTE = DriverFound(
    "idopte", "Idopte", False, "token", ("/usr/lib/libidop11.so",), ("/usr/lib/libidop11.so",), {"idoCtl": True}
)
HASHLOGIC = DriverFound(
    "hashlogic", "Hashlogic", True, "token", ("/opt/hashlogic/lib.so",), (), {"hlsvc": False, "x": None}
)
CA = cert(
    "ca" * 32,
    cid="c0",
    holder="AC Test",
    is_ca=True,
    issuer_name="Racine",
    issuer="CN=Racine,O=Org",
    has_private_key=False,
)
TRUST = {
    "01" * 32: Trust(
        chain=Chain(ChainStatus.INCOMPLETE, ("01" * 32, "ca" * 32)),
        revocation=Revocation(RevocationStatus.REVOKED, NOW - 2 * DAY, "key_compromise", "ocsp"),
    ),
    "02" * 32: Trust(
        chain=Chain(ChainStatus.INCOMPLETE, ()), revocation=Revocation(RevocationStatus.REVOKED, source="crl")
    ),
    "03" * 32: Trust(revocation=Revocation(RevocationStatus.UNKNOWN, url="http://ocsp", error="timeout")),
    "05" * 32: Trust(chain=Chain(ChainStatus.INCOMPLETE, ("ee" * 32,))),  # the last one found is not on a token
}


def big_snapshot() -> Snapshot:
    """Every certificate and token rule at once: one token seen through two modules, one without serial."""
    s1 = token(
        "S1",
        (
            cert("01" * 32, cid="01", days=-3),
            cert("02" * 32, cid="02", days=5, holder="B"),
            cert("03" * 32, cid="03", days=60, holder="C", assurance="RGS*"),
            cert(
                "04" * 32,
                cid="04",
                holder="D",
                not_before=NOW + dt.timedelta(hours=12),
                key_matches=False,
                has_private_key=False,
            ),
            cert(
                "05" * 32,
                cid="05",
                holder="E",
                not_before=NOW + 5 * DAY,
                has_private_key=False,
                provider=None,
                issuer_name="",
            ),
            CA,
        ),
        keys=(Key("04", "k4", "private", "EC", None, None), Key("99", "lost", "private", "RSA", None, None)),
        unreadable=(Unreadable("77", "bad", "truncated", "short"),),
        error=TokenError("token-removed", "gone"),
        pin=PinState(final_try=True, count_low=True),
    )
    s2 = token("S2", (cert("21" * 32, cid="21", holder="Dup"),), label="second")
    s3 = token("S3", (cert("31" * 32, cid="31", holder="Dup", days=500),), pin=PinState(count_low=True))
    no_serial = token("", (), slot=4)
    one = Module("/m/one.so", "option", name="One", tokens=(s1, s2))
    two = Module("/m/two.so", "option", name="Two", tokens=(s2, s3, no_serial))
    bad = Module("/m/bad.so", "option", name="Bad", error=ModuleError("crashed", "boom", "SIGSEGV"))
    return Snapshot(taken_at=NOW, modules=(one, two, bad))


def big_assessment(offline: bool = False) -> Assessment:
    return judge(big_snapshot(), Drivers("linux", (IDOPTE, HASHLOGIC)), NOW, CAT, Settings(), TRUST, offline=offline)


def small_assessment() -> Assessment:
    """Hashlogic alone (its service stopped) and a readable module that shows no token."""
    empty = Module("/m/empty.so", "option", name="Empty")
    return judge(Snapshot(taken_at=NOW, modules=(empty,)), Drivers("windows", (HASHLOGIC,)), NOW, CAT, Settings())


def findings_of(assessment: Assessment) -> list[dict[str, Any]]:
    return [f.to_dict() for f in assessment.findings]


def tokens_of(assessment: Assessment) -> list[dict[str, Any]]:
    return [
        {
            "key": t.key,
            "module": t.module.path,
            "serial": t.token.serial,
            "also_seen_in": t.also_seen_in,
            "pin": str(t.pin),
            "severity": str(t.severity),
            "certificates": [
                (c.certificate.id, c.token_key, str(c.renewal.state), str(c.key), str(c.severity), c.findings)
                for c in t.certificates
            ],
        }
        for t in assessment.tokens
    ]


# Pinned from the rules as reviewed on 2026-11-29 (every code, param and guide checked by hand).
EXPECTED_FINDINGS = [
    {
        "certificate": None,
        "code": "multiple-tokens",
        "guide": "one-token",
        "params": {"count": 4, "tokens": ["S1", "S2", "S3", "/m/two.so#4"]},
        "severity": "critical",
        "token": None,
    },
    {
        "certificate": None,
        "code": "pin-final-try",
        "guide": "pin-unlock",
        "params": {"token_label": "tok S1"},
        "severity": "critical",
        "token": "S1",
    },
    {
        "certificate": "0101010101010101010101010101010101010101010101010101010101010101",
        "code": "cert-expired",
        "guide": "renewal",
        "params": {
            "days_left": -3,
            "days_since": 3,
            "holder": "Jeanne Martin",
            "id": "01",
            "not_after": "2026-11-26",
            "token_label": "tok S1",
        },
        "severity": "critical",
        "token": "S1",
    },
    {
        "certificate": "0404040404040404040404040404040404040404040404040404040404040404",
        "code": "key-mismatch",
        "guide": "contact",
        "params": {"holder": "D", "id": "04", "label": "cert 04", "not_after": "2028-01-03", "token_label": "tok S1"},
        "severity": "critical",
        "token": "S1",
    },
    {
        "certificate": "0101010101010101010101010101010101010101010101010101010101010101",
        "code": "cert-revoked",
        "guide": "renewal",
        "params": {
            "holder": "Jeanne Martin",
            "id": "01",
            "not_after": "2026-11-26",
            "reason": "key_compromise",
            "revoked_at": "2026-11-27",
            "source": "ocsp",
            "token_label": "tok S1",
        },
        "severity": "critical",
        "token": "S1",
    },
    {
        "certificate": "0202020202020202020202020202020202020202020202020202020202020202",
        "code": "cert-revoked",
        "guide": "renewal",
        "params": {
            "holder": "B",
            "id": "02",
            "not_after": "2026-12-04",
            "reason": None,
            "revoked_at": None,
            "source": "crl",
            "token_label": "tok S1",
        },
        "severity": "critical",
        "token": "S1",
    },
    {
        "certificate": None,
        "code": "driver-conflict",
        "guide": "driver-install",
        "params": {"drivers": ["Idopte", "Hashlogic"], "evidence": ["/opt/hashlogic/lib.so"]},
        "severity": "warning",
        "token": None,
    },
    {
        "certificate": None,
        "code": "driver-service-stopped",
        "guide": "driver-install",
        "params": {"driver": "Hashlogic", "service": "hlsvc"},
        "severity": "warning",
        "token": None,
    },
    {
        "certificate": None,
        "code": "module-load-failed",
        "guide": "driver-install",
        "params": {
            "module": "/m/bad.so",
            "name": "Bad",
            "reason": {
                "code": "crashed",
                "crashes": None,
                "detail": "boom",
                "exit_code": None,
                "seconds": None,
                "signal": "SIGSEGV",
            },
        },
        "severity": "warning",
        "token": None,
    },
    {
        "certificate": None,
        "code": "token-read-failed",
        "guide": "contact",
        "params": {"label": "tok S1", "reason": {"code": "token-removed", "detail": "gone"}, "token_label": "tok S1"},
        "severity": "warning",
        "token": "S1",
    },
    {
        "certificate": None,
        "code": "pin-count-low",
        "guide": "pin-unlock",
        "params": {"token_label": "tok S3"},
        "severity": "warning",
        "token": "S3",
    },
    {
        "certificate": None,
        "code": "certificate-unreadable",
        "guide": "contact",
        "params": {
            "id": "77",
            "label": "bad",
            "reason": {"code": "truncated", "detail": "short"},
            "token_label": "tok S1",
        },
        "severity": "warning",
        "token": "S1",
    },
    {
        "certificate": "0202020202020202020202020202020202020202020202020202020202020202",
        "code": "cert-renew-now",
        "guide": "renewal",
        "params": {
            "days_left": 5,
            "holder": "B",
            "id": "02",
            "lead_time": 21,
            "not_after": "2026-12-04",
            "order_today": True,
            "token_label": "tok S1",
        },
        "severity": "warning",
        "token": "S1",
    },
    {
        "certificate": "0404040404040404040404040404040404040404040404040404040404040404",
        "code": "cert-not-yet-valid",
        "guide": "contact",
        "params": {
            "days_ahead": 0,
            "holder": "D",
            "id": "04",
            "not_after": "2028-01-03",
            "not_before": "2026-11-29",
            "now": "2026-11-29",
            "token_label": "tok S1",
        },
        "severity": "warning",
        "token": "S1",
    },
    {
        "certificate": "0505050505050505050505050505050505050505050505050505050505050505",
        "code": "clock-suspect",
        "guide": "generic",
        "params": {
            "days_ahead": 5,
            "holder": "E",
            "id": "05",
            "not_after": "2028-01-03",
            "not_before": "2026-12-04",
            "now": "2026-11-29",
            "token_label": "tok S1",
        },
        "severity": "warning",
        "token": "S1",
    },
    {
        "certificate": "0505050505050505050505050505050505050505050505050505050505050505",
        "code": "cert-without-key",
        "guide": "generic",
        "params": {"holder": "E", "id": "05", "label": "cert 05", "not_after": "2028-01-03", "token_label": "tok S1"},
        "severity": "warning",
        "token": "S1",
    },
    {
        "certificate": "3131313131313131313131313131313131313131313131313131313131313131",
        "code": "duplicate-certificates",
        "guide": "one-token",
        "params": {
            "certificates": [
                "2121212121212121212121212121212121212121212121212121212121212121",
                "3131313131313131313131313131313131313131313131313131313131313131",
            ],
            "count": 2,
            "holder": "Dup",
            "token_label": "tok S3",
            "tokens": ["S2", "S3"],
        },
        "severity": "warning",
        "token": "S3",
    },
    {
        "certificate": "0303030303030303030303030303030303030303030303030303030303030303",
        "code": "level-insufficient",
        "guide": "renewal",
        "params": {
            "holder": "C",
            "id": "03",
            "level": "RGS*",
            "not_after": "2027-01-28",
            "required": "RGS**",
            "token_label": "tok S1",
        },
        "severity": "warning",
        "token": "S1",
    },
    {
        "certificate": "0101010101010101010101010101010101010101010101010101010101010101",
        "code": "chain-incomplete",
        "guide": "contact",
        "params": {
            "holder": "Jeanne Martin",
            "id": "01",
            "missing": "Racine",
            "not_after": "2026-11-26",
            "token_label": "tok S1",
        },
        "severity": "warning",
        "token": "S1",
    },
    {
        "certificate": "0202020202020202020202020202020202020202020202020202020202020202",
        "code": "chain-incomplete",
        "guide": "contact",
        "params": {"holder": "B", "id": "02", "missing": "CA", "not_after": "2026-12-04", "token_label": "tok S1"},
        "severity": "warning",
        "token": "S1",
    },
    {
        "certificate": "0505050505050505050505050505050505050505050505050505050505050505",
        "code": "chain-incomplete",
        "guide": "generic",
        "params": {
            "holder": "E",
            "id": "05",
            "missing": "CN=CA,O=Org",
            "not_after": "2028-01-03",
            "token_label": "tok S1",
        },
        "severity": "warning",
        "token": "S1",
    },
    {
        "certificate": "0303030303030303030303030303030303030303030303030303030303030303",
        "code": "cert-expiring",
        "guide": "renewal",
        "params": {
            "days_left": 60,
            "holder": "C",
            "horizon": 90,
            "id": "03",
            "not_after": "2027-01-28",
            "order_by": "2026-12-31",
            "token_label": "tok S1",
        },
        "severity": "info",
        "token": "S1",
    },
    {
        "certificate": None,
        "code": "key-without-cert",
        "guide": "contact",
        "params": {"id": "99", "key_class": "private", "key_type": "RSA", "label": "lost", "token_label": "tok S1"},
        "severity": "info",
        "token": "S1",
    },
    {
        "certificate": "0505050505050505050505050505050505050505050505050505050505050505",
        "code": "provider-unknown",
        "guide": "generic",
        "params": {
            "holder": "E",
            "id": "05",
            "issuer": "CN=CA,O=Org",
            "not_after": "2028-01-03",
            "token_label": "tok S1",
        },
        "severity": "info",
        "token": "S1",
    },
    {
        "certificate": "0303030303030303030303030303030303030303030303030303030303030303",
        "code": "revocation-unknown",
        "guide": "generic",
        "params": {
            "error": "timeout",
            "holder": "C",
            "id": "03",
            "not_after": "2027-01-28",
            "token_label": "tok S1",
            "url": "http://ocsp",
        },
        "severity": "info",
        "token": "S1",
    },
]

EXPECTED_TOKENS = [
    {
        "also_seen_in": (),
        "certificates": [
            ("01", "S1", "expired", "matches", "critical", ("cert-expired", "cert-revoked", "chain-incomplete")),
            ("02", "S1", "order-now", "matches", "critical", ("cert-revoked", "cert-renew-now", "chain-incomplete")),
            ("03", "S1", "plan", "matches", "warning", ("level-insufficient", "cert-expiring", "revocation-unknown")),
            ("04", "S1", "fine", "mismatch", "critical", ("key-mismatch", "cert-not-yet-valid")),
            (
                "05",
                "S1",
                "fine",
                "missing",
                "warning",
                ("clock-suspect", "cert-without-key", "chain-incomplete", "provider-unknown"),
            ),
            ("c0", "S1", "fine", "missing", "ok", ()),
        ],
        "key": "S1",
        "module": "/m/one.so",
        "pin": "final-try",
        "serial": "S1",
        "severity": "critical",
    },
    {
        "also_seen_in": ("/m/two.so",),
        "certificates": [("21", "S2", "fine", "matches", "warning", ("duplicate-certificates",))],
        "key": "S2",
        "module": "/m/one.so",
        "pin": "ok",
        "serial": "S2",
        "severity": "warning",
    },
    {
        "also_seen_in": (),
        "certificates": [("31", "S3", "fine", "matches", "warning", ("duplicate-certificates",))],
        "key": "S3",
        "module": "/m/two.so",
        "pin": "count-low",
        "serial": "S3",
        "severity": "warning",
    },
    {
        "also_seen_in": (),
        "certificates": [],
        "key": "/m/two.so#4",
        "module": "/m/two.so",
        "pin": "ok",
        "serial": "",
        "severity": "ok",
    },
]

EXPECTED_OFFLINE_HASHLOGIC = [
    {
        "certificate": None,
        "code": "driver-missing",
        "guide": "driver-install",
        "params": {"os": "windows"},
        "severity": "warning",
        "token": None,
    },
    {
        "certificate": None,
        "code": "driver-legacy",
        "guide": "driver-install",
        "params": {"evidence": ["/opt/hashlogic/lib.so"]},
        "severity": "warning",
        "token": None,
    },
    {
        "certificate": None,
        "code": "driver-service-stopped",
        "guide": "driver-install",
        "params": {"driver": "Hashlogic", "service": "hlsvc"},
        "severity": "warning",
        "token": None,
    },
    {
        "certificate": None,
        "code": "no-token",
        "guide": "driver-install",
        "params": {"modules": ["/m/empty.so"]},
        "severity": "warning",
        "token": None,
    },
]


def test_every_finding_field_of_a_busy_workstation() -> None:
    assert findings_of(big_assessment()) == EXPECTED_FINDINGS


def test_every_token_and_certificate_verdict_of_a_busy_workstation() -> None:
    assessment = big_assessment()
    assert tokens_of(assessment) == EXPECTED_TOKENS
    # The assessment carries what it was judged with; the trust it shows is the one given, else none.
    assert (assessment.now, assessment.snapshot, assessment.drivers) == (
        NOW,
        big_snapshot(),
        Drivers("linux", (IDOPTE, HASHLOGIC)),
    )
    settings = Settings()
    assert (assessment.lead_time_days, assessment.safety_margin_days, assessment.horizon_days) == (
        settings.lead_time_days,
        settings.safety_margin_days,
        settings.horizon_days,
    )
    for t in assessment.tokens:
        assert t.token in [tok for _, tok in assessment.snapshot.tokens] and t.module.tokens
        for c in t.certificates:
            assert c.trust == TRUST.get(c.certificate.sha256, Trust())


def test_offline_an_incomplete_chain_is_no_finding() -> None:
    offline = findings_of(big_assessment(offline=True))
    online = findings_of(big_assessment())
    assert [f for f in online if f["code"] != "chain-incomplete"] == offline
    assert big_assessment(offline=True).offline is True


def test_legacy_driver_alone_and_a_module_without_token() -> None:
    assert findings_of(small_assessment()) == EXPECTED_OFFLINE_HASHLOGIC


def test_no_module_names_the_os() -> None:
    found = findings_of(judge(Snapshot(taken_at=NOW), Drivers("macos", ()), NOW, CAT, Settings()))
    assert found == [
        {
            "code": "no-module",
            "severity": "critical",
            "token": None,
            "certificate": None,
            "params": {"os": "macos"},
            "guide": "driver-install",
        }
    ]


def test_a_token_without_certificate_keeps_its_providers_guide() -> None:
    """No holder certificate: nothing says who the provider is, the PIN guide stays the provider's."""
    locked = token("L1", (CA,), pin=PinState(locked=True))
    found = judge(
        Snapshot(taken_at=NOW, modules=(Module("/m/x.so", "option", tokens=(locked,)),)),
        Drivers("linux", (IDOPTE,)),
        NOW,
        CAT,
        Settings(),
    )
    pin = [f for f in found.findings if f.code == "pin-locked"]
    assert [(f.token, f.guide, f.params) for f in pin] == [("L1", "pin-unlock", {"token_label": "tok L1"})]
    other = token("L2", (cert("0e" * 32, cid="0e", provider="other"),), pin=PinState(locked=True))
    found = judge(
        Snapshot(taken_at=NOW, modules=(Module("/m/x.so", "option", tokens=(other,)),)),
        Drivers("linux", (IDOPTE,)),
        NOW,
        CAT,
        Settings(),
    )
    assert [f.guide for f in found.findings if f.code == "pin-locked"] == ["generic"]


def test_level_insufficient_stops_at_the_expiry_instant() -> None:
    at_end = cert("0f" * 32, cid="0f", days=0, assurance="RGS*")
    found = judge(
        Snapshot(taken_at=NOW, modules=(Module("/m/x.so", "option", tokens=(token("T", (at_end,)),)),)),
        Drivers("linux", (IDOPTE,)),
        NOW,
        CAT,
        Settings(),
    )
    assert "level-insufficient" not in [f.code for f in found.findings]


# ---- classification -------------------------------------------------------------------------------

Q = IssuerSpec("qi", "prov-q", "Q CA", "Q Org", "RGS**", qualified=True)
N = IssuerSpec("nq", "prov-n", "N CA", "N Org", "RGS*", qualified=False)
U = IssuerSpec("nl", "prov-l", "L CA", "L Org", "unknown", qualified=False)
P_QUAL = PolicySpec(
    "1.1", "Qual", qualified=True, assurance="RGS***", qscd=True, person="natural", issuers=("qi", "qx")
)
P_ANY = PolicySpec("1.2", "Any", qualified=False, qscd=False, person="legal")
P_NONE = PolicySpec("1.3", "Bare", qualified=False)
SYN = dataclasses.replace(CAT, issuers=(Q, N, U), policies={p.oid: p for p in (P_QUAL, P_ANY, P_NONE)})


def test_catalogue_policy_under_its_issuer_decides_everything() -> None:
    found = cl.classify("Q CA", "Q Org", ("9.9.9", "1.1"), (), SYN)  # an unknown OID first: skipped, not the end
    assert found == Classification(
        provider="prov-q",
        issuer_id="qi",
        level="RGS***",
        qualified=True,
        qscd=True,
        person="natural",
        evidence=(
            Evidence("provider", "prov-q", "issuer CN=Q CA, O=Q Org (qi)"),
            Evidence("qualified", "true", "policy 1.1 (Qual)"),
            Evidence("qscd", "true", "policy 1.1 (Qual)"),
            Evidence("person", "natural", "policy 1.1 (Qual)"),
            Evidence("level", "RGS***", "policy 1.1 (Qual)"),
        ),
    )
    assert cl.assurance_of(found) == "RGS***"


def test_a_policy_outside_its_issuers_is_a_disagreement_and_the_next_policy_still_counts() -> None:
    found = cl.classify("N CA", "N Org", ("1.1", "1.2"), (cl.QC_COMPLIANCE, cl.QC_SSCD, cl.SEMANTICS_NATURAL), SYN)
    assert found == Classification(
        provider="prov-n",
        issuer_id="nq",
        level="RGS*",
        qualified=True,
        qscd=True,
        person="natural",
        evidence=(
            Evidence("provider", "prov-n", "issuer CN=N CA, O=N Org (nq)"),
            Evidence("qualified", "true", "QcStatement QcCompliance 0.4.0.1862.1.1"),
            Evidence("qscd", "true", "QcStatement QcSSCD 0.4.0.1862.1.4"),
            Evidence("person", "natural", "QcStatement semantics natural person 0.4.0.194121.1.1"),
            Evidence("level", "RGS*", "issuer N CA (nq)"),
        ),
        disagreements=(
            Disagreement("policy", "1.1 only under qi, qx", "issuer nq"),
            Disagreement("qualified", "nq: not a qualified service", "qualified"),
            Disagreement("qscd", "false (1.2)", "true"),
            Disagreement("person", "legal (1.2)", "natural"),
        ),
    )


def test_unknown_issuer_and_the_certificates_own_statements() -> None:
    found = cl.classify("Nobody", "X", ("1.1", "1.2"), (cl.QC_COMPLIANCE, cl.QC_TYPE_ESEAL), SYN)
    assert found == Classification(
        qualified=True,
        qscd=False,
        person="legal",
        evidence=(
            Evidence("qualified", "true", "QcStatement QcCompliance 0.4.0.1862.1.1"),
            Evidence("qscd", "false", "QC statements without QcSSCD 0.4.0.1862.1.4"),
            Evidence("person", "legal", "QcStatement QcType eseal 0.4.0.1862.1.6.2"),
        ),
        disagreements=(Disagreement("policy", "1.1 only under qi, qx", "issuer unknown"),),
    )
    assert cl.assurance_of(found) == "eIDAS-qualified"


@pytest.mark.parametrize(
    ("qc", "person", "source"),
    [
        ((cl.QC_TYPE_ESIGN,), "natural", "QcStatement QcType esign 0.4.0.1862.1.6.1"),
        ((cl.SEMANTICS_LEGAL,), "legal", "QcStatement semantics legal person 0.4.0.194121.1.2"),
        ((cl.SEMANTICS_NATURAL,), "natural", "QcStatement semantics natural person 0.4.0.194121.1.1"),
    ],
)
def test_person_from_each_statement(qc: tuple[str, ...], person: str, source: str) -> None:
    found = cl.classify("L CA", "L Org", (), qc, SYN)
    assert (found.person, found.level, found.qualified) == (person, None, False)
    assert found.evidence == (
        Evidence("provider", "prov-l", "issuer CN=L CA, O=L Org (nl)"),
        Evidence("person", person, source),
    )
    assert cl.assurance_of(found) == "unknown"


def test_qscd_and_person_from_the_policy_and_its_disagreement_with_qc_statements() -> None:
    found = cl.classify("L CA", "L Org", ("1.3", "1.2"), (), SYN)
    assert (found.qscd, found.person, found.qualified, found.level) == (False, "legal", False, None)
    assert found.evidence[1:] == (
        Evidence("qscd", "false", "policy 1.2 (Any)"),
        Evidence("person", "legal", "policy 1.2 (Any)"),
    )
    found = cl.classify("Q CA", "Q Org", ("1.1",), (cl.QC_COMPLIANCE,), SYN)
    assert found.qscd is False
    assert found.disagreements == (Disagreement("qscd", "true (1.1)", "false"),)


def test_assess_reads_the_workstation_it_is_given_and_the_offline_setting(tmp_path, monkeypatch) -> None:
    """The pipeline without a token: drivers from the sysroot, offline from the setting (no scan, no trust)."""
    from certhelper.core.assessment.assess import AssessRequest, assess
    from tests.driver_layouts import HASHLOGIC as HASHLOGIC_FILES
    from tests.driver_layouts import lay_out

    monkeypatch.delenv("CERTHELPER_OFFLINE", raising=False)
    root = lay_out(tmp_path, HASHLOGIC_FILES["linux"])
    request = AssessRequest(candidates=[], catalogue=CAT, settings=Settings(), sysroot=str(root), check_trust=False)
    found = assess(request, NOW)
    assert [d.id for d in found.drivers.found] == ["hashlogic"] and found.offline is False
    assert "driver-legacy" in [f.code for f in found.findings] and found.snapshot.modules == ()
    offline = assess(dataclasses.replace(request, settings=Settings(offline=True)), NOW)
    assert offline.offline is True


# ---- boundaries and guides the busy workstation does not reach ----------------------------------------


def _one_module(*tokens: Token, error: ModuleError | None = None) -> Snapshot:
    return Snapshot(taken_at=NOW, modules=(Module("/m/x.so", "option", name="X", tokens=tokens, error=error),))


def _judge(snapshot: Snapshot, **kw: Any) -> Assessment:
    return judge(snapshot, Drivers("linux", (IDOPTE,)), NOW, CAT, Settings(), **kw)


def _codes(assessment: Assessment) -> list[tuple[str, str | None]]:
    return [(f.code, f.guide) for f in assessment.findings]


def test_judge_is_online_unless_told() -> None:
    by_default = judge(big_snapshot(), Drivers("linux", (IDOPTE, HASHLOGIC)), NOW, CAT, Settings(), TRUST)
    assert findings_of(by_default) == EXPECTED_FINDINGS and by_default.offline is False
    assert by_default.severity == "critical" and small_assessment().severity == "warning"


def test_a_token_finding_makes_the_token_as_severe_as_it() -> None:
    locked = _judge(_one_module(token("L1", (CA,), pin=PinState(locked=True))))
    assert [str(t.severity) for t in locked.tokens] == ["critical"]
    assert [str(c.severity) for c in locked.tokens[0].certificates] == ["ok"]


def test_key_match_without_any_key_object_is_unknown() -> None:
    from certhelper.core.assessment.assess import key_match
    from certhelper.core.assessment.model import KeyMatch

    bare = cert("0a" * 32, cid="0a", has_private_key=False)
    assert key_match(token("K", (bare,)), bare) is KeyMatch.UNKNOWN
    assert key_match(token("K", (bare,), keys=(Key("zz", "k", "public", "EC", None, None),)), bare) is KeyMatch.MISSING


def test_a_failed_module_is_critical_when_no_module_could_be_read() -> None:
    alone = _judge(Snapshot(taken_at=NOW, modules=(Module("/m/bad.so", "option", error=ModuleError("not-found")),)))
    assert [(f.code, f.severity) for f in alone.findings] == [("module-load-failed", "critical")]


def test_multiple_tokens_from_two_on() -> None:
    one = _judge(_one_module(token("A")))
    two = _judge(_one_module(token("A"), token("B", slot=1)))
    assert "multiple-tokens" not in [f.code for f in one.findings]
    assert [f.params for f in two.findings if f.code == "multiple-tokens"] == [{"count": 2, "tokens": ["A", "B"]}]


def test_object_findings_take_the_tokens_provider_for_their_guide() -> None:
    foreign = cert("0b" * 32, cid="0b", provider="other")
    found = _judge(_one_module(token("F", (foreign,), unreadable=(Unreadable("77", "bad", "empty"),))))
    assert ("certificate-unreadable", "generic") in _codes(found)


def test_keys_reported_without_certificate_only_when_truly_alone() -> None:
    mismatched = cert("0c" * 32, cid="", key_matches=False)  # no CKA_ID: its key is the pair's, not alone
    keys = (
        Key("", "pair", "private", "EC", None, None),
        Key("77", "bound", "private", "EC", None, "0c" * 32),  # names its certificate: not alone
        Key("88", "alone", "private", "EC", None, None),
    )
    found = _judge(_one_module(token("K", (mismatched,), keys=keys)))
    assert [f.params["id"] for f in found.findings if f.code == "key-without-cert"] == ["88"]


def test_not_yet_valid_boundaries() -> None:
    skew = Settings().clock_skew_days
    starts_now = cert("0d" * 32, cid="0d", not_before=NOW)
    at_skew = cert("0e" * 32, cid="0e", holder="F", not_before=NOW + skew * DAY)
    codes = [(f.code, f.certificate) for f in _judge(_one_module(token("T", (starts_now, at_skew)))).findings]
    assert ("cert-not-yet-valid", "0e" * 32) in codes  # exactly the tolerated skew: not yet a clock problem
    assert not [c for c in codes if c[1] == "0d" * 32]  # valid from this very instant


def test_a_missing_key_sends_to_the_providers_contact() -> None:
    no_key = cert("0f" * 32, cid="0f", has_private_key=False)
    found = _judge(_one_module(token("T", (no_key,), keys=(Key("zz", "k", "public", "EC", None, None),))))
    assert ("cert-without-key", "contact") in _codes(found)


def test_duplicates_on_one_token_and_at_the_validity_bounds() -> None:
    same = {"holder": "Dup"}
    first = cert("a1" * 32, cid="a1", not_before=NOW, **same)  # valid from now: counts
    second = cert("a2" * 32, cid="a2", days=300, **same)
    ended = cert("a3" * 32, cid="a3", days=0, **same)  # ends now: no longer counts
    found = _judge(_one_module(token("T", (first, second, ended))))
    dup = [f for f in found.findings if f.code == "duplicate-certificates"]
    assert [(f.guide, f.params["certificates"], f.params["tokens"]) for f in dup] == [
        ("contact", ["a1" * 32, "a2" * 32], ["T"])
    ]
    foreign = [cert(f"b{i}" * 32, cid=f"b{i}", provider="other", **same) for i in (1, 2)]
    found = _judge(_one_module(token("T", tuple(foreign))))
    assert [f.guide for f in found.findings if f.code == "duplicate-certificates"] == ["generic"]


def test_nothing_says_qscd() -> None:
    assert cl.classify("L CA", "L Org", ("1.3",), (), SYN).qscd is None


@pytest.mark.parametrize(
    ("value", "offline"), [("1", True), (" TRUE ", True), ("Yes", True), ("on", True), ("0", False), ("", False)]
)
def test_offline_from_the_environment(value: str, offline: bool, monkeypatch) -> None:
    from certhelper.core.settings import offline_wanted

    monkeypatch.setenv("CERTHELPER_OFFLINE", value)
    assert offline_wanted(Settings()) is offline
    assert offline_wanted(Settings(offline=True)) is True
    assert offline_wanted(Settings(), flag=True) is True


def test_assess_keeps_its_instant_and_checks_trust_when_asked(tmp_path, monkeypatch) -> None:
    from certhelper.core.assessment.assess import AssessRequest, assess

    monkeypatch.delenv("CERTHELPER_OFFLINE", raising=False)
    now = NOW.replace(microsecond=123456)
    request = AssessRequest(candidates=[], catalogue=CAT, settings=Settings(), sysroot=str(tmp_path), offline=True)
    found = assess(request, now)
    assert found.now == now and found.snapshot.taken_at == NOW and found.offline is True


def test_with_no_module_to_read_trust_is_not_evaluated(tmp_path, monkeypatch) -> None:
    """Nothing read, nothing to check: core.trust is not even prepared (no network, no pyhanko), asked or not.
    Recorders stand in for core.trust.evaluate (its own tests use real responders): only the wiring."""
    from certhelper.core.assessment import reading
    from certhelper.core.assessment.assess import AssessRequest, assess
    from certhelper.core.trust import evaluate

    calls: list[str] = []
    monkeypatch.setattr(evaluate, "evaluate_trust", lambda *args, **kw: calls.append("evaluate") or {})
    monkeypatch.setattr(reading, "load_trust", lambda *args, **kw: calls.append("prepare"))
    request = AssessRequest(candidates=[], catalogue=CAT, settings=Settings(), sysroot=str(tmp_path), check_trust=False)
    for asked in (False, True):
        found = assess(dataclasses.replace(request, check_trust=asked, offline=False), NOW)
        assert found.snapshot.modules == () and found.tokens == () and found.snapshot.taken_at == NOW
    assert calls == []


def test_a_module_to_read_is_read_then_trust_is_asked_about_that_snapshot(tmp_path, monkeypatch) -> None:
    """The pipeline with one module to read, one that is not there (no PKCS#11 needed: its child says
    "not found"): read once, trust loaded and asked about that very snapshot, as of `now`, with the
    anchors loaded; the judgement names the module. Recorders stand in for core.trust (its own tests)."""
    from certhelper.core.assessment import reading
    from certhelper.core.assessment.assess import AssessRequest, assess
    from certhelper.core.tokens.discovery import Candidate

    missing = str(tmp_path / "libgone.so")
    calls: list[Any] = []
    monkeypatch.setattr(reading, "load_trust", lambda: calls.append("load") or ["anchor"])

    def trust_of(snapshot: Snapshot, request: Any, now: dt.datetime, anchors: Any = None) -> dict[str, Trust]:
        calls.append(([m.path for m in snapshot.modules], request.check_trust, now, anchors))
        return {}

    monkeypatch.setattr(reading, "trust_of", trust_of)
    request = AssessRequest(
        candidates=[Candidate(missing, "option")], catalogue=CAT, settings=Settings(), sysroot=str(tmp_path)
    )
    found = assess(request, NOW)
    assert [(m.path, m.error.code if m.error else None) for m in found.snapshot.modules] == [(missing, "not-found")]
    assert calls == ["load", ([missing], True, NOW, ["anchor"])]
    assert [f.code for f in found.findings if f.params.get("module") == missing] == ["module-load-failed"]
