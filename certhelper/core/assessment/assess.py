"""The one verdict: `assess(request, now)` runs the pipeline, `judge(...)` decides everything once.

Pipeline (assess): scan the modules (core.tokens.scan) → detect the drivers (core.workstation.drivers)
→ trust, chain and revocation (core.trust.evaluate, skipped when not asked) → judge. assess has no
side effect: remembering certificates for reminders is `core.assessment.remember.remember`, which
the commands whose purpose it is call explicitly (window, tray, `status`, `remind`).

judge is pure (no I/O, `now` passed in) and is the one place for:
- renewal urgency (core.assessment.renewal: days counted in Europe/Paris calendar days; the last
  safe order date is never shown once past: `order_today`),
- key matching (`key_match`: the status line and the cert-without-key / key-mismatch findings
  come from the same KeyMatch),
- PIN state (`pin_status`),
- what counts as a distinct token (`token_key`: one serial seen through two modules is one token,
  `also_seen_in` names the other modules),
- severities: each finding's, each certificate's (the most severe finding about it), each token's
  and the workstation's; `core.assessment.severity.exit_code` maps a severity to an exit code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from certhelper.core.assessment import diagnosis, reading
from certhelper.core.assessment.findings import Finding
from certhelper.core.assessment.model import (
    Assessment,
    CertificateAssessment,
    KeyMatch,
    PinStatus,
    RenewalState,
    TokenAssessment,
)
from certhelper.core.assessment.renewal import renewal_state
from certhelper.core.assessment.request import AssessRequest as AssessRequest  # where callers look for it
from certhelper.core.assessment.severity import worst
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Certificate, Module, Snapshot, Token
from certhelper.core.settings import Settings, offline_wanted
from certhelper.core.trust.model import Trust
from certhelper.core.workstation.drivers import Drivers

if TYPE_CHECKING:
    from certhelper.core.tokens.scan import PendingScan

_Judged = tuple[Certificate, RenewalState, KeyMatch]


def token_key(module: Module, token: Token) -> str:
    """Identity of a physical token: its serial, else "<module path>#<slot>"."""
    return token.serial or f"{module.path}#{token.slot}"


def key_match(token: Token, cert: Certificate) -> KeyMatch:
    """Whether the token holds this certificate's key, as far as can be seen without login."""
    if cert.key_matches is False:
        return KeyMatch.MISMATCH
    if cert.has_private_key:
        return KeyMatch.MATCHES
    # A token that shows no key object without login proves nothing about a missing key.
    return KeyMatch.MISSING if token.keys else KeyMatch.UNKNOWN


def pin_status(token: Token) -> PinStatus:
    pin = token.pin
    if pin.locked:
        return PinStatus.LOCKED
    if pin.final_try:
        return PinStatus.FINAL_TRY
    if pin.count_low:
        return PinStatus.COUNT_LOW
    return PinStatus.OK


