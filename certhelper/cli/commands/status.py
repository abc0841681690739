"""`certhelper status`: what is on every plugged token, in a few readable lines or as JSON."""

from __future__ import annotations

import argparse
import sys

from certhelper.cli.commands import common
from certhelper.cli.options import EXIT_ERROR, EXIT_OK, EXIT_WARNING, add_module_options
from certhelper.cli.text import Text
from certhelper.core.model import Snapshot
from certhelper.core.outputs.documents import status_document


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("status", help="show the tokens and their certificates")
    add_module_options(parser)
    common.add_json_option(parser)
    parser.add_argument(
        "--format", choices=("text", "json", "prometheus"), default=None, help="output format (default text)"
    )


def exit_code(snap: Snapshot) -> int:
    readable = [m for m in snap.modules if not m.error]
    if not readable:
        return EXIT_ERROR
    troubled = any(m.error for m in snap.modules) or any(t.error or t.unreadable for _, t in snap.tokens)
    return EXIT_WARNING if troubled or not snap.tokens else EXIT_OK


def render(snap: Snapshot, t: Text, now) -> list[str]:
    lines: list[str] = []
    for module in snap.modules:
        if module.error:
            continue
        name = module.name or module.description or module.path
        lines.append(t("Module {name}: {path}", name=name, path=module.path))
        if not module.tokens:
            lines.append("  " + t("no token plugged"))
        for token in module.tokens:
            lines.append(
                "  "
                + t(
                    "Token “{label}” ({model}, serial {serial})",
                    label=token.label,
                    model=token.model,
                    serial=token.serial,
                )
            )
            if token.error == "token-removed":
                lines.append("    " + t("the token was removed during the reading"))
            elif token.error:
                lines.append("    " + t("could not be read: {reason}", reason=t.reason(token.error)))
            pin = token.pin
            if pin.locked:
                lines.append("    " + t("PIN LOCKED: contact your provider to unlock it"))
            elif pin.final_try:
                lines.append("    " + t("PIN: last try left, do not guess it"))
            elif pin.count_low:
                lines.append("    " + t("PIN: a wrong PIN was entered recently"))
            holder_certs = [c for c in token.certificates if not c.is_ca]
            if not holder_certs and not token.unreadable:
                lines.append("    " + t("no certificate"))
            for cert in holder_certs:
                org = cert.organisation + (f" (SIREN {cert.siren})" if cert.siren else "")
                lines.append(f"    {cert.holder}" + (f" — {org}" if org.strip() else ""))
                level = cert.assurance if cert.assurance != "unknown" else t("unknown level")
                if cert.qualified and cert.assurance != "eIDAS-qualified":
                    level += ", " + t("eIDAS qualified")
                lines.append("      " + t("Level {level}, issued by {issuer}", level=level, issuer=cert.issuer_name))
                days = cert.days_left(now)
                until = t.date(cert.not_after)
                if days < 0:
                    lines.append("      " + t("EXPIRED since {date} ({days} days ago)", date=until, days=-days))
                else:
                    lines.append("      " + t("Valid until {date} ({days} days left)", date=until, days=days))
                if not cert.has_private_key:
                    lines.append("      " + t("no matching key on the token"))
            for item in token.unreadable:
                lines.append(
                    "    "
                    + t(
                        "unreadable object “{label}” (id {id}): {reason}",
                        label=item.label,
                        id=item.id or "-",
                        reason=t.reason(item.reason),
                    )
                )
    return lines


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("json" if args.json else "text")
    cat = common.load_catalogue(args)
    found = common.candidates(args, cat)
    if not found:
        print(f"certhelper: {common.no_module_message(args)}", file=sys.stderr)
        if fmt == "json":
            common.print_json({"schema": 1, "modules": [], "error": "no-module"})
        return EXIT_ERROR
    snap = common.snapshot(args, cat, found)
    now = common.now_utc()
    common.report_module_errors(args, snap)
    if fmt == "json":
        common.print_json(status_document(snap, now))
    elif fmt == "prometheus":
        from certhelper.core.outputs.prometheus import metrics_text
        from certhelper.core.workstation.drivers import detect_drivers

        sys.stdout.write(metrics_text(snap, detect_drivers(cat, sysroot=common.sysroot()), now))
    else:
        print("\n".join(render(snap, common.text(args), now)))
    return exit_code(snap)
