"""core.diagnosis on real SoftHSM2 tokens and real driver layouts; every finding code has a scenario.

Only what SoftHSM2 cannot produce is built by hand, and each such test says so: the PIN final-try
and locked flags (SoftHSM2 never sets them) and a token that fails mid-read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from certhelper.core.assessment.assess import judge
from certhelper.core.assessment.diagnosis import CODES
from certhelper.core.assessment.findings import SEVERITIES, Finding
from certhelper.core.clock import paris_day
from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Certificate, PinState, Snapshot, Token
from certhelper.core.outputs.finding_text import DERIVED, finding_text, placeholders
from certhelper.core.outputs.wording import format_day, of_name
from certhelper.core.settings import Settings
from certhelper.core.tokens.discovery import Candidate
from certhelper.core.tokens.scan import take_snapshot
from certhelper.core.trust.model import Chain, ChainStatus, Revocation, RevocationStatus, Trust
from certhelper.core.workstation.drivers import Drivers, detect_drivers
from tests.driver_layouts import HASHLOGIC, IDOPTE, lay_out, run_processes
from tests.helpers import MAIN_TOKEN, ORG, SIREN, Store, build_store

NO_DRIVERS = Drivers(os="linux", found=())


@contextmanager
def _store_env(store: Store) -> Iterator[None]:
    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(store.conf)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = old


def scan(store: Store, cat: Catalogue, extra: list[str] = ()) -> Snapshot:  # type: ignore[assignment]
    """Read the store's tokens the way the CLI does (each module in a child process)."""
    with _store_env(store):
        candidates = [Candidate(store.module, "option"), *(Candidate(p, "option") for p in extra)]
        return take_snapshot(candidates, cat, timeout=60)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return catalogue_mod.load([])


@pytest.fixture(scope="module")
def main_snap(main_store: Store, cat: Catalogue) -> Snapshot:
    return scan(main_store, cat)


def cert_by_id(snap: Snapshot, cid: str) -> Certificate:
    return next(c for _, c in snap.certificates if c.id == cid)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def run(snap: Snapshot, drivers: Drivers = NO_DRIVERS, now: dt.datetime | None = None, **kw: object) -> list[Finding]:
    cat = kw.pop("catalogue", None) or catalogue_mod.load([])
    settings = Settings(**kw)  # type: ignore[arg-type]
    return list(judge(snap, drivers, now or snap.taken_at, cat, settings).findings)  # type: ignore[arg-type]


# --- the main token: what a user with an old and a soon-expiring certificate sees -------------------


def test_main_token_findings(main_store: Store, main_snap: Snapshot) -> None:
    findings = run(main_snap)
    serial = main_store.token("Mairie de Plérin")["serial"]
    sha = {o["id"]: o["sha256"] for o in main_store.objects("Mairie de Plérin", "holder")}
    about = {(f.code, f.certificate or f.params.get("id")) for f in findings}
    assert about == {
        ("cert-expired", sha["03"]),
        ("cert-without-key", sha["03"]),
        ("cert-renew-now", sha["02"]),
        ("key-mismatch", sha["0b"]),
        ("certificate-unreadable", "0a"),
        ("key-without-cert", "09"),
    }  # nothing about the valid certificate 01, and the mismatched key 0b is not also an orphan
    assert all(f.token == serial for f in findings)
    assert codes(findings) == [  # most severe first, then token before certificate matters
        "cert-expired",
        "key-mismatch",
        "certificate-unreadable",
        "cert-renew-now",
        "cert-without-key",
        "key-without-cert",
    ]
    expired = next(f for f in findings if f.code == "cert-expired")
    assert expired.severity == "critical" and expired.guide == "renewal" and expired.params["days_left"] == -10
    renew = next(f for f in findings if f.code == "cert-renew-now")
    assert renew.params["days_left"] == 15 and renew.guide == "renewal"
    not_after = cert_by_id(main_snap, "02").not_after
    # The last safe order date (Paris day of the end minus 28 days) is past: no date, "order today".
    assert paris_day(not_after) - dt.timedelta(days=28) < paris_day(main_snap.taken_at)
    assert "order_by" not in renew.params and renew.params["order_today"] is True
    unreadable = next(f for f in findings if f.code == "certificate-unreadable")
    assert unreadable.params["reason"]["code"] == "truncated" and unreadable.params["label"] == "objet abîmé"
    assert all(f.guide in catalogue_mod.load([]).guides for f in findings)


