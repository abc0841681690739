"""The bundle's entry point (PyInstaller): the `certhelper` launcher, plus `-m MODULE ARGS` as python has it.

The app starts its helpers as `sys.executable -m certhelper.core.tokens.watch …` (the token worker,
the PIN test, the signing child); in the bundle sys.executable is this program, so it answers `-m` too.
"""

from __future__ import annotations

import multiprocessing
import runpy
import sys


def main() -> int:
    multiprocessing.freeze_support()  # spawned children on Windows/macOS
    if len(sys.argv) >= 3 and sys.argv[1] == "-m":
        module, sys.argv = sys.argv[2], [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    from certhelper.launcher import main as launch

    return launch()


if __name__ == "__main__":
    sys.exit(main())
