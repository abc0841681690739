"""The Assessment: the one verdict every front-end renders (CLI, reports, window, tray, monitoring).

Everything a front-end shows is decided here, once: the renewal state of each certificate, the
state of each distinct token (PIN, keys), the trust state (chain, revocation), the findings and the
overall severity. Front-ends turn these codes and fields into sentences; they decide nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from certhelper.core.assessment.findings import Finding
from certhelper.core.model import Certificate, Module, Snapshot, Token
from certhelper.core.workstation.drivers import Drivers


class Severity(StrEnum):
    """Most severe first; `ok` when nothing is to be done."""

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"
    OK = "ok"


class Renewal(StrEnum):
    FINE = "fine"  # nothing to do yet
    PLAN = "plan"  # within the reminder horizon: plan the order
    ORDER_NOW = "order-now"  # the last safe order date is today or past: order today
    EXPIRED = "expired"


@dataclass(frozen=True)
class RenewalState:
    state: Renewal
    days_left: int  # whole days until not_after, counted in the documented zone (negative once expired)
    not_after: dt.datetime
    order_by: dt.date  # the last safe order date: not_after - lead time - margin
    order_today: bool  # order_by is today or already past: say "order today", never show a past date
    lead_time_days: int  # from the settings, never hard-coded
    safety_margin_days: int


class KeyMatch(StrEnum):
    MATCHES = "matches"  # a key on the token holds this certificate's public key
    MISSING = "missing"  # the token shows keys without login, but none for this certificate
    MISMATCH = "mismatch"  # the key with this certificate's CKA_ID holds another public key
    UNKNOWN = "unknown"  # the token shows no key without login: nothing can be said


class PinStatus(StrEnum):
    OK = "ok"
    COUNT_LOW = "count-low"
    FINAL_TRY = "final-try"
    LOCKED = "locked"


class RevocationStatus(StrEnum):
    GOOD = "good"
    REVOKED = "revoked"
    UNKNOWN = "unknown"  # the responders could not be reached or answered nothing usable: not a verdict
    NOT_CHECKED = "not-checked"  # offline, or not asked


@dataclass(frozen=True)
class Revocation:
    status: RevocationStatus = RevocationStatus.NOT_CHECKED
    revoked_at: dt.datetime | None = None
    reason: str | None = None  # RFC 5280 reason code name, e.g. "key_compromise"
    source: str | None = None  # "ocsp" | "crl"
    url: str | None = None
    checked_at: dt.datetime | None = None  # when the answer was obtained (cache: may be older than now)
    error: str | None = None  # a stable code, e.g. "timeout", "unreachable", "bad-response" (details in logs)


class ChainStatus(StrEnum):
    COMPLETE = "complete"  # reaches a trust anchor
    INCOMPLETE = "incomplete"  # an intermediate is missing
    UNTRUSTED = "untrusted"  # reaches a root that is not an anchor
    NOT_BUILT = "not-built"


@dataclass(frozen=True)
class Chain:
    status: ChainStatus = ChainStatus.NOT_BUILT
    path: tuple[str, ...] = ()  # SHA-256 of each certificate, leaf first
    names: tuple[str, ...] = ()  # the subjects' CN, leaf first, for display


@dataclass(frozen=True)
class Trust:
    """What the trust layer (core.trust) found for one certificate: chain and revocation."""

    chain: Chain = field(default_factory=Chain)
    revocation: Revocation = field(default_factory=Revocation)


@dataclass(frozen=True)
class CertificateAssessment:
    certificate: Certificate
    token_key: str  # TokenAssessment.key of the token it is on
    renewal: RenewalState
    key: KeyMatch
    trust: Trust
    severity: Severity  # the most severe of the findings about this certificate (ok when none)
    findings: tuple[str, ...]  # the codes of those findings, most severe first


@dataclass(frozen=True)
class TokenAssessment:
    key: str  # identity of a distinct physical token: serial, else "<module path>#<slot>"
    module: Module  # the first module that showed it
    token: Token
    also_seen_in: tuple[str, ...]  # other module paths that show the same token (one token, not two)
    pin: PinStatus
    certificates: tuple[CertificateAssessment, ...]  # holder certificates first (CA certificates last)
    severity: Severity


@dataclass(frozen=True)
class Assessment:
    now: dt.datetime
    snapshot: Snapshot
    drivers: Drivers
    tokens: tuple[TokenAssessment, ...]  # distinct tokens only
    findings: tuple[Finding, ...]  # most severe first
    severity: Severity  # of the whole workstation
    lead_time_days: int
    safety_margin_days: int
    horizon_days: int
    offline: bool = False

    @property
    def certificates(self) -> list[CertificateAssessment]:
        return [c for t in self.tokens for c in t.certificates]

    def certificate(self, sha256: str) -> CertificateAssessment | None:
        return next((c for c in self.certificates if c.certificate.sha256 == sha256), None)

    def token(self, key: str) -> TokenAssessment | None:
        return next((t for t in self.tokens if t.key == key), None)

    def attention_count(self) -> int:
        """How many findings ask for the user's attention (critical and warning), for the one-line verdict."""
        return sum(1 for f in self.findings if f.severity in (Severity.CRITICAL, Severity.WARNING))
