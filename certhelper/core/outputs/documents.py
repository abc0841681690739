"""JSON documents printed by the CLI and embedded in reports (schemas in the README).

They render an Assessment (core.assessment): every state here was decided there, once.
"""

from __future__ import annotations

from typing import Any

from certhelper import __version__
from certhelper.core.assessment.model import Assessment, CertificateAssessment, RenewalState, TokenAssessment
from certhelper.core.model import _iso, _to_jsonable
from certhelper.core.trust.model import Trust

# 2: per certificate renewal{…}, key_match, severity, findings, revocation{…}, chain{…};
#    per token key, also_seen_in, pin_status, severity; the workstation's severity.
SCHEMA_VERSION = 2


def renewal_dict(renewal: RenewalState) -> dict[str, Any]:
    """The renewal state; `order_by` is null when the order date is today or past (`order_today`)."""
    return {
        "state": str(renewal.state),
        "days_left": renewal.days_left,
        "order_by": None if renewal.order_today else renewal.order_by.isoformat(),
        "order_today": renewal.order_today,
        "lead_time_days": renewal.lead_time_days,
        "safety_margin_days": renewal.safety_margin_days,
    }


def trust_dict(trust: Trust) -> dict[str, Any]:
    revocation, chain = trust.revocation, trust.chain
    return {
        "revocation": {
            "status": str(revocation.status),
            "revoked_at": _iso(revocation.revoked_at) if revocation.revoked_at else None,
            "reason": revocation.reason,
            "source": revocation.source,
            "url": revocation.url,
            "checked_at": _iso(revocation.checked_at) if revocation.checked_at else None,
            "error": revocation.error,
        },
        "chain": {"status": str(chain.status), "path": list(chain.path), "names": list(chain.names)},
    }


def certificate_verdict(cert: CertificateAssessment) -> dict[str, Any]:
    """What the assessment decided about one certificate (added to its snapshot fields)."""
    return {
        "days_left": cert.renewal.days_left,
        "renewal": renewal_dict(cert.renewal),
        "key_match": str(cert.key),
        "severity": str(cert.severity),
        "findings": list(cert.findings),
        **trust_dict(cert.trust),
    }


def token_verdict(token: TokenAssessment) -> dict[str, Any]:
    return {
        "key": token.key,
        "also_seen_in": list(token.also_seen_in),
        "pin_status": str(token.pin),
        "severity": str(token.severity),
    }


def status_document(assessment: Assessment) -> dict[str, Any]:
    """The snapshot as a dict, each token and certificate with what the assessment decided about it."""
    doc = _to_jsonable(assessment.snapshot)
    tokens = {t.key: t for t in assessment.tokens}
    for module in doc["modules"]:
        for token in module["tokens"]:
            key = token["serial"] or f"{module['path']}#{token['slot']}"
            assessed = tokens.get(key)
            if assessed is None:
                continue
            token.update(token_verdict(assessed))
            certs = {c.certificate.sha256: c for c in assessed.certificates}
            for cert in token["certificates"]:
                if cert["sha256"] in certs:
                    cert.update(certificate_verdict(certs[cert["sha256"]]))
    return {
        "schema": SCHEMA_VERSION,
        "app_version": __version__,
        "generated_at": _iso(assessment.now),
        "severity": str(assessment.severity),
        "lead_time_days": assessment.lead_time_days,
        "safety_margin_days": assessment.safety_margin_days,
        "horizon_days": assessment.horizon_days,
        "offline": assessment.offline,
        "findings": [f.to_dict() for f in assessment.findings],
        **doc,
    }
