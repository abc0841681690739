"""Reading one X.509 certificate: its fields (core.tokens.x509_fields) and what the catalogue makes
of them (core.trust.classify: provider, level, qualified).

Importing this loads no X.509 parser: a process that receives fields read elsewhere (the reader
started at launch, core.assessment.ahead) only classifies them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Classification
from certhelper.core.trust.classify import assurance_of, classify


@dataclass(frozen=True)
class ParsedCertificate:
    """Every field of model.Certificate that comes from the DER alone (plus the catalogue)."""

    sha256: str
    subject: str
    issuer: str
    holder: str
    organisation: str
    siren: str | None
    siret: str | None
    email: str | None
    serial_number: str
    not_before: object
    not_after: object
    key_usage: tuple[str, ...]
    extended_key_usage: tuple[str, ...]
    policies: tuple[str, ...]
    qc_statements: tuple[str, ...]
    assurance: str
    qualified: bool
    issuer_known: bool
    provider: str | None
    public_key_sha256: str
    is_ca: bool
    issuer_name: str
    organisation_id: str | None
    classification: Classification
    der_base64: str


def parse_certificate(der: bytes, catalogue: Catalogue) -> ParsedCertificate:
    """Parse DER bytes; raise x509_fields.UnreadableCertificate with a reason a person can read."""
    from certhelper.core.tokens.x509_fields import read_fields

    return classified(read_fields(der), catalogue)


# The same certificates are classified again and again (the app's scan worker each time a token
# changes; a command for those the reader sent early, then in build_module): by SHA-256, per catalogue.
_CLASSIFIED: dict[str, tuple[Catalogue, ParsedCertificate]] = {}
_CLASSIFIED_SIZE = 2048


def classified(fields: dict[str, Any], catalogue: Catalogue) -> ParsedCertificate:
    """A certificate's fields (x509_fields.read_fields) with the catalogue's verdicts on them."""
    hit = _CLASSIFIED.get(fields["sha256"])
    if hit is not None and hit[0] is catalogue:
        return hit[1]
    own = {k: v for k, v in fields.items() if k not in ("issuer_cn", "issuer_o")}
    classification = classify(
        fields["issuer_cn"], fields["issuer_o"], fields["policies"], fields["qc_statements"], catalogue
    )
    parsed = ParsedCertificate(
        **own,
        assurance=assurance_of(classification),
        qualified=classification.qualified,
        issuer_known=classification.issuer_id is not None,
        provider=classification.provider,
        classification=classification,
    )
    if len(_CLASSIFIED) >= _CLASSIFIED_SIZE:
        _CLASSIFIED.clear()
    _CLASSIFIED[fields["sha256"]] = (catalogue, parsed)
    return parsed