def _by_certificate(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    """Each certificate's findings (SHA-256 → findings, in order): those naming it, and a
    duplicate-certificates finding for every copy it lists. Indexed once: a token of 200
    certificates does not scan every finding 200 times."""
    about: dict[str, list[Finding]] = {}
    for finding in findings:
        named = dict.fromkeys([finding.certificate] if finding.certificate else [])
        if finding.code == "duplicate-certificates":
            named.update(dict.fromkeys(finding.params.get("certificates", ())))
        for sha in named:
            about.setdefault(sha, []).append(finding)
    return about


def judge(
    snapshot: Snapshot,
    drivers: Drivers,
    now: dt.datetime,
    catalogue: Catalogue,
    settings: Settings,
    trust: Mapping[str, Trust] | None = None,
    offline: bool = False,
) -> Assessment:
    """The whole verdict for what was read, at `now`. Pure: the same inputs give the same Assessment."""
    trust = trust or {}
    # Distinct tokens, in the order first seen; later views of the same token only add a module path.
    views: dict[str, list[tuple[Module, Token]]] = {}
    for module, token in snapshot.tokens:
        views.setdefault(token_key(module, token), []).append((module, token))

    findings: list[Finding] = [
        *diagnosis.workstation_findings(snapshot, drivers),
        *diagnosis.module_findings(snapshot, list(views)),
    ]
    per_token: list[tuple[str, Module, Token, tuple[str, ...], PinStatus, list[_Judged]]] = []
    for key, seen in views.items():
        module, token = seen[0]
        pin = pin_status(token)
        findings += diagnosis.pin_findings(token, pin, catalogue)
        findings += diagnosis.object_findings(token, catalogue)
        certs: list[_Judged] = []
        for cert in token.certificates:
            renewal = renewal_state(cert.not_after, now, settings)
            match = key_match(token, cert)
            if not cert.is_ca:
                findings += diagnosis.certificate_findings(token, cert, renewal, match, now, catalogue, settings)
                if cert.sha256 in trust:
                    findings += diagnosis.trust_findings(token, cert, trust[cert.sha256], snapshot, catalogue, offline)
            certs.append((cert, renewal, match))
        also = tuple(dict.fromkeys(m.path for m, _ in seen[1:] if m.path != module.path))
        per_token.append((key, module, token, also, pin, certs))
    findings += diagnosis.duplicate_findings(snapshot, now, catalogue)
    findings = diagnosis.sort_findings(findings)

    tokens: list[TokenAssessment] = []
    about = _by_certificate(findings)
    for key, module, token, also, pin, certs in per_token:
        assessed: list[CertificateAssessment] = []
        for cert, renewal, match in certs:
            mine = about.get(cert.sha256, [])
            assessed.append(
                CertificateAssessment(
                    certificate=cert,
                    token_key=key,
                    renewal=renewal,
                    key=match,
                    trust=trust.get(cert.sha256, Trust()),
                    severity=worst(f.severity for f in mine),
                    findings=tuple(dict.fromkeys(f.code for f in mine)),
                )
            )
        assessed.sort(key=lambda c: c.certificate.is_ca)  # holder certificates first, order kept otherwise
        about_token = [f.severity for f in findings if f.token is not None and f.token == token.serial]
        severity = worst([*about_token, *(c.severity for c in assessed)])
        tokens.append(TokenAssessment(key, module, token, also, pin, tuple(assessed), severity))

    return Assessment(
        now=now,
        snapshot=snapshot,
        drivers=drivers,
        tokens=tuple(tokens),
        findings=tuple(findings),
        severity=worst(f.severity for f in findings),
        lead_time_days=settings.lead_time_days,
        safety_margin_days=settings.safety_margin_days,
        horizon_days=settings.horizon_days,
        offline=offline,
    )


def assess(request: AssessRequest, now: dt.datetime) -> Assessment:
    """Scan, detect the drivers, check trust, judge. No side effect (nothing is remembered here)."""
    from certhelper.core.workstation.drivers import detect_drivers

    reading_here = _start_reading(request)
    # While the tokens are read (by the reader, else in child processes): the drivers, trust's libraries.
    drivers = detect_drivers(request.catalogue, sysroot=request.sysroot)
    checking = request.check_trust and bool(request.candidates)  # nothing to read: trust is not even loaded
    anchors = reading.load_trust() if checking else None
    snapshot = Snapshot(taken_at=now.replace(microsecond=0), modules=tuple(_modules(request, reading_here)))
    trust = reading.trust_of(snapshot, request, now, anchors) if checking else {}
    offline = offline_wanted(request.settings, request.offline)
    return judge(snapshot, drivers, now, request.catalogue, request.settings, trust, offline=offline)


def _start_reading(request: AssessRequest) -> PendingScan | None:
    """The reader reads the one module (core.assessment.ahead); else each module gets a child now."""
    from certhelper.core.tokens.scan import start_scan

    request.start_reading()
    if not request.candidates or (request.reader is not None and request.reader.reading):
        return None
    return start_scan(request.candidates, request.catalogue, request.timeout)


def _early(request: AssessRequest) -> Callable[[list[Any]], None]:
    """What is done with the certificates the reader hands over while it reads on: classified, and
    parsed for trust (the same work build_module and trust_of would do after the last one)."""
    from certhelper.core.tokens.pkcs11_scan import prepare_certificates

    def prepare(entries: list[Any]) -> None:
        for parsed in prepare_certificates(entries, request.catalogue):
            if request.check_trust:
                reading.prepare(parsed.der_base64)

    return prepare


def _modules(request: AssessRequest, reading_here: PendingScan | None) -> list[Module]:
    """The modules read: by the children `_start_reading` started, else by the reader."""
    from certhelper.core.tokens.scan import named

    if reading_here is not None:
        return reading_here.modules()
    if request.reader is None or not request.candidates:
        return []
    cand = named(request.candidates[0], request.catalogue)
    return [request.reader.result(cand, request.catalogue, request.timeout, early=_early(request))]
