"""The Nagios/Icinga plugin result: a state, one status line with perfdata, and the exit code.

Plugin convention: exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN; output
"CERTHELPER CRITICAL - <summary> | days_left=15;28;0 ...". The perfdata thresholds follow the
settings: warn below the renewal lead time plus margin, critical once expired.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from certhelper.core.assessment.findings import Finding
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Snapshot
from certhelper.core.outputs.finding_text import finding_text
from certhelper.core.settings import Settings

OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3
STATE_NAMES = {OK: "OK", WARNING: "WARNING", CRITICAL: "CRITICAL", UNKNOWN: "UNKNOWN"}
_SHOWN = 3  # findings named on the status line; monitoring UIs show one short line


@dataclass(frozen=True)
class CheckResult:
    code: int  # the plugin's exit code
    line: str

    @property
    def state(self) -> str:
        return STATE_NAMES[self.code]


def state_of(findings: list[Finding]) -> int:
    severities = {f.severity for f in findings}
    if "critical" in severities:
        return CRITICAL
    if "warning" in severities:
        return WARNING
    return OK


def perfdata(snapshot: Snapshot, findings: list[Finding], now: dt.datetime, settings: Settings) -> str:
    holder_certs = {c.sha256: c for _, c in snapshot.certificates if not c.is_ca}
    parts = []
    if holder_certs:
        soonest = min(c.days_left(now) for c in holder_certs.values())
        # Nagios ranges: "28:" alerts below 28 (warning), "0:" below 0 (critical)
        parts.append(f"days_left={soonest};{settings.renew_now_days}:;0:")
    parts.append(f"tokens={len({t.serial for _, t in snapshot.tokens})};;;0")
    parts.append(f"certificates={len(holder_certs)};;;0")
    for severity in ("critical", "warning"):
        parts.append(f"{severity}={sum(f.severity == severity for f in findings)};;;0")
    return " ".join(parts)


def check_result(
    snapshot: Snapshot,
    findings: list[Finding],
    now: dt.datetime,
    settings: Settings,
    catalogue: Catalogue,
    lang: str,
    ok_summary: str = "",
) -> CheckResult:
    """The plugin's answer for these findings (already most severe first).

    `ok_summary` is the front-end's translated line for "nothing to do" (the core writes no sentences).
    """
    code = state_of(findings)
    counted = [f for f in findings if f.severity != "info"]
    if counted:
        titles = [finding_text(f, lang, catalogue).title for f in counted[:_SHOWN]]
        more = len(counted) - _SHOWN
        summary = "; ".join(titles) + (f" (+{more})" if more > 0 else "")
    else:
        summary = ok_summary or "-"
    summary = summary.replace("|", "/")  # "|" starts the perfdata
    return CheckResult(
        code, f"CERTHELPER {STATE_NAMES[code]} - {summary} | {perfdata(snapshot, findings, now, settings)}"
    )


def unknown(reason: str) -> CheckResult:
    """The plugin could not tell (e.g. its catalogue is broken): UNKNOWN, never a traceback."""
    return CheckResult(UNKNOWN, f"CERTHELPER UNKNOWN - {reason.replace('|', '/')}")
