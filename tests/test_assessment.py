"""core.assessment: the one verdict (judge, assess), the renewal rule in Paris days, severities and exit codes.

Real SoftHSM2 tokens read by the real scan; `now` passed in. Built by hand only what SoftHSM2 cannot
show: the same token through a second module (a copy of the module entry).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path

import pytest

from certhelper.core.assessment.assess import AssessRequest, assess, judge, key_match
from certhelper.core.assessment.model import KeyMatch, PinStatus, Renewal, Severity
from certhelper.core.assessment.renewal import renewal_state
from certhelper.core.assessment.severity import exit_code, nagios_code, worst
from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Snapshot
from certhelper.core.settings import Settings
from certhelper.core.tokens.discovery import Candidate
from certhelper.core.tokens.scan import take_snapshot
from certhelper.core.workstation.drivers import Drivers
from tests.helpers import Store

NO_DRIVERS = Drivers(os="linux", found=())
UTC = dt.UTC


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return catalogue_mod.load([])


@pytest.fixture(scope="module")
def snap(main_store: Store, cat: Catalogue) -> Snapshot:
    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(main_store.conf)
    try:
        return take_snapshot([Candidate(main_store.module, "option")], cat, timeout=60)
    finally:
        if old is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = old


# --- the renewal rule -----------------------------------------------------------------------------


def test_days_are_paris_calendar_days() -> None:
    # Ends at 23:30 UTC on 14 December: that is 00:30 on 15 December in Paris.
    end = dt.datetime(2026, 12, 14, 23, 30, tzinfo=UTC)
    now = dt.datetime(2026, 12, 14, 10, 0, tzinfo=UTC)
    state = renewal_state(end, now, Settings())
    assert state.days_left == 1  # one Paris midnight away, though under 14 hours
    assert state.order_by == dt.date(2026, 11, 17)  # 15 December - 21 - 7 days
    # 22:59 UTC on 31 December is already 1 January in Paris.
    assert (
        renewal_state(
            dt.datetime(2027, 6, 1, tzinfo=UTC), dt.datetime(2026, 12, 31, 23, 0, tzinfo=UTC), Settings()
        ).days_left
        == 151
    )


@pytest.mark.parametrize(
    ("days_before_end", "state", "order_today"),
    [
        (200, Renewal.FINE, False),
        (90, Renewal.PLAN, False),  # the horizon itself
        (29, Renewal.PLAN, False),  # the day before the last safe order date
        (28, Renewal.ORDER_NOW, True),  # the last safe order date: order today
        (10, Renewal.ORDER_NOW, True),  # past it: still "today", never the past date
        (0, Renewal.EXPIRED, True),
    ],
)
def test_renewal_states(days_before_end: int, state: Renewal, order_today: bool) -> None:
    end = dt.datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
    now = end - dt.timedelta(days=days_before_end)
    got = renewal_state(end, now, Settings())
    assert (got.state, got.order_today, got.days_left) == (state, order_today, days_before_end)
    assert got.lead_time_days == 21 and got.safety_margin_days == 7


def test_lead_time_comes_from_the_settings() -> None:
    end = dt.datetime(2027, 3, 10, 9, 0, tzinfo=UTC)
    now = end - dt.timedelta(days=40)
    assert renewal_state(end, now, Settings()).state is Renewal.PLAN
    longer = renewal_state(end, now, Settings(lead_time_days=35))
    assert (longer.state, longer.lead_time_days) == (Renewal.ORDER_NOW, 35)


# --- judge on a real token --------------------------------------------------------------------------


def _by_id(assessment, cid: str):
    return next(c for c in assessment.certificates if c.certificate.id == cid)


def test_one_verdict_per_certificate(snap: Snapshot, cat: Catalogue) -> None:
    a = judge(snap, NO_DRIVERS, snap.taken_at, cat, Settings())
    (token,) = a.tokens
    assert token.pin is PinStatus.OK and token.also_seen_in == ()
    valid, soon, expired, swapped = (_by_id(a, i) for i in ("01", "02", "03", "0b"))
    assert (valid.renewal.state, valid.key, valid.severity, valid.findings) == (
        Renewal.FINE,
        KeyMatch.MATCHES,
        Severity.OK,
        (),
    )
    assert (soon.renewal.state, soon.severity, soon.findings) == (
        Renewal.ORDER_NOW,
        Severity.WARNING,
        ("cert-renew-now",),
    )
    assert soon.renewal.order_today and soon.renewal.days_left in (14, 15)
    assert expired.renewal.state is Renewal.EXPIRED and expired.key is KeyMatch.MISSING
    assert expired.severity is Severity.CRITICAL and set(expired.findings) == {"cert-expired", "cert-without-key"}
    # A mismatched key makes the certificate critical: no front-end can draw it green.
    assert (swapped.key, swapped.severity, swapped.findings) == (
        KeyMatch.MISMATCH,
        Severity.CRITICAL,
        ("key-mismatch",),
    )
    assert token.severity is Severity.CRITICAL and a.severity is Severity.CRITICAL
    assert a.attention_count() == sum(f.severity in ("critical", "warning") for f in a.findings)


def test_cert_without_key_comes_from_the_same_key_match(snap: Snapshot, cat: Catalogue) -> None:
    a = judge(snap, NO_DRIVERS, snap.taken_at, cat, Settings())
    missing = {c.certificate.sha256 for c in a.certificates if c.key is KeyMatch.MISSING}
    assert missing and missing == {f.certificate for f in a.findings if f.code == "cert-without-key"}
    # A token that shows no key without login proves nothing: UNKNOWN, and no finding.
    module = snap.modules[0]
    keyless = dataclasses.replace(module.tokens[0], keys=())
    bare = dataclasses.replace(snap, modules=(dataclasses.replace(module, tokens=(keyless,)),))
    b = judge(bare, NO_DRIVERS, snap.taken_at, cat, Settings())
    assert {
        c.key for c in b.certificates if not c.certificate.has_private_key and c.certificate.key_matches is None
    } == {KeyMatch.UNKNOWN}
    assert "cert-without-key" not in {f.code for f in b.findings}
    assert key_match(keyless, _by_id(b, "03").certificate) is KeyMatch.UNKNOWN


def test_same_token_through_two_modules_is_one_token(snap: Snapshot, cat: Catalogue) -> None:
    # Built by hand: one SoftHSM2 library cannot be two modules; Idopte and OpenSC showing one token can.
    other = dataclasses.replace(snap.modules[0], path="/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so")
    twice = dataclasses.replace(snap, modules=(snap.modules[0], other))
    once = judge(snap, NO_DRIVERS, snap.taken_at, cat, Settings())
    a = judge(twice, NO_DRIVERS, snap.taken_at, cat, Settings())
    assert len(a.tokens) == 1 and a.tokens[0].also_seen_in == (other.path,)
    assert [f.code for f in a.findings] == [f.code for f in once.findings]  # no multiple-tokens, nothing twice


def test_severity_to_exit_codes() -> None:
    assert [exit_code(s) for s in Severity] == [2, 1, 0, 0]
    assert [nagios_code(s) for s in ("critical", "warning", "info", "ok")] == [2, 1, 0, 0]
    assert worst([]) is Severity.OK and worst(["info", "critical", "warning"]) is Severity.CRITICAL


def test_assess_runs_the_pipeline_without_side_effect(main_store: Store, cat: Catalogue, tmp_path: Path) -> None:
    from certhelper.core.reminders.store import store_path

    before = store_path().exists()
    old = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(main_store.conf)
    try:
        request = AssessRequest([Candidate(main_store.module, "option")], cat, Settings(), timeout=60, offline=True)
        a = assess(request, dt.datetime.now(UTC))
    finally:
        if old is None:
            os.environ.pop("SOFTHSM2_CONF", None)
        else:
            os.environ["SOFTHSM2_CONF"] = old
    assert a.offline and len(a.certificates) == 4 and a.severity is Severity.CRITICAL
    assert all(c.trust.revocation.status == "not-checked" for c in a.certificates)
    assert store_path().exists() == before  # nothing remembered: that is core.assessment.remember's, explicitly
