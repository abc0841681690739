"""`certhelper calendar --output FILE.ics`: the renewal deadlines, for the calendar people already use.

Per remembered certificate: the latest safe order date (all day, with an alarm a week before) and
the expiry (at its exact time, Europe/Paris). Re-exporting replaces the same events (stable UIDs).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from certhelper.cli.commands import common
from certhelper.cli.options import EXIT_ERROR, EXIT_OK, EXIT_WARNING, output_path
from certhelper.cli.text import Text
from certhelper.core.files import atomic_write_text
from certhelper.core.outputs import calendar as ics
from certhelper.core.outputs.wording import days_text
from certhelper.core.reminders import store as store_mod
from certhelper.core.settings import Settings

ALARM_DAYS_BEFORE_ORDER = 7


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("calendar", help="export the renewal deadlines as an .ics calendar")
    parser.add_argument(
        "--output",
        "-o",
        required=True,
        type=output_path,
        metavar="FILE.ics",
        help="file to write ('-': standard output)",
    )
    parser.add_argument(
        "--lang",
        choices=("fr", "en"),
        default=argparse.SUPPRESS,
        help="language of the events (default: from the locale)",
    )


def event(deadline: ics.Deadline, t: Text, settings: Settings) -> ics.Event:
    cert = deadline.certificate
    who = cert.holder + (f" ({cert.organisation})" if cert.organisation else "")
    expiry = t.date(cert.not_after)
    if deadline.kind == "order":
        lead = days_text(settings.lead_time_days, t.lang)  # the lead time is a setting, never "3 weeks"
        if deadline.order_today:  # the last safe order date is past: the event is today, and says so
            description = t(
                "Order the new certificate of {who} today: delivery takes about {lead}, and the current one ends on {expiry}. Issuer: {issuer}. Fingerprint: {sha}.",
                who=who,
                lead=lead,
                expiry=expiry,
                issuer=cert.issuer,
                sha=cert.sha256,
            )
        else:
            description = t(
                "Last safe day to order the new certificate of {who}: delivery takes about {lead}, and the current one ends on {expiry}. Issuer: {issuer}. Fingerprint: {sha}.",
                who=who,
                lead=lead,
                expiry=expiry,
                issuer=cert.issuer,
                sha=cert.sha256,
            )
        return ics.Event(
            uid=ics.uid(deadline),
            summary=t("Order the renewal of {holder}'s certificate", holder=cert.holder),
            description=description,
            start=deadline.when,
            alarm_days_before=ALARM_DAYS_BEFORE_ORDER,
        )
    return ics.Event(
        uid=ics.uid(deadline),
        summary=t("Certificate of {holder} expires", holder=cert.holder),
        description=t(
            "The certificate of {who} stops working now. Issuer: {issuer}. Fingerprint: {sha}.",
            who=who,
            issuer=cert.issuer,
            sha=cert.sha256,
        ),
        start=deadline.when,
    )


def run(args: argparse.Namespace) -> int:
    t = common.text(args)
    store = store_mod.load_store()
    for problem in store.problems:
        print(f"certhelper: {t('remembered certificates: {problem}', problem=problem)}", file=sys.stderr)
    now = common.now_utc()
    settings = common.settings(args)
    deadlines = ics.deadlines(store, now, settings)
    text = ics.render([event(d, t, settings) for d in deadlines], stamp=now)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        target = Path(args.output)
        if target.is_dir():
            print(
                f"certhelper: {t('{path} is a folder: give a file name such as certificats.ics', path=target)}",
                file=sys.stderr,
            )
            return EXIT_ERROR
        try:
            atomic_write_text(target, text)
        except OSError as exc:
            print(
                f"certhelper: {t('cannot write {path}: {reason}', path=target, reason=exc.strerror or exc)}",
                file=sys.stderr,
            )
            return EXIT_ERROR
    count = len(deadlines) // 2
    if not count:
        print(f"certhelper: {t('no upcoming deadline: no valid certificate is remembered yet')}", file=sys.stderr)
        return EXIT_WARNING
    if args.output != "-":
        print(
            t(
                "{count} certificate(s), {events} events written to {path}",
                count=count,
                events=len(deadlines),
                path=args.output,
            )
        )
    return EXIT_OK
