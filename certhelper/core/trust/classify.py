"""Provider, RGS level and eIDAS status of a certificate, from the certificate itself.

Inputs are what the certificate carries: its issuer's CN and O (matched exactly against the
catalogue, never by substring), its policy OIDs and its QC statements (QcCompliance, QcSSCD,
QcType). The certificate's own statements win; the catalogue (Trusted List facts) fills in what the
certificate does not say. Every decided field names its source; where the catalogue and the
certificate disagree, the certificate's value is reported and the disagreement is listed.
"""

from __future__ import annotations

from collections.abc import Iterable

from certhelper.core.guidance.catalogue import Catalogue, IssuerSpec, PolicySpec
from certhelper.core.model import Classification, Disagreement, Evidence

QC_COMPLIANCE = "0.4.0.1862.1.1"
QC_SSCD = "0.4.0.1862.1.4"
QC_TYPE_ESIGN = "0.4.0.1862.1.6.1"
QC_TYPE_ESEAL = "0.4.0.1862.1.6.2"
SEMANTICS_NATURAL = "0.4.0.194121.1.1"
SEMANTICS_LEGAL = "0.4.0.194121.1.2"

LEVELS = ("RGS*", "RGS**", "RGS***")


def _statement(oid: str) -> str:
    names = {
        QC_COMPLIANCE: "QcCompliance",
        QC_SSCD: "QcSSCD",
        QC_TYPE_ESIGN: "QcType esign",
        QC_TYPE_ESEAL: "QcType eseal",
        SEMANTICS_NATURAL: "semantics natural person",
        SEMANTICS_LEGAL: "semantics legal person",
    }
    return f"QcStatement {names.get(oid, oid)} {oid}"


def _policy(spec: PolicySpec) -> str:
    return f"policy {spec.oid} ({spec.name})"


def _text(value: object) -> str:
    return "true" if value is True else "false" if value is False else str(value)


def _applicable(
    policies: Iterable[str], issuer: IssuerSpec | None, catalogue: Catalogue
) -> tuple[list[PolicySpec], list[Disagreement]]:
    """Catalogued policies that mean something under this issuer; the others are disagreements."""
    usable: list[PolicySpec] = []
    out: list[Disagreement] = []
    for oid in policies:
        spec = catalogue.policies.get(oid)
        if spec is None:
            continue
        if spec.issuers and (issuer is None or issuer.id not in spec.issuers):
            # e.g. a Trusted List QC policy on a certificate from "CA3 NG RGS": not what the list qualifies
            out.append(Disagreement("policy", f"{oid} only under {', '.join(spec.issuers)}", f"issuer {_id(issuer)}"))
            continue
        usable.append(spec)
    return usable, out


def _id(issuer: IssuerSpec | None) -> str:
    return issuer.id if issuer else "unknown"


def classify(
    issuer_cn: str, issuer_o: str, policies: tuple[str, ...], qc_statements: tuple[str, ...], catalogue: Catalogue
) -> Classification:
    """Classify one certificate (its fields read by core.tokens.x509_fields, classified in core.tokens.certificates)."""
    evidence: list[Evidence] = []
    disagreements: list[Disagreement] = []
    qc = set(qc_statements)
    issuer = catalogue.find_issuer(issuer_cn, issuer_o)

    provider = issuer.provider if issuer else None
    if issuer:
        evidence.append(Evidence("provider", issuer.provider, f"issuer CN={issuer.cn}, O={issuer.o} ({issuer.id})"))

    usable, mismatched = _applicable(policies, issuer, catalogue)
    disagreements += mismatched

    # eIDAS qualified: the certificate's QcCompliance, else a policy the catalogue says is qualified.
    qualified = False
    qualified_policy = next((p for p in usable if p.qualified), None)
    if QC_COMPLIANCE in qc:
        qualified = True
        evidence.append(Evidence("qualified", "true", _statement(QC_COMPLIANCE)))
    elif qualified_policy is not None:
        qualified = True
        evidence.append(Evidence("qualified", "true", _policy(qualified_policy)))
    if qualified and issuer is not None and not issuer.qualified:
        # "CA3 NG RGS" is no qualified-certificate service: report what the certificate says, and say so.
        disagreements.append(Disagreement("qualified", f"{issuer.id}: not a qualified service", "qualified"))

    # QSCD: the certificate's QcSSCD when it carries QC statements at all, else the policy.
    qscd: bool | None = None
    policy_qscd = next((p for p in usable if p.qscd is not None), None)
    if QC_SSCD in qc:
        qscd = True
        evidence.append(Evidence("qscd", "true", _statement(QC_SSCD)))
    elif QC_COMPLIANCE in qc:
        qscd = False
        evidence.append(Evidence("qscd", "false", f"QC statements without QcSSCD {QC_SSCD}"))
    elif policy_qscd is not None:
        qscd = policy_qscd.qscd
        evidence.append(Evidence("qscd", _text(qscd), _policy(policy_qscd)))
    if policy_qscd is not None and qscd is not None and policy_qscd.qscd != qscd:
        disagreements.append(Disagreement("qscd", f"{_text(policy_qscd.qscd)} ({policy_qscd.oid})", _text(qscd)))

    # Natural or legal person: QcType, then the semantics identifier, then the policy.
    person: str | None = None
    for oid, value in (
        (QC_TYPE_ESIGN, "natural"),
        (QC_TYPE_ESEAL, "legal"),
        (SEMANTICS_NATURAL, "natural"),
        (SEMANTICS_LEGAL, "legal"),
    ):
        if oid in qc:
            person = value
            evidence.append(Evidence("person", value, _statement(oid)))
            break
    policy_person = next((p for p in usable if p.person), None)
    if person is None and policy_person is not None:
        person = policy_person.person
        evidence.append(Evidence("person", str(person), _policy(policy_person)))
    elif person and policy_person is not None and policy_person.person != person:
        disagreements.append(Disagreement("person", f"{policy_person.person} ({policy_person.oid})", person))

    # RGS level: a catalogued policy naming one, else the issuing CA's.
    level: str | None = None
    policy_level = next((p for p in usable if p.assurance in LEVELS), None)
    if policy_level is not None:
        level = policy_level.assurance
        evidence.append(Evidence("level", str(level), _policy(policy_level)))
    elif issuer is not None and issuer.assurance in LEVELS:
        level = issuer.assurance
        evidence.append(Evidence("level", level, f"issuer {issuer.cn} ({issuer.id})"))

    return Classification(
        provider=provider,
        issuer_id=issuer.id if issuer else None,
        level=level,
        qualified=qualified,
        qscd=qscd,
        person=person,
        evidence=tuple(evidence),
        disagreements=tuple(disagreements),
    )


def assurance_of(classification: Classification) -> str:
    """The one-word level older outputs show: RGS*/RGS**/RGS***, eIDAS-qualified, or unknown."""
    if classification.level:
        return classification.level
    return "eIDAS-qualified" if classification.qualified else "unknown"
