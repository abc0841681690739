"""`certhelper report --output FILE`: the support desk's report, as JSON, HTML or PDF (from the suffix).

`--redact` replaces personal data by short hashes and keeps every technical fact. The file is
written whole or not at all, and an existing file is kept unless --force is given.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from certhelper.cli.commands import common
from certhelper.cli.options import EXIT_ERROR, EXIT_OK, add_module_options, output_path
from certhelper.core.files import atomic_write_text
from certhelper.core.outputs.report import build_report, redact, render_html

FORMATS = (".json", ".html", ".pdf")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="write a report for the support desk (.json, .html or .pdf)")
    add_module_options(parser)
    parser.add_argument(
        "--output",
        "-o",
        required=True,
        type=output_path,
        metavar="FILE",
        help="where to write: FILE.json, .html or .pdf",
    )
    parser.add_argument("--redact", action="store_true", help="replace names, e-mails and SIREN/SIRET by short hashes")
    parser.add_argument("--force", action="store_true", help="replace FILE if it already exists")


def _write_pdf(html: str, target: Path, title: str) -> None:
    from certhelper.printing.pdf_report import write_pdf

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".pdf", dir=target.parent)
    os.close(fd)
    try:
        write_pdf(html, Path(tmp), title)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace) -> int:
    t = common.text(args)
    target = Path(args.output)
    suffix = target.suffix.lower()
    problem = None
    if suffix not in FORMATS:
        problem = t("{path}: unknown report format, use a name ending in .json, .html or .pdf", path=target)
    elif not target.parent.is_dir():
        problem = t("{path}: the folder does not exist", path=target.parent)
    elif target.exists() and not args.force:
        problem = t("{path} already exists: choose another name, or add --force to replace it", path=target)
    if problem:
        print(f"certhelper: {problem}", file=sys.stderr)
        return EXIT_ERROR

    got = common.assess(args)  # remembers nothing: a report describes, it does not enrol
    report = build_report(got.assessment, got.catalogue, got.settings, t.lang)
    if args.redact:
        report = redact(report)
    try:
        if suffix == ".json":
            atomic_write_text(target, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        elif suffix == ".html":
            atomic_write_text(target, render_html(report, t))
        else:
            _write_pdf(render_html(report, t), target, t("certhelper support report"))
    except OSError as exc:
        print(
            f"certhelper: {t('cannot write {path}: {reason}', path=target, reason=exc.strerror or exc)}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    print(t("Report written to {path}", path=target))
    return EXIT_OK
