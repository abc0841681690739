"""`certhelper`: the one entry point. A command goes to the command line, none opens the window.

It sits above both front-ends so that the command line and the GUI never import each other. For a
command that reads the tokens it first starts the reader (core.assessment.ahead), before the command
line's own imports: the reader loads python-pkcs11 and cryptography while the command line loads and parses.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

# The commands that assess the tokens (cli.commands.common.assess): they get a reader at launch.
# A word of argv is enough: a false match (a file named "status") only starts a reader nobody uses.
READING_COMMANDS = frozenset({"status", "diagnose", "check", "report", "remind"})


def main(argv: Sequence[str] | None = None) -> int:
    from certhelper.core.assessment import ahead
    from certhelper.core.quiet import silence_python_warnings

    silence_python_warnings()  # no Python warning on a user's terminal; the reader inherits it
    argv = list(sys.argv[1:] if argv is None else argv)
    if READING_COMMANDS.intersection(argv) and not {"-h", "--help", "--version"}.intersection(argv):
        ahead.start()  # first thing: the reader's imports and the command's run side by side
    try:
        from certhelper.cli.main import guarded, parse, run_command

        args = parse(argv)
        if args.command is None:
            from certhelper.gui.launch import launch

            return guarded(lambda: launch(args))
        return guarded(lambda: run_command(args))
    finally:
        ahead.stop()


if __name__ == "__main__":
    sys.exit(main())
