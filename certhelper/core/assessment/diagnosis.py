"""From what was read (snapshot, drivers) to what a person can act on (findings), most severe first.

A pure function of (snapshot, drivers, now, catalogue, settings): no I/O, so every rule is tested
with real tokens or built snapshots and `now` passed in. Thresholds come from Settings.
Texts are not here: front-ends render each finding's code and params (core.finding_text).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from certhelper.core.assessment.findings import Finding, most_severe_first
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.guidance.guides import guide_for
from certhelper.core.model import Certificate, Module, Snapshot, Token
from certhelper.core.settings import Settings
from certhelper.core.workstation.drivers import Drivers

CRITICAL, WARNING, INFO = "critical", "warning", "info"
IDOPTE, HASHLOGIC = "idopte", "hashlogic"
REQUIRED_LEVEL = "RGS**"  # what Mégalis services accept
INSUFFICIENT_LEVELS = ("RGS*",)  # "unknown" is not judged: provider-unknown covers it

# Every code diagnose() can return (findings.toml has a text for each; tests check both).
CODES = (
    "no-module",
    "driver-missing",
    "driver-legacy",
    "driver-conflict",
    "driver-service-stopped",
    "module-load-failed",
    "no-token",
    "multiple-tokens",
    "token-read-failed",
    "pin-locked",
    "pin-final-try",
    "pin-count-low",
    "certificate-unreadable",
    "cert-expired",
    "cert-renew-now",
    "cert-expiring",
    "cert-not-yet-valid",
    "clock-suspect",
    "cert-without-key",
    "key-without-cert",
    "key-mismatch",
    "duplicate-certificates",
    "level-insufficient",
    "provider-unknown",
)


def _day(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).date().isoformat()


def _token_providers(token: Token) -> list[str | None] | None:
    certs = [c for c in token.certificates if not c.is_ca]
    return [c.provider for c in certs] if certs else None


def _workstation(snapshot: Snapshot, drivers: Drivers) -> list[Finding]:
    out: list[Finding] = []
    if not snapshot.modules:
        out.append(Finding("no-module", CRITICAL, params={"os": drivers.os}, guide="driver-install"))
    idopte, hashlogic = drivers.get(IDOPTE), drivers.get(HASHLOGIC)
    if idopte and hashlogic:
        out.append(
            Finding(
                "driver-conflict",
                CRITICAL,
                params={"drivers": [idopte.name, hashlogic.name], "evidence": list(hashlogic.evidence)},
                guide="driver-install",
            )
        )
    elif hashlogic:
        out.append(
            Finding("driver-legacy", WARNING, params={"evidence": list(hashlogic.evidence)}, guide="driver-install")
        )
    # Without Idopte a ChamberSign token stays invisible, unless another module already shows a token.
    if snapshot.modules and not idopte and not snapshot.tokens:
        out.append(Finding("driver-missing", WARNING, params={"os": drivers.os}, guide="driver-install"))
    for driver in drivers.found:
        for service, running in sorted(driver.services.items()):
            if running is False:
                params = {"service": service, "driver": driver.name}
                out.append(Finding("driver-service-stopped", WARNING, params=params, guide="driver-install"))
    return out


def _modules(snapshot: Snapshot) -> list[Finding]:
    out: list[Finding] = []
    readable = [m for m in snapshot.modules if not m.error]
    for module in snapshot.modules:
        if module.error:
            severity = WARNING if readable else CRITICAL
            params = {"module": module.path, "name": module.name, "reason": module.error}
            out.append(Finding("module-load-failed", severity, params=params, guide="driver-install"))
    if readable and not snapshot.tokens:
        paths = [m.path for m in readable]
        out.append(Finding("no-token", WARNING, params={"modules": paths}, guide="driver-install"))
    serials = _distinct_tokens(snapshot.tokens)
    if len(serials) > 1:
        out.append(
            Finding("multiple-tokens", CRITICAL, params={"count": len(serials), "tokens": serials}, guide="one-token")
        )
    return out


def _distinct_tokens(tokens: list[tuple[Module, Token]]) -> list[str]:
    """One entry per physical token: two modules may show the same token (same serial)."""
    seen: dict[str, None] = {}
    for module, token in tokens:
        seen.setdefault(token.serial or f"{module.path}#{token.slot}", None)
    return list(seen)


def _pin(token: Token, catalogue: Catalogue) -> list[Finding]:
    pin, guide = token.pin, guide_for(catalogue, "pin-unlock", _token_providers(token))
    if pin.locked:
        return [Finding("pin-locked", CRITICAL, token=token.serial, guide=guide)]
    if pin.final_try:
        return [Finding("pin-final-try", CRITICAL, token=token.serial, guide=guide)]
    if pin.count_low:
        return [Finding("pin-count-low", WARNING, token=token.serial, guide=guide)]
    return []


def _objects(token: Token, catalogue: Catalogue) -> list[Finding]:
    out: list[Finding] = []
    providers = _token_providers(token)
    contact = guide_for(catalogue, "contact", providers)
    if token.error:
        params = {"reason": token.error, "label": token.label}
        out.append(Finding("token-read-failed", WARNING, token=token.serial, params=params, guide=contact))
    for item in token.unreadable:
        params = {"id": item.id, "label": item.label, "reason": item.reason}
        out.append(Finding("certificate-unreadable", WARNING, token=token.serial, params=params, guide=contact))
    cert_ids = {c.id for c in token.certificates if c.id}
    mismatched = {c.id for c in token.certificates if c.key_matches is False}
    for key in token.keys:
        # A key of a mismatched pair is reported once, as key-mismatch.
        if key.certificate_sha256 is None and key.id not in mismatched and key.id not in cert_ids:
            params = {"id": key.id, "label": key.label, "key_class": key.object_class, "key_type": key.key_type}
            out.append(Finding("key-without-cert", INFO, token=token.serial, params=params, guide=contact))
    return out


def _certificate(
    token: Token, cert: Certificate, now: dt.datetime, catalogue: Catalogue, settings: Settings
) -> list[Finding]:
    out: list[Finding] = []
    serial, sha = token.serial, cert.sha256

    def guide(wanted: str) -> str:
        return guide_for(catalogue, wanted, [cert.provider])

    def add(code: str, severity: str, wanted: str, **params: object) -> None:
        base = {"id": cert.id, "not_after": _day(cert.not_after)}
        out.append(
            Finding(code, severity, token=serial, certificate=sha, params={**base, **params}, guide=guide(wanted))
        )

    days = cert.days_left(now)
    order_by = settings.latest_order_date(cert.not_after).isoformat()
    if now >= cert.not_after:
        add("cert-expired", CRITICAL, "renewal", days_left=days, days_since=-days)
    elif settings.must_order_now(cert.not_after, now):
        add("cert-renew-now", WARNING, "renewal", days_left=days, order_by=order_by, lead_time=settings.lead_time_days)
    elif days <= settings.horizon_days:
        add("cert-expiring", INFO, "renewal", days_left=days, order_by=order_by, horizon=settings.horizon_days)
    if now < cert.not_before:
        ahead = (cert.not_before - now).total_seconds() / 86400
        code = "clock-suspect" if ahead > settings.clock_skew_days else "cert-not-yet-valid"
        add(code, WARNING, "contact", not_before=_day(cert.not_before), now=_day(now), days_ahead=int(ahead))
    if cert.key_matches is False:
        add("key-mismatch", CRITICAL, "contact")
    elif not cert.has_private_key and token.keys:
        # Only where the token shows keys without login: elsewhere a missing key proves nothing.
        add("cert-without-key", WARNING, "contact", label=cert.label)
    if cert.assurance in INSUFFICIENT_LEVELS and now < cert.not_after:
        add("level-insufficient", WARNING, "renewal", level=cert.assurance, required=REQUIRED_LEVEL)
    if cert.provider is None:
        add("provider-unknown", INFO, "generic", issuer=cert.issuer)
    return out


def _duplicates(snapshot: Snapshot, now: dt.datetime, catalogue: Catalogue) -> list[Finding]:
    groups: dict[tuple[object, ...], list[tuple[Token, Certificate]]] = defaultdict(list)
    seen: set[str] = set()
    for token, cert in snapshot.certificates:
        if cert.is_ca or cert.sha256 in seen or not cert.not_before <= now < cert.not_after:
            continue
        seen.add(cert.sha256)  # the same certificate seen through two modules is not a duplicate
        usage = (cert.holder.casefold(), cert.organisation.casefold(), cert.key_usage, cert.extended_key_usage)
        groups[usage].append((token, cert))
    out: list[Finding] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        newest_token, newest = max(members, key=lambda tc: tc[1].not_after)
        tokens = sorted({t.serial for t, _ in members})
        wanted = "one-token" if len(tokens) > 1 else "contact"
        params = {"count": len(members), "certificates": [c.sha256 for _, c in members], "tokens": tokens}
        out.append(
            Finding(
                "duplicate-certificates",
                WARNING,
                token=newest_token.serial,
                certificate=newest.sha256,
                params=params,
                guide=guide_for(catalogue, wanted, [c.provider for _, c in members]),
            )
        )
    return out


def diagnose(
    snapshot: Snapshot, drivers: Drivers, now: dt.datetime, catalogue: Catalogue, settings: Settings
) -> list[Finding]:
    """Every finding about this workstation and its tokens at `now`, most severe first."""
    findings = [*_workstation(snapshot, drivers), *_modules(snapshot)]
    seen: set[str] = set()
    for _, token in snapshot.tokens:
        if token.serial and token.serial in seen:
            continue  # the same token shown by a second module: say things once
        seen.add(token.serial)
        findings += _pin(token, catalogue)
        findings += _objects(token, catalogue)
        for cert in token.certificates:
            if not cert.is_ca:
                findings += _certificate(token, cert, now, catalogue, settings)
    findings += _duplicates(snapshot, now, catalogue)
    # Same severity: in the order of CODES (workstation, tokens, then certificates), whatever the token order.
    findings.sort(key=lambda f: CODES.index(f.code))
    return most_severe_first(findings)
