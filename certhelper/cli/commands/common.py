"""What the commands share: which modules to read, the catalogue, the language, JSON output."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

from certhelper.cli.text import Text
from certhelper.core.clock import now_utc
from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Snapshot
from certhelper.core.tokens.discovery import Candidate, discover, explicit_modules, sysroot
from certhelper.language import user_language


def add_json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON document on stdout")


def text(args: argparse.Namespace) -> Text:
    return Text(user_language(getattr(args, "lang", None)))


def load_catalogue(args: argparse.Namespace) -> Catalogue:
    cat = catalogue_mod.load()
    for problem in cat.problems:
        print(f"certhelper: {text(args)('catalogue override ignored: {problem}', problem=problem)}", file=sys.stderr)
    return cat


def candidates(args: argparse.Namespace, cat: Catalogue) -> list[Candidate]:
    explicit = explicit_modules(getattr(args, "module", None))
    return explicit or discover(cat, sysroot=sysroot())


def snapshot(args: argparse.Namespace, cat: Catalogue, found: list[Candidate] | None = None) -> Snapshot:
    """Read the modules, and remember the certificates seen so reminders work with the token unplugged."""
    from certhelper.core.tokens.scan import take_snapshot

    chosen = candidates(args, cat) if found is None else found
    snap = take_snapshot(chosen, cat, timeout=getattr(args, "timeout", 20.0), now=now_utc())
    remember(args, snap)
    return snap


def remember(args: argparse.Namespace, snap: Snapshot) -> None:
    from certhelper.core.reminders.store import remember as store_remember

    try:
        store = store_remember(snap, now_utc())
    except OSError as exc:  # a read-only home must not stop a status or a check
        logging.getLogger(__name__).warning("could not remember the certificates: %s", exc)
        return
    for problem in store.problems:
        print(f"certhelper: {text(args)('remembered certificates: {problem}', problem=problem)}", file=sys.stderr)


def print_json(document: Any) -> None:
    json.dump(document, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def report_module_errors(args: argparse.Namespace, snap: Snapshot) -> None:
    """One line on stderr per module that could not be read, naming the path and the reason."""
    t = text(args)
    for module in snap.modules:
        if module.error:
            print(
                f"certhelper: {t('cannot read module {path}: {reason}', path=module.path, reason=t.reason(module.error))}",
                file=sys.stderr,
            )


def no_module_message(args: argparse.Namespace) -> str:
    return text(args)(
        "no PKCS#11 module found: install your token's driver (Idopte for ChamberSign tokens: "
        "https://support.chambersign.fr/pilotes/) or name one with --module PATH"
    )
