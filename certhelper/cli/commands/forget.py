"""`certhelper forget FINGERPRINT`: stop reminding about a certificate (revoked, token handed over).

The fingerprint is the SHA-256 shown by `certhelper remind --all` or `status`; a unique prefix of at
least 8 characters is enough, colons and case are ignored. A forgotten certificate is not remembered
again when its token is plugged.
"""

from __future__ import annotations

import argparse
import sys

from certhelper.cli.commands import common
from certhelper.cli.options import EXIT_ERROR, EXIT_OK
from certhelper.core.reminders import store as store_mod
from certhelper.core.reminders.store import UnknownCertificate, normalise_fingerprint

MIN_PREFIX = 8


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("forget", help="forget a remembered certificate: no more reminders for it")
    parser.add_argument("fingerprint", metavar="FINGERPRINT", help="its SHA-256 (or a unique prefix, 8+ characters)")
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        default=argparse.SUPPRESS,
        help="language of the messages (default: from the locale)",
    )


def run(args: argparse.Namespace) -> int:
    t = common.text(args)
    wanted = normalise_fingerprint(args.fingerprint)
    if len(wanted) < MIN_PREFIX or any(c not in "0123456789abcdef" for c in wanted):
        message = t(
            "{fingerprint} is not a fingerprint: give the SHA-256 shown by `certhelper remind --all` (8 characters at least)",
            fingerprint=args.fingerprint,
        )
        print(f"certhelper: {message}", file=sys.stderr)
        return EXIT_ERROR
    try:
        cert = store_mod.forget(wanted)
    except UnknownCertificate as exc:
        if exc.matches == 0:
            message = t("no remembered certificate matches {fingerprint}", fingerprint=args.fingerprint)
        else:
            message = t(
                "{count} remembered certificates match {fingerprint}: give more characters",
                fingerprint=args.fingerprint,
                count=exc.matches,
            )
        print(f"certhelper: {message}", file=sys.stderr)
        return EXIT_ERROR
    print(
        t(
            "Forgotten: the certificate of {holder} (expiring {date}) will not be reminded again.",
            holder=cert.holder,
            date=t.date(cert.not_after),
        )
    )
    return EXIT_OK
