"""Trust state of one certificate: its chain to an anchor and its revocation status (core.trust).

Kept apart from the Assessment so the trust layer can produce them without importing it;
core.assessment.model re-exports them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


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
    # A stable code (details in the logs): "unreachable" (no responder answered), "bad-response" (answers that
    # could not be verified), "no-responder" (no OCSP URL nor CRL point), "no-issuer" (no issuer certificate
    # to ask about), "timeout" (over the overall budget), "failed" (an unexpected error, logged).
    error: str | None = None


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
    missing: str = ""  # incomplete: the CN of the issuer that could not be found (for the chain-incomplete text)


@dataclass(frozen=True)
class Trust:
    """What the trust layer (core.trust) found for one certificate: chain and revocation."""

    chain: Chain = field(default_factory=Chain)
    revocation: Revocation = field(default_factory=Revocation)