# --- expiry thresholds at their edges, on the real valid certificate (01), `now` passed in ---------


def _about(snap: Snapshot, cid: str, now: dt.datetime, **settings: object) -> list[str]:
    sha = cert_by_id(snap, cid).sha256
    return [f.code for f in run(snap, now=now, **settings) if f.certificate == sha]


@pytest.mark.parametrize(
    ("before_end", "expected"),
    [
        (dt.timedelta(0), ["cert-expired"]),
        (dt.timedelta(seconds=1), ["cert-renew-now"]),  # 0 whole days left, still valid
        (dt.timedelta(days=28) - dt.timedelta(seconds=1), ["cert-renew-now"]),  # 27 days: lead time + margin
        (dt.timedelta(days=28), ["cert-renew-now"]),  # the latest safe order date itself: order today
        (dt.timedelta(days=29), ["cert-expiring"]),  # the day before it
        (dt.timedelta(days=90), ["cert-expiring"]),  # the horizon itself
        (dt.timedelta(days=91), []),
    ],
)
def test_expiry_edges(main_snap: Snapshot, before_end: dt.timedelta, expected: list[str]) -> None:
    end = cert_by_id(main_snap, "01").not_after
    assert _about(main_snap, "01", end - before_end) == expected


def test_thresholds_come_from_settings(main_snap: Snapshot) -> None:
    end = cert_by_id(main_snap, "01").not_after
    now = end - dt.timedelta(days=40)
    assert _about(main_snap, "01", now) == ["cert-expiring"]
    assert _about(main_snap, "01", now, lead_time_days=35, safety_margin_days=10) == ["cert-renew-now"]
    assert _about(main_snap, "01", now, horizon_days=30) == []


def test_not_yet_valid_and_clock_suspect_edges(main_snap: Snapshot) -> None:
    start = cert_by_id(main_snap, "01").not_before
    assert _about(main_snap, "01", start - dt.timedelta(days=2)) == ["cert-not-yet-valid"]
    assert _about(main_snap, "01", start - dt.timedelta(days=2, seconds=1)) == ["clock-suspect"]
    assert _about(main_snap, "01", start - dt.timedelta(days=10), clock_skew_days=30) == ["cert-not-yet-valid"]
    assert _about(main_snap, "01", start) == []


def test_ca_certificates_are_not_judged(softhsm: str, tmp_path: Path, cat: Catalogue) -> None:
    store = build_store(tmp_path, [{"label": "CA", "objects": [{"kind": "ca", "which": "issuing", "id": "c1"}]}])
    snap = scan(store, cat)
    ca = snap.certificates[0][1]
    assert ca.is_ca
    assert run(snap, now=ca.not_after + dt.timedelta(days=1)) == []


# --- scenarios: one per finding code -----------------------------------------------------------------

Scenario = Callable[[pytest.FixtureRequest, Path], list[Finding]]


def _wrong_pin(store: Store, label: str) -> None:
    """A real failed login in another process: SoftHSM2 then sets USER_PIN_COUNT_LOW."""
    code = (
        "import pkcs11, sys\n"
        "tok = pkcs11.lib(sys.argv[1]).get_token(token_label=sys.argv[2])\n"
        "try:\n    tok.open(user_pin='0000')\nexcept pkcs11.PinIncorrect:\n    sys.exit(0)\nsys.exit(1)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, store.module, label], env={**os.environ, **store.env}, check=False
    )
    assert proc.returncode == 0


def _with_pin(snap: Snapshot, pin: PinState) -> Snapshot:
    module = snap.modules[0]
    token = dataclasses.replace(module.tokens[0], pin=pin)
    return dataclasses.replace(snap, modules=(dataclasses.replace(module, tokens=(token,)),))


