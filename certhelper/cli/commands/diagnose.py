"""`certhelper diagnose`: what is wrong on this workstation and its tokens, and what to do, most severe first.

Exit 0 when nothing needs doing (notices only), 1 with warnings, 2 with a critical finding
(core.assessment.severity.exit_code). It renders the core's Assessment, like `check`, `report`
and `status`, so they always agree. It remembers nothing.
"""

from __future__ import annotations

import argparse

from certhelper.cli.commands import common
from certhelper.cli.options import add_module_options
from certhelper.cli.text import Text
from certhelper.core.assessment.model import Assessment
from certhelper.core.assessment.severity import exit_code
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import _iso
from certhelper.core.outputs.finding_text import finding_text

SCHEMA = 2  # 2: severity of the workstation; findings name holder and token label in their params


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("diagnose", help="list what is wrong and what to do (exit 1 warnings, 2 critical)")
    add_module_options(parser)
    common.add_json_option(parser)


def render(assessment: Assessment, cat: Catalogue, t: Text) -> list[str]:
    marks = {"critical": t("CRITICAL"), "warning": t("WARNING"), "info": t("NOTE")}
    lines: list[str] = []
    for finding in assessment.findings:
        text = finding_text(finding, t.lang, cat, about=assessment)
        about = f" [{t('token {serial}', serial=finding.token)}]" if finding.token else ""
        lines.append(t("{severity}: {title}", severity=marks[finding.severity], title=text.title) + about)
        lines.append(f"    → {text.action}")
        if text.guide:
            lines.append("      " + t("Guide: {guide}", guide=text.guide))
    if not assessment.findings:
        lines.append(t("Nothing to report: the workstation and the tokens look fine."))
    return lines


def document(assessment: Assessment) -> dict[str, object]:
    return {
        "schema": SCHEMA,
        "generated_at": _iso(assessment.now),
        "severity": str(assessment.severity),
        "findings": [f.to_dict() for f in assessment.findings],
    }


def run(args: argparse.Namespace) -> int:
    got = common.assess(args)
    if args.json:
        common.print_json(document(got.assessment))
    else:
        print("\n".join(render(got.assessment, got.catalogue, common.text(args))))
    return exit_code(got.assessment.severity)
