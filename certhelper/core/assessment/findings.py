"""A Finding: one thing a person can act on, with a stable code and the guide that resolves it.

The core never writes sentences for users: front-ends render a finding from its code and
params, in the user's language (texts in resources/catalogue/findings.toml).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("critical", "warning", "info")


@dataclass(frozen=True)
class Finding:
    code: str  # stable, e.g. "cert-expiring"
    severity: str  # "critical", "warning" or "info"
    token: str | None = None  # token serial it is about
    certificate: str | None = None  # certificate SHA-256 it is about
    params: dict[str, Any] = field(default_factory=dict)
    guide: str | None = None  # guide id in resources/catalogue/guides.toml

    @property
    def rank(self) -> int:
        return SEVERITIES.index(self.severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "token": self.token,
            "certificate": self.certificate,
            "params": dict(self.params),
            "guide": self.guide,
        }


def most_severe_first(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: f.rank)
