"""The Assessment: the one verdict every front-end renders (CLI, reports, window, tray, monitoring).

Everything a front-end shows is decided here, once: the renewal state of each certificate, the
state of each distinct token (PIN, keys), the trust state (chain, revocation), the findings and the
overall severity. Front-ends turn these codes and fields into sentences; they decide nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from certhelper.core.assessment.findings import Finding
from certhelper.core.model import Certificate, Module, Snapshot, Token
from certhelper.core.renewal import Renewal as Renewal  # the one renewal rule lives in core.renewal
from certhelper.core.renewal import RenewalState as RenewalState
from certhelper.core.trust.model import Chain, ChainStatus, Revocation, RevocationStatus, Trust  # noqa: F401
from certhelper.core.workstation.drivers import Drivers


class Severity(StrEnum):
    """Most severe first; `ok` when nothing is to be done."""

    CRITICAL = "critical"
    WARNING = "warning"
    INFO = "info"
    OK = "ok"


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
