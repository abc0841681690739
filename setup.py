"""Only the build step lives here (translations compiled into every build); the rest is pyproject.toml."""

import sys
from pathlib import Path

from setuptools import setup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_hooks import COMMANDS

setup(cmdclass=COMMANDS)