def _layout_drivers(root: Path, os_name: str, paths: list[str], processes: list[str] | None = None) -> Drivers:
    lay_out(root, paths)
    if processes is not None:
        run_processes(root, processes)
    return detect_drivers(catalogue_mod.load([]), sysroot=str(root), os_name=os_name)


def s_no_module(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    drivers = _layout_drivers(tmp, "linux", [])  # nothing installed: discovery finds no module
    return run(Snapshot(dt.datetime.now(dt.UTC)), drivers)


def s_driver_missing(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    empty = scan(request.getfixturevalue("empty_store"), catalogue_mod.load([]))  # SoftHSM2 loads, no token
    found = run(empty, _layout_drivers(tmp, "linux", []))
    with_idopte = run(empty, _layout_drivers(tmp / "idopte", "linux", IDOPTE["linux"], ["idocachesrv"]))
    assert codes(with_idopte) == ["no-token"]  # Idopte is there: only "plug your token" remains
    return found


def s_driver_legacy(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    return run(request.getfixturevalue("main_snap"), _layout_drivers(tmp, "windows", HASHLOGIC["windows"]))


def s_driver_conflict(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    drivers = _layout_drivers(tmp, "windows", IDOPTE["windows"] + HASHLOGIC["windows"])
    found = run(request.getfixturevalue("main_snap"), drivers)
    assert "driver-legacy" not in codes(found)  # the conflict says it all
    return found


def s_driver_service_stopped(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    drivers = _layout_drivers(tmp, "linux", IDOPTE["linux"], ["systemd"])
    found = run(request.getfixturevalue("main_snap"), drivers)
    stopped = next(f for f in found if f.code == "driver-service-stopped")
    assert stopped.params["service"] == "idocachesrv"
    running = _layout_drivers(tmp / "running", "linux", IDOPTE["linux"], ["idocachesrv"])
    assert "driver-service-stopped" not in codes(run(request.getfixturevalue("main_snap"), running))
    return found


def s_module_load_failed(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    bogus = tmp / "libbogus-pkcs11.so"
    bogus.write_text("not a library\n", encoding="utf-8")
    cat = catalogue_mod.load([])
    alone = run(take_snapshot([Candidate(str(bogus), "option")], cat))
    failed = next(f for f in alone if f.code == "module-load-failed")
    assert failed.severity == "critical" and failed.params["module"] == str(bogus)
    assert failed.params["reason"]["code"] == "not-a-library"
    beside = run(scan(request.getfixturevalue("main_store"), cat, [str(bogus)]))
    assert next(f for f in beside if f.code == "module-load-failed").severity == "warning"  # the token is read
    return alone


def s_no_token(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    return run(scan(request.getfixturevalue("empty_store"), catalogue_mod.load([])))


def s_multiple_tokens(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    store = request.getfixturevalue("two_token_store")
    found = run(scan(store, catalogue_mod.load([])))
    multiple = next(f for f in found if f.code == "multiple-tokens")
    assert multiple.severity == "critical" and multiple.guide == "one-token" and multiple.params["count"] == 2
    assert sorted(multiple.params["tokens"]) == sorted(t["serial"] for t in store.description["tokens"])
    return found


def s_token_read_failed(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    # Built by hand: a token pulled out mid-read cannot be staged reliably with SoftHSM2.
    snap = request.getfixturevalue("main_snap")
    module = snap.modules[0]
    token = Token(1, "slot", "Mairie", "SoftHSM", "SoftHSM v2", "abc", PinState(), error="token-removed")
    return run(dataclasses.replace(snap, modules=(dataclasses.replace(module, tokens=(token,)),)))


def s_cert_expired(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    return run(request.getfixturevalue("main_snap"))


s_cert_renew_now = s_cert_without_key = s_key_without_cert = s_key_mismatch = s_certificate_unreadable = s_cert_expired


def s_cert_expiring(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    snap = request.getfixturevalue("main_snap")
    return run(snap, now=cert_by_id(snap, "01").not_after - dt.timedelta(days=60))


def s_cert_not_yet_valid(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    snap = request.getfixturevalue("main_snap")
    return run(snap, now=cert_by_id(snap, "01").not_before - dt.timedelta(hours=5))


def s_clock_suspect(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    snap = request.getfixturevalue("main_snap")
    return run(snap, now=dt.datetime(2001, 1, 1, tzinfo=dt.UTC))  # a workstation whose clock was reset


def s_duplicate_certificates(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    helene = MAIN_TOKEN["objects"][0]
    again = {**helene, "id": "04", "label": "Signature Hélène (nouveau)", "days_before": 5, "days_left": 1090}
    tokens = [{"label": "Ancienne", "objects": [helene]}, {"label": "Nouvelle", "objects": [again]}]
    store = build_store(tmp / "store", tokens)
    found = run(scan(store, catalogue_mod.load([])))
    dup = next(f for f in found if f.code == "duplicate-certificates")
    assert dup.params["count"] == 2 and dup.guide == "one-token"
    assert dup.certificate == store.objects("Nouvelle", "holder")[0]["sha256"]  # the newest one
    return found


def s_level_insufficient(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    # An administrator says this CA issues RGS* only: the real certificates are read again with it.
    override = tmp / "override"
    override.mkdir()
    (override / "issuers.toml").write_text(
        '[[issuer]]\nid = "chambersign-ca3-ng-rgs"\nprovider = "chambersign"\ncn = "ChamberSign France CA3 NG RGS"\n'
        'o = "ChamberSign France"\nassurance = "RGS*"\n',
        encoding="utf-8",
    )
    cat = catalogue_mod.load([override])
    found = run(scan(request.getfixturevalue("main_store"), cat), catalogue=cat)
    low = [f for f in found if f.code == "level-insufficient"]
    assert {f.params["id"] for f in low} == {"01", "02", "0b"}  # not the expired one, already reported
    assert low[0].params == {**low[0].params, "level": "RGS*", "required": "RGS**"}
    return found


def s_provider_unknown(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    cat = dataclasses.replace(catalogue_mod.load([]), issuers=())  # a CA certhelper does not know
    found = run(scan(request.getfixturevalue("main_store"), cat), catalogue=cat)
    unknown = [f for f in found if f.code == "provider-unknown"]
    assert len(unknown) == 4 and all(f.guide == "generic" for f in unknown)
    assert "ChamberSign France CA3 NG RGS" in unknown[0].params["issuer"]
    # The ChamberSign guides do not apply to another provider's certificate: the generic one does.
    assert next(f for f in found if f.code == "cert-expired").guide == "generic"
    return found


def s_pin_count_low(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    store = build_store(tmp / "pin", [{"label": "Essais", "objects": [MAIN_TOKEN["objects"][0]]}])
    _wrong_pin(store, "Essais")
    found = run(scan(store, catalogue_mod.load([])))
    low = next(f for f in found if f.code == "pin-count-low")
    assert low.severity == "warning" and low.guide == "pin-unlock"
    return found


def s_pin_final_try(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    # Built by hand: SoftHSM2 never sets USER_PIN_FINAL_TRY.
    found = run(_with_pin(request.getfixturevalue("main_snap"), PinState(count_low=True, final_try=True)))
    assert "pin-count-low" not in codes(found)  # the most urgent PIN state only
    return found


def s_pin_locked(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    # Built by hand: SoftHSM2 never sets USER_PIN_LOCKED.
    found = run(_with_pin(request.getfixturevalue("main_snap"), PinState(final_try=True, locked=True)))
    assert "pin-final-try" not in codes(found)
    return found


# Trust: built by hand (the Trust values core.trust gives; test_trust_* runs the real responders).
def _with_trust(request: pytest.FixtureRequest, trust: Trust) -> list[Finding]:
    snap = request.getfixturevalue("main_snap")
    sha = cert_by_id(snap, "01").sha256
    cat = catalogue_mod.load([])
    return list(judge(snap, NO_DRIVERS, snap.taken_at, cat, Settings(), {sha: trust}).findings)


def s_cert_revoked(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    when = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    found = _with_trust(request, Trust(revocation=Revocation(RevocationStatus.REVOKED, revoked_at=when)))
    revoked = next(f for f in found if f.code == "cert-revoked")
    assert (
        revoked.severity == "critical" and revoked.guide == "renewal" and revoked.params["revoked_at"] == "2026-11-02"
    )
    return found


def s_revocation_unknown(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    found = _with_trust(request, Trust(revocation=Revocation(RevocationStatus.UNKNOWN, error="timeout")))
    assert next(f for f in found if f.code == "revocation-unknown").severity == "info"  # not a verdict
    return found


def s_chain_incomplete(request: pytest.FixtureRequest, tmp: Path) -> list[Finding]:
    snap = request.getfixturevalue("main_snap")
    leaf = cert_by_id(snap, "01")
    found = _with_trust(request, Trust(chain=Chain(ChainStatus.INCOMPLETE, (leaf.sha256,), (leaf.holder,))))
    incomplete = next(f for f in found if f.code == "chain-incomplete")
    assert incomplete.severity == "warning" and incomplete.params["missing"] == leaf.issuer_name
    return found


# Collected from the s_* functions, not from CODES: a code without a scenario (or a scenario for a code
# the core no longer emits) makes the test below fail instead of being built to match.
SCENARIOS: dict[str, Scenario] = {
    name[2:].replace("_", "-"): fn for name, fn in list(globals().items()) if name.startswith("s_") and callable(fn)
}


def test_every_code_has_a_scenario() -> None:
    assert sorted(set(CODES) - set(SCENARIOS)) == [], "codes the core emits with no scenario"
    assert sorted(set(SCENARIOS) - set(CODES)) == [], "scenarios for codes the core does not emit"
    assert len(CODES) == len(set(CODES))


@pytest.mark.parametrize("code", CODES)
def test_scenario_produces_the_code(code: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    findings = SCENARIOS[code](request, tmp_path)
    assert code in codes(findings)
    cat = catalogue_mod.load([])
    for f in findings:
        assert f.severity in SEVERITIES
        assert f.guide in cat.guides, f"{f.code} names an unknown guide {f.guide}"
    # ... and it reads in both languages, every placeholder filled from its params.
    entry = cat.findings[code]
    for part in ("title", "action"):
        assert entry[part]["fr"] and entry[part]["en"] and entry[part]["fr"] != entry[part]["en"]
    for f in (f for f in findings if f.code == code):
        for lang in ("fr", "en"):
            for part in ("title", "action"):
                assert placeholders(entry[part][lang]) <= {*f.params, *DERIVED}, (lang, part)
            text = finding_text(f, lang, cat)
            names = placeholders(entry["title"][lang]) | placeholders(entry["action"][lang])
            assert not [n for n in names if "{" + n + "}" in text.title + text.action]
            assert text.guide == cat.guides[f.guide]["title"][lang]


def test_dates_read_the_local_way(main_snap: Snapshot, cat: Catalogue) -> None:
    expired = next(f for f in run(main_snap) if f.code == "cert-expired")
    end = paris_day(cert_by_id(main_snap, "03").not_after)
    holder = cert_by_id(main_snap, "03").holder
    fr, en = format_day(end, "fr"), format_day(end, "en")  # the one way to write a day (test_wording checks it)
    assert (
        finding_text(expired, "fr", cat, about=main_snap).title
        == f"Certificat {of_name(holder, 'fr')} expiré depuis le {fr}"
    )
    assert finding_text(expired, "en", cat, about=main_snap).title == f"{holder}'s certificate expired on {en}"


def test_same_token_twice_is_one_token(main_snap: Snapshot) -> None:
    """Two modules (e.g. Idopte and OpenSC) showing the same token are not two tokens."""
    twice = dataclasses.replace(main_snap, modules=(main_snap.modules[0], main_snap.modules[0]))
    assert sorted(codes(run(twice))) == sorted(codes(run(main_snap)))


def test_holder_details_stay_out_of_findings(main_snap: Snapshot) -> None:
    text = repr([f.to_dict() for f in run(main_snap)])
    for personal in ("Hélène", "LE GOFF", "Tanguy", ORG, SIREN, "example.fr"):
        assert personal not in text
