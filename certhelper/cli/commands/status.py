"""`certhelper status`: what is on every plugged token, in a few readable lines or as JSON.

The assessment's modules are imported inside the functions: they load while the reader started at
launch reads the token (core.assessment.ahead), not before the command has asked it to.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from certhelper.cli.commands import common
from certhelper.cli.options import EXIT_ERROR, add_module_options
from certhelper.cli.text import Text

if TYPE_CHECKING:
    from certhelper.core.assessment.model import Assessment, CertificateAssessment


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("status", help="show the tokens and their certificates")
    add_module_options(parser)
    common.add_json_option(parser)
    parser.add_argument(
        "--format", choices=("text", "json", "prometheus"), default=None, help="output format (default text)"
    )


def _renewal_line(cert: CertificateAssessment, t: Text) -> str | None:
    """The renewal state in words; a last safe order date already past is never shown: "order today"."""
    from certhelper.core.assessment.model import Renewal
    from certhelper.core.outputs.wording import days_text

    renewal = cert.renewal
    if renewal.state is Renewal.ORDER_NOW:
        return t(
            "Renewal: order the new certificate today (delivery takes about {lead})",
            lead=days_text(renewal.lead_time_days, t.lang),
        )
    if renewal.state is Renewal.PLAN:
        return t("Renewal: order the new certificate by {date}", date=t.date(renewal.order_by))
    return None


# Keyed by the KeyMatch and PinStatus values (string enums: the members find their line).
_KEY_LINES = {
    "missing": "no matching key on the token",
    "mismatch": "the key on the token does not match this certificate",
}


def _trust_lines(cert: CertificateAssessment, t: Text) -> list[str]:
    """Said when the assessment found it (its finding codes), so status and diagnose agree."""
    revocation, lines = cert.trust.revocation, []
    if "cert-revoked" in cert.findings:
        when = t.date(revocation.revoked_at) if revocation.revoked_at else "?"
        lines.append(t("REVOKED on {date}", date=when))
    if "revocation-unknown" in cert.findings:
        lines.append(t("revocation not checked: the checking service did not answer"))
    if "chain-incomplete" in cert.findings:
        lines.append(t("certificate chain incomplete: an authority certificate is missing"))
    return lines


_PIN_LINES = {
    "locked": "PIN LOCKED: contact your provider to unlock it",
    "final-try": "PIN: last try left, do not guess it",
    "count-low": "PIN: a wrong PIN was entered recently",
}


def certificate_lines(cert: CertificateAssessment, t: Text) -> list[str]:
    from certhelper.core.assessment.model import Renewal
    from certhelper.core.outputs.wording import days_text

    c, renewal = cert.certificate, cert.renewal
    org = c.organisation + (f" (SIREN {c.siren})" if c.siren else "")
    lines = [f"{c.holder}" + (f" — {org}" if org.strip() else "")]
    level = c.assurance if c.assurance != "unknown" else t("unknown level")
    if c.qualified and c.assurance != "eIDAS-qualified":
        level += ", " + t("eIDAS qualified")
    lines.append("  " + t("Level {level}, issued by {issuer}", level=level, issuer=c.issuer_name))
    until = t.date(c.not_after)
    if renewal.state is Renewal.EXPIRED:
        lines.append(
            "  " + t("EXPIRED since {date} ({days} ago)", date=until, days=days_text(-renewal.days_left, t.lang))
        )
    else:
        lines.append(
            "  " + t("Valid until {date} ({days} left)", date=until, days=days_text(renewal.days_left, t.lang))
        )
    renewal_line = _renewal_line(cert, t)
    if renewal_line:
        lines.append("  " + renewal_line)
    if cert.key in _KEY_LINES:
        lines.append("  " + t(_KEY_LINES[cert.key]))
    lines += ["  " + line for line in _trust_lines(cert, t)]
    return lines


def render(assessment: Assessment, t: Text, verbose: bool = False) -> list[str]:
    lines: list[str] = []
    for module in assessment.snapshot.modules:
        if module.error:
            continue
        name = module.name or module.description or module.path
        lines.append(t("Module {name}: {path}", name=name, path=module.path))
        tokens = [ta for ta in assessment.tokens if ta.module.path == module.path]
        seen_here = [ta for ta in assessment.tokens if module.path in ta.also_seen_in]
        if not tokens and not seen_here:
            lines.append("  " + t("no token plugged"))
        for ta in seen_here:  # one token, not two: said once, under the first module that showed it
            lines.append(
                "  " + t("Token “{label}” (serial {serial}): shown above", label=ta.token.label, serial=ta.token.serial)
            )
        for ta in tokens:
            token = ta.token
            lines.append(
                "  "
                + t(
                    "Token “{label}” ({model}, serial {serial})",
                    label=token.label,
                    model=token.model,
                    serial=token.serial,
                )
            )
            if token.error and token.error.code == "token-removed":
                lines.append("    " + t("the token was removed during the reading"))
            elif token.error:
                lines.append("    " + t("could not be read: {reason}", reason=t.reason(token.error, verbose=verbose)))
            if ta.pin in _PIN_LINES:
                lines.append("    " + t(_PIN_LINES[ta.pin]))
            holders = [c for c in ta.certificates if not c.certificate.is_ca]
            if not holders and not token.unreadable:
                lines.append("    " + t("no certificate"))
            for cert in holders:
                lines += ["    " + line for line in certificate_lines(cert, t)]
            for item in token.unreadable:
                lines.append(
                    "    "
                    + t(
                        "unreadable object “{label}” (id {id}): {reason}",
                        label=item.label,
                        id=item.id or "-",
                        reason=t.reason(item, verbose=verbose),
                    )
                )
    return lines


# What run() renders with: loaded while the reader reads the token (common.assess).
_RENDERING = (
    "certhelper.core.outputs.documents",
    "certhelper.core.assessment.remember",
    "certhelper.core.reminders.store",
)
_WORDING = "certhelper.core.outputs.wording"  # the text format's sentences and dates (Babel): not JSON's


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("json" if args.json else "text")
    got = common.assess(args, then=_RENDERING if fmt == "json" else (*_RENDERING, _WORDING))
    from certhelper.core.assessment.severity import exit_code
    from certhelper.core.outputs.documents import SCHEMA_VERSION, status_document

    assessment = got.assessment
    if not got.found:
        print(f"certhelper: {common.no_module_message(args)}", file=sys.stderr)
        if fmt == "json":
            common.print_json({"schema": SCHEMA_VERSION, "modules": [], "error": "no-module"})
        return EXIT_ERROR
    if fmt != "prometheus":  # a Prometheus scrape is monitoring: it only reads (README, "What is remembered")
        common.remember(args, assessment)
    common.report_module_errors(args, assessment.snapshot)
    if fmt == "json":
        common.print_json(status_document(assessment))
    elif fmt == "prometheus":
        from certhelper.core.outputs.prometheus import metrics_text

        sys.stdout.write(metrics_text(assessment))
    else:
        print("\n".join(render(assessment, common.text(args), verbose=getattr(args, "verbose", False))))
    return exit_code(assessment.severity)
