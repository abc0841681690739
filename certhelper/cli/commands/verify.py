"""`certhelper verify FILE.pdf`: who signed it, when, intact or not, PAdES level, trusted or not.

Exit 0: every signature intact and trusted; 1: intact with warnings; 2: broken, unsigned, not a PDF,
unreadable. The verdict is decided in core.signing.verify; this module only renders it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from certhelper.cli.commands import common
from certhelper.cli.options import EXIT_ERROR, EXIT_OK, EXIT_WARNING
from certhelper.cli.text import Text
from certhelper.core.signing.verify import SignatureReport, VerifyReport

EXIT_OF_VERDICT = {"ok": EXIT_OK, "warning": EXIT_WARNING, "broken": EXIT_ERROR}

_FILE_MESSAGES = {
    "unsigned": "{file}: this PDF has no signature.",
    "not-pdf": "{file}: this is not a PDF file.",
    "unreadable": "{file}: the file cannot be read.",
}

_PROBLEMS = {
    "broken-digest": "the document was changed after it was signed",
    "bad-signature": "the signature does not match the signer's certificate",
    "unreadable-signature": "the signature cannot be read",
    "not-pades": "not PAdES (the older Adobe format)",
    "partial": "the signature does not cover the whole file: something was added after it",
    "untrusted": "the certificate chain does not reach a trusted authority",
    "revoked": "the certificate is revoked",
    "revocation-unknown": "the revocation state could not be checked",
    "revocation-not-checked": "the revocation state was not checked (no network asked for)",
}

_REVOCATION = {
    "good": "not revoked (checked)",
    "revoked": "REVOKED",
    "unknown": "unknown",
    "not-checked": "not checked",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("verify", help="check the signatures of a signed PDF")
    parser.add_argument("file", metavar="FILE.pdf", help="the signed PDF to check")
    common.add_json_option(parser)
    parser.add_argument(
        "--offline",
        action="store_true",
        help="no network: revocation is not checked (also CERTHELPER_OFFLINE=1 or the offline setting)",
    )
    parser.add_argument(
        "--anchor",
        action="append",
        default=[],
        metavar="CERT",
        help="also trust this CA certificate (PEM or DER, repeatable)",
    )
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        default=argparse.SUPPRESS,
        help="language of the messages (default: from the locale)",
    )


def _moment(t: Text, iso: str | None) -> str:
    if not iso:
        return t("unknown")
    when = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return f"{t.date(when)}, {when:%H:%M} UTC"


def signature_lines(t: Text, sig: SignatureReport) -> list[str]:
    """A signature in a few plain lines (shared with sign-test)."""
    yes, no = t("yes"), t("no")
    level = sig.pades_level or t("not PAdES")
    lines = [
        t("Signature {field}", field=sig.field or "?"),
        "  " + t("Signer: {signer}", signer=sig.signer or t("unknown")),
        "  " + t("Signed on: {when}", when=_moment(t, sig.signing_time)),
        "  " + t("Intact: {answer}", answer=yes if sig.integrity == "intact" else no),
        "  " + t("Covers the whole document: {answer}", answer=yes if sig.coverage == "whole" else no),
        "  " + t("Format: {subfilter}, level {level}", subfilter=sig.subfilter or "?", level=level),
        "  " + t("Trusted chain: {answer}", answer=yes if sig.trusted else no),
        "  " + t("Revocation: {state}", state=t(_REVOCATION.get(sig.revocation.status, "unknown"))),
    ]
    if sig.certificate:
        lines.append("  " + t("Certificate: {sha256}", sha256=sig.certificate.sha256))
        lines.append("  " + t("Issuer: {issuer}", issuer=sig.certificate.issuer))
    for code in sig.problems:
        lines.append("  ! " + t(_PROBLEMS.get(code, code)))
    return lines


def verdict_line(t: Text, report: VerifyReport) -> str:
    if report.verdict == "ok":
        return t("Every signature is intact and trusted.")
    if report.verdict == "warning":
        return t("The signatures are intact, with warnings (see above).")
    return t("At least one signature is broken: do not rely on this document.")


def run(args: argparse.Namespace) -> int:
    from certhelper.core.clock import now_utc
    from certhelper.core.signing.verify import VerifyOptions, verify_pdf

    t = common.text(args)
    path = Path(args.file)
    from certhelper.core.settings import load_settings, offline_wanted

    offline = offline_wanted(load_settings(), args.offline)
    options = VerifyOptions(offline=offline, extra_anchors=tuple(Path(a) for a in args.anchor), now=now_utc())
    report = verify_pdf(path, options=options)
    if args.json:
        common.print_json({"schema": 1, **report.to_dict()})
    if report.outcome != "signed":
        print(f"certhelper: {t(_FILE_MESSAGES[report.outcome], file=path)}", file=sys.stderr)
        if report.detail and getattr(args, "verbose", False):
            print(f"certhelper: {report.detail}", file=sys.stderr)
        return EXIT_ERROR
    if not args.json:
        for sig in report.signatures:
            print("\n".join(signature_lines(t, sig)))
            if getattr(args, "verbose", False) and sig.detail:
                print(f"  ({sig.detail})")
        print(verdict_line(t, report))
    return EXIT_OF_VERDICT[report.verdict]
