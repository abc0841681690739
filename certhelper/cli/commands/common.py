"""What the commands share: options → AssessRequest, the catalogue, the language, JSON output.

The pipeline itself is the core's (core.assessment.assess); commands render its Assessment.
Remembering certificates is explicit (`remember`), called by `status` (text, JSON) and `remind --scan`.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from certhelper.cli.text import Text
from certhelper.core.assessment import ahead
from certhelper.core.clock import now_utc
from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.settings import SCAN_TIMEOUT_S, Settings, load_settings
from certhelper.core.tokens.discovery import Candidate, discover, explicit_modules, sysroot
from certhelper.language import user_language

# The assessment (its model, rules and trust) is imported once the reader started at launch has its
# job (core.assessment.ahead): it loads here while the token is read there. See assess().
if TYPE_CHECKING:
    from certhelper.core.assessment.model import Assessment
    from certhelper.core.assessment.request import AssessRequest
    from certhelper.core.model import Snapshot


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


@dataclass(frozen=True)
class Assessed:
    """One assessment and what it was made with (the catalogue and settings the renderers need)."""

    assessment: Assessment
    catalogue: Catalogue
    settings: Settings
    found: bool  # a module was found to read (else: say how to install a driver)


def settings(args: argparse.Namespace) -> Settings:
    loaded = load_settings()
    for problem in loaded.problems:
        print(f"certhelper: {text(args)('settings: {problem}', problem=problem)}", file=sys.stderr)
    return loaded


def request(
    args: argparse.Namespace,
    cat: Catalogue,
    settings: Settings,
    found: list[Candidate],
    *,
    check_trust: bool = True,
) -> AssessRequest:
    """The command line's options, as the core's request: the only thing commands add to the pipeline."""
    from certhelper.core.assessment.request import AssessRequest

    return AssessRequest(
        candidates=tuple(found),
        catalogue=cat,
        settings=settings,
        timeout=getattr(args, "timeout", SCAN_TIMEOUT_S),
        sysroot=sysroot(),
        offline=bool(getattr(args, "offline", False)),  # assess adds CERTHELPER_OFFLINE and the setting
        check_trust=check_trust,
        reader=ahead.take(),  # started by the launcher: reads while this command loads
    )


def assess(
    args: argparse.Namespace,
    *,
    check_trust: bool = True,
    cat: Catalogue | None = None,
    chosen: Settings | None = None,
    then: Sequence[str] = (),
) -> Assessed:
    """Assess the workstation for a command (core.assessment.assess: no side effect).

    `then`: the modules the command renders with, loaded while the token is read (start-up time)."""
    cat = cat or load_catalogue(args)
    chosen = chosen or settings(args)
    found = candidates(args, cat)
    asked, now = request(args, cat, chosen, found, check_trust=check_trust), now_utc()
    asked.start_reading()  # reading starts now, while the assessment's rules load below
    from certhelper.core.assessment.assess import assess as core_assess

    for name in then:
        importlib.import_module(name)
    assessment = core_assess(asked, now)
    return Assessed(assessment, cat, chosen, bool(found))


def scan(args: argparse.Namespace, cat: Catalogue, found: list[Candidate]) -> Snapshot:
    """Only read the tokens (commands that act on one token: pin, sign-test). Remembers nothing."""
    from certhelper.core.tokens.scan import take_snapshot

    return take_snapshot(found, cat, timeout=getattr(args, "timeout", SCAN_TIMEOUT_S), now=now_utc())


snapshot = scan  # the name sign_test uses


def remember(args: argparse.Namespace, assessment: Assessment) -> None:
    """The explicit side effect of `status` (text, JSON) and `remind`: remember the certificates read."""
    from certhelper.core.assessment.remember import remember as core_remember

    done = core_remember(assessment)
    for problem in done.problems:
        print(f"certhelper: {text(args)('remembered certificates: {problem}', problem=problem)}", file=sys.stderr)


def print_json(document: Any) -> None:
    # Indented for a person at a terminal; one line (json's C encoder, ~10x faster) for a pipe or a file.
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=indent) + "\n")


def report_module_errors(args: argparse.Namespace, snap: Snapshot) -> None:
    """One line on stderr per module that could not be read, naming the path and the reason."""
    t, verbose = text(args), getattr(args, "verbose", False)  # the driver's own words only with --verbose
    for module in snap.modules:
        if module.error:
            reason = t.reason(module.error, verbose=verbose)
            print(
                f"certhelper: {t('cannot read module {path}: {reason}', path=module.path, reason=reason)}",
                file=sys.stderr,
            )


def no_module_message(args: argparse.Namespace) -> str:
    return text(args)(
        "no PKCS#11 module found: install your token's driver (Idopte for ChamberSign tokens: "
        "https://support.chambersign.fr/pilotes/) or name one with --module PATH"
    )
