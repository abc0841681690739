"""What every command shares on the command line: the module options and the exit codes."""

from __future__ import annotations

import argparse
import math
import os
from typing import NoReturn

from certhelper.core.settings import SCAN_TIMEOUT_S, offline_from_environment

EXIT_OK, EXIT_WARNING, EXIT_ERROR = 0, 1, 2
MAX_TIMEOUT = 3600.0  # an hour: anything longer is a typo, and a hung driver would hold the command that long


class Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is ONE line on stderr and exit 2 (no usage block to scroll past).

    Subcommand parsers are made of the same class (add_subparsers uses type(parent)).
    """

    def error(self, message: str) -> NoReturn:
        words = argparse._  # type: ignore[attr-defined]  # the translated words main._translate_help set
        line = words("%(prog)s: error: %(message)s\n") % {"prog": self.prog, "message": message}
        self.exit(EXIT_ERROR, " ".join(line.split()) + "\n")


def timeout(text: str) -> float:
    """--timeout: a number of seconds, more than 0 and at most an hour (argparse names it on error)."""
    value = float(text)  # ValueError: argparse says "invalid timeout value: 'x'", translated
    if not math.isfinite(value) or value <= 0 or value > MAX_TIMEOUT:
        raise ValueError  # argparse writes the message, with the value
    return value


def module_path(text: str) -> str:
    """--module: any path the scan can try (it names a missing or unloadable file itself), but not nothing."""
    if not text.strip() or "\0" in text:
        raise ValueError  # argparse writes the message, with the value
    return text


def output_path(text: str) -> str:
    """--output: '-' or a file path. Nothing, and a device or pipe, are refused here: the commands write
    atomically (temp file, then rename), which as root would replace /dev/null itself. Folders and missing
    folders are left to the command, which names them in its own words."""
    if not text.strip() or "\0" in text:
        raise ValueError  # argparse writes the message, with the value
    if text != "-" and os.path.exists(text) and not (os.path.isfile(text) or os.path.isdir(text)):
        raise ValueError  # argparse writes the message, with the value
    return text


# argparse names a type function in its message ("invalid module value: ''"): the option's name reads best.
module_path.__name__ = "module"
output_path.__name__ = "output"


def add_module_options(parser: argparse.ArgumentParser, *, sub: bool = True) -> None:
    """The options every entry point shares. On subcommands they default to SUPPRESS so that
    `certhelper --module X status` and `certhelper status --module X` both work."""
    unset = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--module",
        "-m",
        action="append",
        type=module_path,
        metavar="PATH",
        default=unset,
        help="PKCS#11 module to read (repeatable); default: CERTHELPER_PKCS11_MODULE, else the drivers found",
    )
    parser.add_argument(
        "--timeout",
        type=timeout,
        default=argparse.SUPPRESS if sub else SCAN_TIMEOUT_S,
        help="seconds a module may take before it is given up (default 20)",
    )
    parser.add_argument(
        "--lang", choices=("fr", "en"), default=unset, help="language of the messages (default: from the locale)"
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        default=argparse.SUPPRESS if sub else offline_from_environment(),
        help="no network: revocation is not checked (also CERTHELPER_OFFLINE=1 or the offline setting)",
    )
