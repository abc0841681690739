"""The Nagios/Icinga plugin result: a state, one status line with perfdata, and the exit code.

Plugin convention: exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; output
"CERTHELPER CRITICAL - <summary> | days_left=15;28;0 ...". The perfdata thresholds follow the
settings: warn below the renewal lead time plus margin, critical once expired.
"""

from __future__ import annotations

from dataclasses import dataclass

from certhelper.core.assessment.model import Assessment
from certhelper.core.assessment.severity import (
    NAGIOS_CRITICAL,
    NAGIOS_OK,
    NAGIOS_UNKNOWN,
    NAGIOS_WARNING,
    nagios_code,
)
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.outputs.finding_text import finding_text

OK, WARNING, CRITICAL, UNKNOWN = NAGIOS_OK, NAGIOS_WARNING, NAGIOS_CRITICAL, NAGIOS_UNKNOWN
STATE_NAMES = {OK: "OK", WARNING: "WARNING", CRITICAL: "CRITICAL", UNKNOWN: "UNKNOWN"}
_SHOWN = 3  # findings named on the status line; monitoring UIs show one short line


@dataclass(frozen=True)
class CheckResult:
    code: int  # the plugin's exit code
    line: str

    @property
    def state(self) -> str:
        return STATE_NAMES[self.code]


def perfdata(assessment: Assessment) -> str:
    holders = {c.certificate.sha256: c for c in assessment.certificates if not c.certificate.is_ca}
    parts = []
    if holders:
        soonest = min(c.renewal.days_left for c in holders.values())
        renew_now = assessment.lead_time_days + assessment.safety_margin_days
        # Nagios ranges: "28:" alerts below 28 (warning), "0:" below 0 (critical)
        parts.append(f"days_left={soonest};{renew_now}:;0:")
    parts.append(f"tokens={len(assessment.tokens)};;;0")
    parts.append(f"certificates={len(holders)};;;0")
    for severity in ("critical", "warning"):
        parts.append(f"{severity}={sum(f.severity == severity for f in assessment.findings)};;;0")
    return " ".join(parts)


def check_result(assessment: Assessment, catalogue: Catalogue, lang: str, ok_summary: str = "") -> CheckResult:
    """The plugin's answer for this assessment: its severity gives the state (core.assessment.severity).

    `ok_summary` is the front-end's translated line for "nothing to do" (the core writes no sentences).
    """
    code = nagios_code(assessment.severity)
    counted = [f for f in assessment.findings if f.severity != "info"]
    if counted:
        about = assessment.snapshot
        titles = [finding_text(f, lang, catalogue, about=about).title for f in counted[:_SHOWN]]
        more = len(counted) - _SHOWN
        summary = "; ".join(titles) + (f" (+{more})" if more > 0 else "")
    else:
        summary = ok_summary or "-"
    summary = summary.replace("|", "/")  # "|" starts the perfdata
    return CheckResult(code, f"CERTHELPER {STATE_NAMES[code]} - {summary} | {perfdata(assessment)}")


def unknown(reason: str) -> CheckResult:
    """The plugin could not tell (e.g. its catalogue is broken): UNKNOWN, never a traceback."""
    return CheckResult(UNKNOWN, f"CERTHELPER UNKNOWN - {reason.replace('|', '/')}")
