"""What every command shares on the command line: the module options and the exit codes."""

from __future__ import annotations

import argparse

EXIT_OK, EXIT_WARNING, EXIT_ERROR = 0, 1, 2


def add_module_options(parser: argparse.ArgumentParser, *, sub: bool = True) -> None:
    """The options every entry point shares. On subcommands they default to SUPPRESS so that
    `certhelper --module X status` and `certhelper status --module X` both work."""
    unset = argparse.SUPPRESS if sub else None
    parser.add_argument(
        "--module",
        "-m",
        action="append",
        metavar="PATH",
        default=unset,
        help="PKCS#11 module to read (repeatable); default: CERTHELPER_PKCS11_MODULE, else the drivers found",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=argparse.SUPPRESS if sub else 20.0,
        help="seconds a module may take before it is given up (default 20)",
    )
    parser.add_argument(
        "--lang", choices=("fr", "en"), default=unset, help="language of the messages (default: from the locale)"
    )
