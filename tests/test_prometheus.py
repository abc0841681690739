"""Prometheus textfile metrics: checked by `promtool check metrics` and parsed by prometheus_client's parser."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from certhelper.core.assessment.findings import Finding
from certhelper.core.assessment.model import (
    Assessment,
    CertificateAssessment,
    KeyMatch,
    PinStatus,
    Renewal,
    RenewalState,
    Severity,
    TokenAssessment,
)
from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.model import Module, PinState, Snapshot, Token
from certhelper.core.outputs.prometheus import metrics_text, write_metrics
from certhelper.core.tokens.discovery import Candidate
from certhelper.core.tokens.scan import take_snapshot
from certhelper.core.trust.model import Revocation, RevocationStatus, Trust
from certhelper.core.workstation.drivers import DriverFound, Drivers, detect_drivers
from tests.helpers import MAIN_TOKEN, Store

NOW = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)
PROMTOOL = shutil.which("promtool")


def samples(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    out: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out.setdefault(sample.name, []).append((sample.labels, sample.value))
    return out


def current(got: dict[str, list[tuple[dict[str, str], float]]], name: str, sha: str, key: str) -> str:
    """The state whose sample is 1 in a state set."""
    (state,) = [labels[key] for labels, v in got[name] if labels.get("sha256") == sha and v == 1]
    return state


def promtool_check(text: str) -> None:
    if PROMTOOL is None:
        pytest.fail("promtool is missing: apt-get install prometheus (scripts/system-deps.sh)")
    proc = subprocess.run([PROMTOOL, "check", "metrics"], input=text, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "" and proc.stderr.strip() == "", proc.stdout + proc.stderr  # no lint remark


def assessment_of(
    snapshot: Snapshot,
    drivers: Drivers,
    revocation: dict[str, Revocation] | None = None,
    key: KeyMatch = KeyMatch.MATCHES,
) -> Assessment:
    """An assessment built by hand from a real snapshot: the values a front-end gets, fixed for the test."""
    tokens: dict[str, TokenAssessment] = {}
    for module, token in snapshot.tokens:
        if token.serial in tokens:
            continue
        certs = []
        for cert in token.certificates:
            days = (cert.not_after - NOW).days
            state = Renewal.EXPIRED if days < 0 else Renewal.PLAN if days < 60 else Renewal.FINE
            renewal = RenewalState(
                state, days, cert.not_after, (cert.not_after - dt.timedelta(days=28)).date(), False, 21, 7
            )
            trust = Trust(revocation=(revocation or {}).get(cert.sha256, Revocation()))
            certs.append(CertificateAssessment(cert, token.serial, renewal, key, trust, Severity.OK, ()))
        tokens[token.serial] = TokenAssessment(token.serial, module, token, (), PinStatus.OK, tuple(certs), Severity.OK)
    findings = (Finding("cert-expiring", "warning"),)
    return Assessment(NOW, snapshot, drivers, tuple(tokens.values()), findings, Severity.WARNING, 21, 7, 60)


def test_main_token_metrics(main_store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOFTHSM2_CONF", str(main_store.conf))
    cat = catalogue_mod.load([])
    snap = take_snapshot([Candidate(main_store.module, "option")], cat)
    idopte = DriverFound("idopte", "Idopte", False, "token", (), (), {"idocachesrv": True, "other": None})
    drivers = Drivers("linux", (idopte,), ("idopte", "hashlogic"))
    holders = {o["sha256"]: o for o in main_store.objects("Mairie de Plérin", "holder")}
    revoked_sha = sorted(holders)[0]
    revoked = Revocation(RevocationStatus.REVOKED, revoked_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC), source="ocsp")
    assessment = assessment_of(snap, drivers, {revoked_sha: revoked}, KeyMatch.MISSING)
    text = metrics_text(assessment)
    promtool_check(text)
    got = samples(text)
    serial = main_store.token("Mairie de Plérin")["serial"]
    not_after = {s[0]["sha256"]: s[1] for s in got["certhelper_certificate_not_after_timestamp_seconds"]}
    assert set(holders) <= set(not_after)
    for sha, obj in holders.items():
        assert not_after[sha] == dt.datetime.fromisoformat(obj["not_after"]).timestamp()
        assert current(got, "certhelper_certificate_key_state", sha, "state") == "missing"
        expected = "revoked" if sha == revoked_sha else "not-checked"
        assert current(got, "certhelper_certificate_revocation_status", sha, "status") == expected
    assert [v for labels, v in got["certhelper_certificate_revoked_timestamp_seconds"]] == [
        revoked.revoked_at.timestamp()  # type: ignore[union-attr]
    ]
    assert all(labels["token_serial"] == serial for labels, _ in got["certhelper_certificate_info"])
    assert not any(name.endswith("days_left") for name in got)  # base units: seconds, and timestamps
    pin = {labels["flag"]: v for labels, v in got["certhelper_token_pin_flag"]}
    assert pin == {"count_low": 0, "final_try": 0, "locked": 0}
    assert {labels["driver"]: v for labels, v in got["certhelper_driver_present"]} == {"idopte": 1, "hashlogic": 0}
    assert got["certhelper_driver_service_running"] == [({"driver": "idopte", "service": "idocachesrv"}, 1)]
    assert got["certhelper_tokens"] == [({}, 1)]
    assert got["certhelper_module_up"] == [({"module": main_store.module}, 1)]
    assert dict((labels["severity"], v) for labels, v in got["certhelper_findings"])["warning"] == 1
    # Labels carry serials and fingerprints only, never a holder's name.
    for personal in ("Hélène", "LE GOFF", "helene.legoff", MAIN_TOKEN["objects"][0]["siren"]):
        assert personal not in text


def test_written_atomically_to_a_file(main_store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOFTHSM2_CONF", str(main_store.conf))
    cat = catalogue_mod.load([])
    snap = take_snapshot([Candidate(main_store.module, "option")], cat)
    assessment = assessment_of(snap, detect_drivers(cat, sysroot="/nonexistent"))
    target = tmp_path / "certhelper.prom"
    target.write_text("stale\n")
    write_metrics(assessment, target)
    assert target.read_text() == metrics_text(assessment)
    assert [p.name for p in tmp_path.iterdir()] == ["certhelper.prom"]  # no temporary file left behind


def test_pin_flags_and_awkward_labels() -> None:
    # Built by hand: SoftHSM2 never sets the final-try flag, and no real module path has a quote.
    token = Token(0, "slot", "Clé", "Idopte", "IAS", 'S"1\\2', PinState(final_try=True, count_low=True))
    module = Module("C:\\Program Files\\Smart Card Middleware\\bin\\idoPKCS.dll", "catalogue:idopte", tokens=(token,))
    broken = Module("/usr/lib/broken.so", "option", error="file not found")
    snap = Snapshot(NOW, (module, broken))
    assessment = assessment_of(snap, detect_drivers(catalogue_mod.load([]), sysroot="/nonexistent"))
    assessment = Assessment(
        NOW,
        snap,
        assessment.drivers,
        (TokenAssessment(token.serial, module, token, (), PinStatus.FINAL_TRY, (), Severity.CRITICAL),),
        (),
        Severity.CRITICAL,
        21,
        7,
        60,
    )
    text = metrics_text(assessment)
    promtool_check(text)
    got = samples(text)
    assert {(labels["module"], v) for labels, v in got["certhelper_module_up"]} == {(module.path, 1), (broken.path, 0)}
    pin = {labels["flag"]: v for labels, v in got["certhelper_token_pin_flag"]}
    assert pin == {"count_low": 1, "final_try": 1, "locked": 0}
    status = [labels["status"] for labels, v in got["certhelper_token_pin_status"] if v == 1]
    assert status == ["final-try"]
    assert got["certhelper_token_info"][0][0]["token_serial"] == 'S"1\\2'
    assert "certhelper_certificate_not_after_timestamp_seconds" not in got  # no certificate, no sample
    assert [labels["severity"] for labels, v in got["certhelper_severity"] if v == 1] == ["critical"]


def test_two_tokens_both_counted(two_token_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOFTHSM2_CONF", str(two_token_store.conf))
    cat = catalogue_mod.load([])
    snap = take_snapshot([Candidate(two_token_store.module, "option")], cat)
    text = metrics_text(assessment_of(snap, detect_drivers(cat, sysroot="/nonexistent")))
    promtool_check(text)
    got = samples(text)
    assert got["certhelper_tokens"] == [({}, 2)]
    serials = {labels["token_serial"] for labels, _ in got["certhelper_certificate_not_after_timestamp_seconds"]}
    assert serials == {t["serial"] for t in two_token_store.description["tokens"]}


def test_cli_metrics_from_the_assessment(main_store: Store) -> None:
    """`certhelper status --format prometheus` end to end: the core's assessment, promtool-clean."""
    from tests.helpers import run_cli_in_process

    env = {**main_store.env, "CERTHELPER_NOW": "2026-11-29T10:00:00Z"}
    proc = run_cli_in_process("status", "--format", "prometheus", "--module", main_store.module, env=env)
    assert proc.stdout.endswith("\n") and "Traceback" not in proc.stderr, proc.stderr
    promtool_check(proc.stdout)
    got = samples(proc.stdout)
    holders = {o["sha256"] for o in main_store.objects("Mairie de Plérin", "holder")}
    assert holders <= {labels["sha256"] for labels, _ in got["certhelper_certificate_not_after_timestamp_seconds"]}
    for sha in holders:  # exactly one current state per state set
        assert current(got, "certhelper_certificate_renewal_state", sha, "state") in {r.value for r in Renewal}
        assert current(got, "certhelper_certificate_key_state", sha, "state") in {k.value for k in KeyMatch}
    for personal in ("Hélène", "LE GOFF", "helene.legoff", MAIN_TOKEN["objects"][0]["siren"]):
        assert personal not in proc.stdout
