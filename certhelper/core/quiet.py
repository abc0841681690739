"""No Python warning on a person's terminal or in a log they read: what every entry point calls first.

Here, apart from the typed errors, so the launcher can call it before it starts the reader (which
inherits it) without loading anything else (core.assessment.ahead).
"""

from __future__ import annotations

import sys
import warnings


def silence_python_warnings() -> None:
    """At an entry point: no Python warning (with its file paths) reaches a person's terminal or log.

    Libraries warn about things a user cannot act on (cryptography on a CA's negative serial number,
    deprecations). A developer who asks for them (`python -W …`, PYTHONWARNINGS) still gets them.
    """
    if not sys.warnoptions:
        warnings.simplefilter("ignore")
