"""The finding rules: from what was read and decided (snapshot, drivers, renewal states, key matches,
trust) to what a person can act on, most severe first.

Called by core.assessment.assess.judge, which decides each certificate's RenewalState and KeyMatch
once and passes them here: a finding never re-decides what the status shows. Pure: no I/O.
Texts are not here: front-ends render each finding's code and params (core.outputs.finding_text).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from certhelper.core.assessment.findings import Finding, most_severe_first
from certhelper.core.assessment.model import KeyMatch, PinStatus, Renewal, RenewalState
from certhelper.core.clock import paris_day
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.guidance.guides import guide_for
from certhelper.core.model import Certificate, Snapshot, Token, _to_jsonable
from certhelper.core.settings import Settings
from certhelper.core.trust.model import ChainStatus, RevocationStatus, Trust
from certhelper.core.workstation.drivers import Drivers

CRITICAL, WARNING, INFO = "critical", "warning", "info"
IDOPTE, HASHLOGIC = "idopte", "hashlogic"
REQUIRED_LEVEL = "RGS**"  # what Mégalis services accept
INSUFFICIENT_LEVELS = ("RGS*",)  # "unknown" is not judged: provider-unknown covers it

# Every code the rules can return (findings.toml has a text for each; tests check both).
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
    "cert-revoked",
    "chain-incomplete",
    "revocation-unknown",
)


def _day(when: dt.datetime) -> str:
    return paris_day(when).isoformat()  # the Paris calendar day, as every front-end writes it (core.clock)


def _token_providers(token: Token) -> list[str | None] | None:
    certs = [c for c in token.certificates if not c.is_ca]
    return [c.provider for c in certs] if certs else None


def workstation_findings(snapshot: Snapshot, drivers: Drivers) -> list[Finding]:
    out: list[Finding] = []
    if not snapshot.modules:
        out.append(Finding("no-module", CRITICAL, params={"os": drivers.os}, guide="driver-install"))
    idopte, hashlogic = drivers.get(IDOPTE), drivers.get(HASHLOGIC)
    if idopte and hashlogic:
        out.append(
            Finding(
                "driver-conflict",
                WARNING,  # the conflict is an inference (facts sheet): Idopte replaces Hashlogic, both present
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


def module_findings(snapshot: Snapshot, distinct: list[str]) -> list[Finding]:
    out: list[Finding] = []
    readable = [m for m in snapshot.modules if not m.error]
    for module in snapshot.modules:
        if module.error:
            severity = WARNING if readable else CRITICAL
            params = {"module": module.path, "name": module.name, "reason": _to_jsonable(module.error)}
            out.append(Finding("module-load-failed", severity, params=params, guide="driver-install"))
    if readable and not snapshot.tokens:
        paths = [m.path for m in readable]
        out.append(Finding("no-token", WARNING, params={"modules": paths}, guide="driver-install"))
    if len(distinct) > 1:  # distinct physical tokens (core.assessment.assess.token_key), not module views
        params = {"count": len(distinct), "tokens": distinct}
        out.append(Finding("multiple-tokens", CRITICAL, params=params, guide="one-token"))
    return out


_PIN_FINDINGS = {
    PinStatus.LOCKED: ("pin-locked", CRITICAL),
    PinStatus.FINAL_TRY: ("pin-final-try", CRITICAL),
    PinStatus.COUNT_LOW: ("pin-count-low", WARNING),
}


def pin_findings(token: Token, pin: PinStatus, catalogue: Catalogue) -> list[Finding]:
    """From the token's PinStatus (assess.pin_status), the one PIN rule the status shows too."""
    if pin not in _PIN_FINDINGS:
        return []
    code, severity = _PIN_FINDINGS[pin]
    guide = guide_for(catalogue, "pin-unlock", _token_providers(token))
    about = {"token_label": token.label}  # every finding names its token (core.outputs.finding_text)
    return [Finding(code, severity, token=token.serial, params=about, guide=guide)]


def object_findings(token: Token, catalogue: Catalogue) -> list[Finding]:
    out: list[Finding] = []
    providers = _token_providers(token)
    contact = guide_for(catalogue, "contact", providers)
    if token.error:
        params = {"reason": _to_jsonable(token.error), "label": token.label, "token_label": token.label}
        out.append(Finding("token-read-failed", WARNING, token=token.serial, params=params, guide=contact))
    for item in token.unreadable:
        reason = {"code": item.code, "detail": item.detail}
        params = {"id": item.id, "label": item.label, "reason": reason, "token_label": token.label}
        out.append(Finding("certificate-unreadable", WARNING, token=token.serial, params=params, guide=contact))
    cert_ids = {c.id for c in token.certificates if c.id}
    mismatched = {c.id for c in token.certificates if c.key_matches is False}
    for key in token.keys:
        # A key of a mismatched pair is reported once, as key-mismatch.
        if key.certificate_sha256 is None and key.id not in mismatched and key.id not in cert_ids:
            params = {"id": key.id, "label": key.label, "key_class": key.object_class, "key_type": key.key_type}
            params["token_label"] = token.label
            out.append(Finding("key-without-cert", INFO, token=token.serial, params=params, guide=contact))
    return out


