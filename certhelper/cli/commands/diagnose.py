"""`certhelper diagnose`: what is wrong on this workstation and its tokens, and what to do, most severe first.

Exit 0 when nothing needs doing (notices only), 1 with warnings, 2 with a critical finding.
`check` and `report` reuse `collect` so the three commands always agree.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass

from certhelper.cli.commands import common
from certhelper.cli.options import EXIT_ERROR, EXIT_OK, EXIT_WARNING, add_module_options
from certhelper.cli.text import Text
from certhelper.core.assessment.diagnosis import diagnose
from certhelper.core.assessment.findings import Finding
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Snapshot
from certhelper.core.outputs.finding_text import finding_text
from certhelper.core.settings import Settings, load_settings
from certhelper.core.workstation.drivers import Drivers, detect_drivers

SCHEMA = 1


@dataclass(frozen=True)
class Collected:
    """Everything a diagnosis is made of, read once."""

    catalogue: Catalogue
    settings: Settings
    snapshot: Snapshot
    drivers: Drivers
    now: dt.datetime
    findings: list[Finding]


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("diagnose", help="list what is wrong and what to do (exit 1 warnings, 2 critical)")
    add_module_options(parser)
    common.add_json_option(parser)


def collect(args: argparse.Namespace) -> Collected:
    """Read the tokens (each module in a child process) and the drivers, and diagnose at `now`."""
    cat = common.load_catalogue(args)
    settings = load_settings()
    t = common.text(args)
    for problem in settings.problems:
        print(f"certhelper: {t('settings: {problem}', problem=problem)}", file=sys.stderr)
    now = common.now_utc()
    found = common.candidates(args, cat)
    snap = common.snapshot(args, cat, found) if found else Snapshot(taken_at=now)
    drivers = detect_drivers(cat, sysroot=common.sysroot())
    return Collected(cat, settings, snap, drivers, now, diagnose(snap, drivers, now, cat, settings))


def exit_code(findings: list[Finding]) -> int:
    severities = {f.severity for f in findings}
    if "critical" in severities:
        return EXIT_ERROR
    return EXIT_WARNING if "warning" in severities else EXIT_OK


def render(findings: list[Finding], cat: Catalogue, t: Text) -> list[str]:
    marks = {"critical": t("CRITICAL"), "warning": t("WARNING"), "info": t("NOTE")}
    lines: list[str] = []
    for finding in findings:
        text = finding_text(finding, t.lang, cat)
        about = f" [{t('token {serial}', serial=finding.token)}]" if finding.token else ""
        lines.append(f"{marks[finding.severity]}: {text.title}{about}")
        lines.append(f"    → {text.action}")
        if text.guide:
            lines.append("      " + t("Guide: {guide}", guide=text.guide))
    if not findings:
        lines.append(t("Nothing to report: the workstation and the tokens look fine."))
    return lines


def run(args: argparse.Namespace) -> int:
    got = collect(args)
    if args.json:
        common.print_json(
            {
                "schema": SCHEMA,
                "generated_at": got.now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "findings": [f.to_dict() for f in got.findings],
            }
        )
    else:
        print("\n".join(render(got.findings, got.catalogue, common.text(args))))
    return exit_code(got.findings)
