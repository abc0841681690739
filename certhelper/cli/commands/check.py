"""`certhelper check`: a Nagios/Icinga plugin (exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).

It renders the core's Assessment (its severity gives the state: core.assessment.severity.nagios_code)
and writes nothing: no reminder store, no file. One status line with perfdata, e.g.
`CERTHELPER CRITICAL - Certificate expired on 2026-11-18 | days_left=-10;28;0 tokens=1;;;0 ...`.
Anything that keeps the check from answering is UNKNOWN (3), never a traceback nor a fake CRITICAL.
"""

from __future__ import annotations

import argparse
import logging
import sys
from typing import NoReturn

from certhelper.cli.commands import common
from certhelper.cli.options import add_module_options
from certhelper.core.outputs import nagios

logger = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="monitoring plugin: one status line, Nagios exit codes")
    add_module_options(parser)

    def error(message: str) -> NoReturn:  # a bad option value is UNKNOWN for a monitoring engine, not CRITICAL
        parser.print_usage(sys.stderr)
        print(nagios.unknown(message).line)
        raise SystemExit(nagios.UNKNOWN)

    parser.error = error  # type: ignore[method-assign]


def run(args: argparse.Namespace) -> int:
    try:
        got = common.assess(args)  # only reads: a monitoring probe remembers nothing
        t = common.text(args)
        tokens = len(got.assessment.tokens)
        ok = t("{tokens} token(s) checked, nothing to do", tokens=tokens)
        result = nagios.check_result(got.assessment, got.catalogue, t.lang, ok_summary=ok)
    except Exception as exc:  # the plugin contract: say UNKNOWN, with the reason, on stdout
        logger.debug("check failed", exc_info=True)
        result = nagios.unknown(f"{type(exc).__name__}: {exc}")
    print(result.line)
    return result.code
