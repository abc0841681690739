"""`certhelper`: the one entry point. A command goes to the command line, none opens the window.

It sits above both front-ends so that the command line and the GUI never import each other.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from certhelper.cli.main import guarded, parse, run_command


def main(argv: Sequence[str] | None = None) -> int:
    from certhelper.core.errors import silence_python_warnings

    silence_python_warnings()  # no Python warning on a user's terminal; scanning children inherit it
    args = parse(list(sys.argv[1:] if argv is None else argv))
    if args.command is None:
        from certhelper.gui.launch import launch

        return guarded(lambda: launch(args))
    return guarded(lambda: run_command(args))


if __name__ == "__main__":
    sys.exit(main())