def certificate_findings(
    token: Token,
    cert: Certificate,
    renewal: RenewalState,
    key: KeyMatch,
    now: dt.datetime,
    catalogue: Catalogue,
    settings: Settings,
) -> list[Finding]:
    out: list[Finding] = []
    serial, sha = token.serial, cert.sha256

    def guide(wanted: str) -> str:
        return guide_for(catalogue, wanted, [cert.provider])

    def add(code: str, severity: str, wanted: str, **params: object) -> None:
        base = {"id": cert.id, "not_after": _day(cert.not_after), "holder": cert.holder, "token_label": token.label}
        out.append(
            Finding(code, severity, token=serial, certificate=sha, params={**base, **params}, guide=guide(wanted))
        )

    days, order_by = renewal.days_left, renewal.order_by.isoformat()
    if renewal.state is Renewal.EXPIRED:
        add("cert-expired", CRITICAL, "renewal", days_left=days, days_since=-days)
    elif renewal.state is Renewal.ORDER_NOW:  # the order date is today or past: the text says "today", no date
        add("cert-renew-now", WARNING, "renewal", days_left=days, order_today=True, lead_time=renewal.lead_time_days)
    elif renewal.state is Renewal.PLAN:
        add("cert-expiring", INFO, "renewal", days_left=days, order_by=order_by, horizon=settings.horizon_days)
    if now < cert.not_before:
        ahead = (cert.not_before - now).total_seconds() / 86400
        code = "clock-suspect" if ahead > settings.clock_skew_days else "cert-not-yet-valid"
        add(code, WARNING, "contact", not_before=_day(cert.not_before), now=_day(now), days_ahead=int(ahead))
    if key is KeyMatch.MISMATCH:
        add("key-mismatch", CRITICAL, "contact", label=cert.label)
    elif key is KeyMatch.MISSING:  # the same KeyMatch the status shows (assess.key_match)
        add("cert-without-key", WARNING, "contact", label=cert.label)
    if cert.assurance in INSUFFICIENT_LEVELS and now < cert.not_after:
        add("level-insufficient", WARNING, "renewal", level=cert.assurance, required=REQUIRED_LEVEL)
    if cert.provider is None:
        add("provider-unknown", INFO, "generic", issuer=cert.issuer)
    return out


def trust_findings(
    token: Token, cert: Certificate, trust: Trust, snapshot: Snapshot, catalogue: Catalogue, offline: bool
) -> list[Finding]:
    """Revocation and chain: a revoked certificate is critical; an unanswered check is not a verdict."""
    out: list[Finding] = []
    base = {"id": cert.id, "not_after": _day(cert.not_after), "holder": cert.holder, "token_label": token.label}

    def add(code: str, severity: str, wanted: str, **params: object) -> None:
        guide = guide_for(catalogue, wanted, [cert.provider])
        out.append(
            Finding(code, severity, token=token.serial, certificate=cert.sha256, params={**base, **params}, guide=guide)
        )

    revocation, chain = trust.revocation, trust.chain
    if revocation.status is RevocationStatus.REVOKED:
        revoked_at = _day(revocation.revoked_at) if revocation.revoked_at else None
        add(
            "cert-revoked",
            CRITICAL,
            "renewal",
            revoked_at=revoked_at,
            reason=revocation.reason,
            source=revocation.source,
        )
    elif revocation.status is RevocationStatus.UNKNOWN:
        add("revocation-unknown", INFO, "generic", error=revocation.error, url=revocation.url)
    # Offline, a missing intermediate may simply not have been fetched (AIA): not a verdict, no finding.
    if chain.status is ChainStatus.INCOMPLETE and not offline:
        add("chain-incomplete", WARNING, "contact", missing=_missing_issuer(cert, chain.path, snapshot))
    return out


def _missing_issuer(cert: Certificate, path: tuple[str, ...], snapshot: Snapshot) -> str:
    """The name of the authority missing from the chain: the issuer of the last certificate found."""
    last = path[-1] if path else cert.sha256
    found = cert if last == cert.sha256 else next((c for _, c in snapshot.certificates if c.sha256 == last), cert)
    return found.issuer_name or found.issuer


def duplicate_findings(snapshot: Snapshot, now: dt.datetime, catalogue: Catalogue) -> list[Finding]:
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
        params |= {"holder": newest.holder, "token_label": newest_token.label}
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


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Most severe first; same severity in the order of CODES (workstation, tokens, certificates)."""
    findings = sorted(findings, key=lambda f: CODES.index(f.code))
    return most_severe_first(findings)
