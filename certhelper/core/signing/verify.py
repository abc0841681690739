"""Read a signed PDF and say, per signature: who, when, intact, whole, PAdES level, trusted, revoked.

pyHanko does the cryptography and the chain (pyhanko-certvalidator); this module turns its status
objects into one typed report and one verdict (ok / warning / broken) that every front-end renders.
Real-world files are messy: the reader is lenient (strict=False), and a signature pyHanko cannot
evaluate is reported as broken with a reason, never as an exception.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509

from certhelper.core.tokens.x509_fields import _holder

logger = logging.getLogger(__name__)
# pyHanko logs a traceback at WARNING for every chain it cannot build: that is our "untrusted", told
# in the report (its own words go to SignatureReport.detail). Only its errors may reach a log, and a
# handler of its own keeps Python's last-resort handler from printing them on a user's stderr.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_name).setLevel(logging.ERROR)
    logging.getLogger(_name).addHandler(logging.NullHandler())

PADES_SUBFILTER = "ETSI.CAdES.detached"
# Outcomes of the whole file; front-ends map them to a sentence.
FILE_OUTCOMES = ("signed", "unsigned", "not-pdf", "unreadable")
VERDICTS = ("ok", "warning", "broken")


@dataclass(frozen=True)
class CertificateInfo:
    sha256: str
    subject: str
    issuer: str
    serial_number: str
    not_before: str
    not_after: str


@dataclass(frozen=True)
class Revocation:
    status: str  # good | revoked | unknown | not-checked
    reason: str = ""  # offline | no-pointer | unreachable | untrusted-chain | ...
    revoked_on: str | None = None


@dataclass(frozen=True)
class SignatureReport:
    field: str
    signer: str
    signing_time: str | None  # ISO 8601, UTC; the time-stamp's when there is one
    integrity: str  # intact | broken
    coverage: str  # whole | partial
    subfilter: str
    pades_level: str | None  # B-B, B-T, B-LT, B-LTA; None when not PAdES
    trusted: bool
    certificate: CertificateInfo | None
    revocation: Revocation
    timestamped: bool = False
    problems: tuple[
        str, ...
    ] = ()  # codes: broken-digest, not-pades, untrusted, partial, revocation-unknown, revocation-not-checked…
    detail: str = ""  # library text, for "Détails" / --verbose

    @property
    def verdict(self) -> str:
        if self.integrity != "intact" or self.revocation.status == "revoked":
            return "broken"
        return "warning" if self.problems else "ok"

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["problems"] = list(self.problems)
        data["verdict"] = self.verdict
        return data


@dataclass(frozen=True)
class VerifyReport:
    file: str
    outcome: str  # one of FILE_OUTCOMES
    signatures: tuple[SignatureReport, ...] = ()
    detail: str = ""

    @property
    def verdict(self) -> str:
        """The one verdict: broken (or unsigned/unreadable), warning, ok."""
        if self.outcome != "signed" or not self.signatures:
            return "broken"
        verdicts = {s.verdict for s in self.signatures}
        return "broken" if "broken" in verdicts else "warning" if "warning" in verdicts else "ok"

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "outcome": self.outcome,
            "verdict": self.verdict,
            "detail": self.detail,
            "signatures": [s.to_dict() for s in self.signatures],
        }


@dataclass(frozen=True)
class VerifyOptions:
    offline: bool = False
    extra_anchors: tuple[Path, ...] = field(default=())
    now: dt.datetime | None = None


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    value = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _certificate_info(cert: Any) -> tuple[str, CertificateInfo]:
    der = cert.dump()
    parsed = x509.load_der_x509_certificate(der)
    info = CertificateInfo(
        sha256=hashlib.sha256(der).hexdigest(),
        subject=parsed.subject.rfc4514_string(),
        issuer=parsed.issuer.rfc4514_string(),
        serial_number=format(parsed.serial_number, "x"),
        not_before=_iso(parsed.not_valid_before_utc) or "",
        not_after=_iso(parsed.not_valid_after_utc) or "",
    )
    return _holder(parsed.subject) or info.subject, info


def _has_revocation_pointer(cert: Any) -> bool:
    try:
        return bool(cert.ocsp_urls or cert.crl_distribution_points)
    except Exception:  # a malformed extension: no pointer we can use
        return False


def _revocation(status: Any, cert: Any, context: Any, offline: bool) -> Revocation:
    if getattr(status, "revoked", False):
        details = getattr(status, "revocation_details", None)
        return Revocation("revoked", "", _iso(getattr(details, "revocation_date", None)))
    if offline:
        return Revocation("not-checked", "offline")
    if cert is None or not _has_revocation_pointer(cert):
        return Revocation("unknown", "no-pointer")
    if not status.trusted:
        return Revocation("unknown", "untrusted-chain")
    fetched = bool(getattr(context, "ocsps", None) or getattr(context, "crls", None))
    failed = bool(getattr(context, "soft_fail_exceptions", None))  # soft-fail: a fetch that failed
    return Revocation("good", "") if fetched and not failed else Revocation("unknown", "unreachable")


def _pades_level(subfilter: str, timestamped: bool, has_dss: bool, doc_timestamp_after: bool) -> str | None:
    if subfilter != PADES_SUBFILTER:
        return None
    if not timestamped:
        return "B-B"
    if not has_dss:
        return "B-T"
    return "B-LTA" if doc_timestamp_after else "B-LT"


def _validation_context(options: VerifyOptions) -> Any:
    from pyhanko_certvalidator import ValidationContext

    from certhelper.core.signing.anchors import trust_anchors

    return ValidationContext(
        trust_roots=trust_anchors(options.extra_anchors),
        allow_fetching=not options.offline,
        revocation_mode="soft-fail",
        moment=options.now,
    )


def _one_signature(embedded: Any, reader: Any, options: VerifyOptions) -> SignatureReport:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    name = str(embedded.field_name or "")
    subfilter = str(embedded.sig_object.get("/SubFilter", "")).lstrip("/")
    cert: Any = None
    try:
        cert = embedded.signer_cert
    except Exception:  # no usable certificate in the CMS: reported as broken below
        cert = None
    signer, info = _certificate_info(cert) if cert is not None else ("", None)
    context = _validation_context(options)
    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except Exception as exc:  # a signature pyHanko cannot evaluate is not a valid one
        logger.info("signature %s could not be evaluated: %s", name, exc)
        return SignatureReport(
            field=name,
            signer=signer,
            signing_time=None,
            integrity="broken",
            coverage="partial",
            subfilter=subfilter,
            pades_level=None,
            trusted=False,
            certificate=info,
            revocation=Revocation("not-checked", "broken"),
            problems=("unreadable-signature",),
            detail=f"{type(exc).__name__}: {exc}",
        )
    intact = bool(status.intact and status.valid)
    timestamp = getattr(status, "timestamp_validity", None)
    timestamped = timestamp is not None
    when = timestamp.timestamp if timestamp is not None else getattr(status, "signer_reported_dt", None)
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    has_dss = "/DSS" in reader.root
    doc_ts_after = any(
        ts.signed_revision > embedded.signed_revision for ts in getattr(reader, "embedded_timestamp_signatures", [])
    )
    level = _pades_level(subfilter, timestamped, has_dss, doc_ts_after)
    revocation = _revocation(status, cert, context, options.offline)
    problems: list[str] = []
    if not intact:
        problems.append("broken-digest" if not status.intact else "bad-signature")
    if level is None:
        problems.append("not-pades")
    if not whole:
        problems.append("partial")
    if not status.trusted and revocation.status != "revoked":  # revoked says more than untrusted
        problems.append("untrusted")
    if revocation.status != "good":
        codes = {"revoked": "revoked", "not-checked": "revocation-not-checked"}
        problems.append(codes.get(revocation.status, "revocation-unknown"))
    return SignatureReport(
        field=name,
        signer=signer,
        signing_time=_iso(when),
        integrity="intact" if intact else "broken",
        coverage="whole" if whole else "partial",
        subfilter=subfilter,
        pades_level=level,
        trusted=bool(status.trusted),
        certificate=info,
        revocation=revocation,
        timestamped=timestamped,
        problems=tuple(problems),
        detail=status.summary(),
    )


def verify_bytes(data: bytes, name: str, options: VerifyOptions | None = None) -> VerifyReport:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    options = options or VerifyOptions()
    if b"%PDF-" not in data[:1024]:
        return VerifyReport(name, "not-pdf")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_regular_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        return VerifyReport(name, "unreadable", detail=f"{type(exc).__name__}: {exc}")
    if not embedded:
        return VerifyReport(name, "unsigned")
    return VerifyReport(name, "signed", tuple(_one_signature(e, reader, options) for e in embedded))


def verify_pdf(path: Path, *, offline: bool = False, options: VerifyOptions | None = None) -> VerifyReport:
    """Verify every signature of the PDF at `path`; never raises for a bad or missing file."""
    options = options or VerifyOptions(offline=offline)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return VerifyReport(str(path), "unreadable", detail=exc.strerror or type(exc).__name__)
    return verify_bytes(data, str(path), options)
