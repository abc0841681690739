"""Severity arithmetic and the one mapping from a severity to an exit code (every command uses it)."""

from __future__ import annotations

from collections.abc import Iterable

from certhelper.core.assessment.model import Severity

_ORDER = (Severity.CRITICAL, Severity.WARNING, Severity.INFO, Severity.OK)

# Command exit codes (diagnose, status, report, remind...): 0 nothing to do, 1 warnings, 2 critical.
EXIT_OK, EXIT_WARNING, EXIT_CRITICAL = 0, 1, 2
# Nagios/Icinga plugin states (check): same scale, plus UNKNOWN when the check could not answer.
NAGIOS_OK, NAGIOS_WARNING, NAGIOS_CRITICAL, NAGIOS_UNKNOWN = 0, 1, 2, 3


def worst(severities: Iterable[str]) -> Severity:
    """The most severe of `severities` (finding severities are plain strings); OK when empty."""
    seen = {Severity(s) for s in severities}
    return next((s for s in _ORDER if s in seen), Severity.OK)


def exit_code(severity: Severity | str) -> int:
    """0 when nothing needs doing (notices only), 1 with a warning, 2 with a critical finding."""
    return {Severity.CRITICAL: EXIT_CRITICAL, Severity.WARNING: EXIT_WARNING}.get(Severity(severity), EXIT_OK)


def nagios_code(severity: Severity | str) -> int:
    """The plugin state for a severity (UNKNOWN is for a check that could not run, not a severity)."""
    return {Severity.CRITICAL: NAGIOS_CRITICAL, Severity.WARNING: NAGIOS_WARNING}.get(Severity(severity), NAGIOS_OK)
