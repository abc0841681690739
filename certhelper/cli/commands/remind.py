"""`certhelper remind`: the renewal reminders due now, from the remembered certificates.

Works with the token unplugged (it reads the store, not the token); `--scan` first assesses and
remembers what is plugged. Days left and the order date come from the core's renewal rule
(core.assessment.renewal); a past order date is never shown: "order today". For schedulers: exit 1 when a reminder is due, 0 when none, 2 on error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from certhelper.cli.commands import common
from certhelper.cli.options import EXIT_OK, EXIT_WARNING, add_module_options
from certhelper.cli.text import Text
from certhelper.core.assessment.model import Renewal
from certhelper.core.assessment.renewal import renewal_state
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.guidance.guides import guide_for, load_guide
from certhelper.core.outputs.documents import renewal_dict
from certhelper.core.outputs.wording import days_text
from certhelper.core.reminders import schedule as reminders_mod
from certhelper.core.reminders import store as store_mod
from certhelper.core.reminders.schedule import Reminder
from certhelper.core.settings import Settings

SCHEMA = 2  # 2: each item has renewal{…}; order_by is null when the order date is today or past


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("remind", help="show the renewal reminders due now (exit 1 when one is due)")
    add_module_options(parser)
    common.add_json_option(parser)
    parser.add_argument("--all", action="store_true", help="also list the certificates with nothing due")
    parser.add_argument("--scan", action="store_true", help="first read the plugged tokens and remember them")
    parser.add_argument("--acknowledge", action="store_true", help="mark the reminders shown as seen")
    parser.add_argument(
        "--snooze", choices=tuple(reminders_mod.SNOOZE_DAYS), help="hide the due reminders for a day or a week"
    )


def urgency_text(t: Text, urgency: str) -> str:
    return {
        "act-now": t("order now"),
        "renew-soon": t("renew soon"),
        "ok": t("nothing to do yet"),
    }[urgency]


def render(
    items: list[Reminder], cat: Catalogue, t: Text, lang: str, now: dt.datetime, settings: Settings
) -> list[str]:
    lines: list[str] = []
    for item in items:
        cert = item.certificate
        renewal = renewal_state(cert.not_after, now, settings)  # the core's one renewal rule
        org = f" — {cert.organisation}" if cert.organisation else ""
        lines.append(t("Certificate of {holder}{org} ({level})", holder=cert.holder, org=org, level=cert.assurance))
        if renewal.state is Renewal.EXPIRED:
            lines.append("  " + t("EXPIRED since {date}", date=t.date(cert.not_after)))
        else:
            days = days_text(renewal.days_left, t.lang)
            lines.append("  " + t("Expires on {date} ({days} left)", date=t.date(cert.not_after), days=days))
            if renewal.order_today:  # the last safe order date is today or past: never show it as a deadline
                lines.append("  " + t("Order the new certificate today"))
            else:
                lines.append("  " + t("Latest safe order date: {date}", date=t.date(renewal.order_by)))
        lines.append("  " + t("Status: {urgency}", urgency=urgency_text(t, item.urgency)))
        if item.snoozed_until:
            lines.append("  " + t("snoozed until {date}", date=t.date(item.snoozed_until)))
        lines.append("  " + t("Token “{label}” (serial {serial})", label=cert.token_label, serial=cert.token_serial))
        lines.append("  " + t("Fingerprint (SHA-256): {sha}", sha=cert.sha256))
        if item.due:
            guide = load_guide(cat, guide_for(cat, "renewal", [cert.provider]), lang)
            order = next((s for s in guide.steps if s.id == "order"), guide.steps[0] if guide.steps else None)
            lines.append("  " + t("What to do: {title}", title=guide.title))
            if order is not None:
                lines.append("    " + order.text)
            if guide.contacts and guide.contacts.phone:
                lines.append(
                    "    " + t("{name} support: {phone}", name=guide.contacts.name, phone=guide.contacts.phone)
                )
        lines.append("")
    return lines


def _scan_and_remember(args: argparse.Namespace, cat: Catalogue, settings: Settings) -> None:
    """--scan: assess what is plugged and remember it (remind's purpose: reminders work unplugged)."""
    got = common.assess(args, check_trust=False, cat=cat, chosen=settings)
    if not got.found:
        print(f"certhelper: {common.no_module_message(args)}", file=sys.stderr)
        return
    common.remember(args, got.assessment)
    common.report_module_errors(args, got.assessment.snapshot)


def _item(reminder: Reminder, now: dt.datetime, settings: Settings) -> dict[str, object]:
    renewal = renewal_state(reminder.certificate.not_after, now, settings)
    doc = reminder.to_dict()
    doc.update(days_left=renewal.days_left, order_by=renewal_dict(renewal)["order_by"], renewal=renewal_dict(renewal))
    return doc


def run(args: argparse.Namespace) -> int:
    t = common.text(args)
    cat = common.load_catalogue(args)
    settings = common.settings(args)
    if args.scan:
        _scan_and_remember(args, cat, settings)
    store = store_mod.load_store()
    for problem in store.problems:
        print(f"certhelper: {t('remembered certificates: {problem}', problem=problem)}", file=sys.stderr)
    now = common.now_utc()
    everything = reminders_mod.schedule(store, now, settings)
    due = [r for r in everything if r.due]
    if args.acknowledge or args.snooze:
        for item in due:
            if args.acknowledge and item.step:
                store = reminders_mod.acknowledge(store, item.certificate.sha256, item.step)
            if args.snooze:
                days = reminders_mod.SNOOZE_DAYS[args.snooze]
                store = reminders_mod.snooze(store, item.certificate.sha256, now, days)
        store_mod.save_store(store)
    if args.json:
        common.print_json(
            {
                "schema": SCHEMA,
                "now": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "lead_time_days": settings.lead_time_days,
                "safety_margin_days": settings.safety_margin_days,
                "due": [_item(r, now, settings) for r in due],
                "not_due": [_item(r, now, settings) for r in everything if not r.due],
                "remembered": len(store.certificates),
            }
        )
    else:
        shown = everything if args.all else due
        lines = render(shown, cat, t, t.lang, now, settings)
        if not store.certificates:
            lines = [
                t(
                    "No certificate remembered yet: plug your token in and run `certhelper remind --scan` (or open the app)."
                )
            ]
        elif not due:
            lines = [t("No renewal reminder due."), "", *lines]
        print("\n".join(lines).rstrip())
        if due and args.acknowledge:
            print(t("Marked as seen: these reminders will not come back until the next step."))
        if due and args.snooze:
            print(
                t("Snoozed: these reminders come back in {days} day(s).", days=reminders_mod.SNOOZE_DAYS[args.snooze])
            )
    return EXIT_WARNING if due else EXIT_OK
