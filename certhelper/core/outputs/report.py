"""The support report: everything a support desk asks for, as one dict, redactable, and as HTML.

Date, OS and version, app version, modules and drivers (paths, versions), tokens and their flags,
certificates (holder, issuer, dates, fingerprints) and all findings with their texts. A report never
holds a PIN: the snapshot it is built from never contains one. `redact` replaces personal data
(names, e-mails, subjects, labels, SIREN/SIRET, user names in paths) by a short hash and keeps
every technical fact; the same value always gets the same hash within one report.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import html
import platform
import re
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from certhelper import __version__
from certhelper.core.assessment.model import Assessment
from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import _to_jsonable
from certhelper.core.outputs.documents import certificate_verdict, token_verdict
from certhelper.core.outputs.finding_text import finding_text
from certhelper.core.outputs.reasons import sentence
from certhelper.core.outputs.wording import format_day
from certhelper.core.settings import Settings

REPORT_SCHEMA = 2  # 2: per certificate renewal, key_match, severity, findings, revocation, chain
Translate = Callable[[str], str]

# Fields that hold personal data, wherever they appear in the report.
_PEOPLE = ("holder", "organisation", "organisation_id", "siren", "siret", "email", "subject", "label")
PERSONAL_FIELDS = (*_PEOPLE, "hostname", "user", "der_base64")  # the certificate itself (der_base64) names its holder
_HOME = re.compile(r"(?P<head>(?:/home/|/Users/|[A-Za-z]:\\Users\\|\\Users\\))(?P<name>[^/\\]+)")
_MIN_WORD = 3  # name parts shorter than this ("Le", "de") would blank out ordinary words


def _iso(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def workstation_info() -> dict[str, str]:
    """The OS and machine this report is made on (the only I/O of this module)."""
    distribution = ""
    with contextlib.suppress(OSError, AttributeError):  # not Linux, or no os-release file
        distribution = platform.freedesktop_os_release().get("PRETTY_NAME", "")
    return {
        "system": platform.system(),
        "release": platform.release(),
        "version": platform.version(),
        "distribution": distribution,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "hostname": platform.node(),
    }


def build_report(
    assessment: Assessment,
    catalogue: Catalogue,
    settings: Settings,
    lang: str,
    workstation: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The report of one Assessment as a JSON-serialisable dict (rendered texts in `lang`)."""
    snapshot, drivers, findings, now = assessment.snapshot, assessment.drivers, assessment.findings, assessment.now
    assessed = {c.certificate.sha256: c for c in assessment.certificates}
    distinct = {t.key: t for t in assessment.tokens}
    modules, tokens, certificates = [], [], []
    for module in snapshot.modules:
        info = {k: v for k, v in _to_jsonable(module).items() if k != "tokens"}
        modules.append({**info, "tokens": [t.serial for t in module.tokens]})
        for token in module.tokens:
            verdict = distinct.get(token.serial or f"{module.path}#{token.slot}")
            tokens.append(
                {
                    "module": module.path,
                    "slot": token.slot,
                    "slot_description": token.slot_description,
                    "label": token.label,
                    "manufacturer": token.manufacturer,
                    "model": token.model,
                    "serial": token.serial,
                    "pin": _to_jsonable(token.pin),
                    "error": _to_jsonable(token.error),  # {"code", "detail"}: core.errors
                    "keys": _to_jsonable(token.keys),
                    "unreadable": _to_jsonable(token.unreadable),
                    **(token_verdict(verdict) if verdict else {}),
                }
            )
            for cert in token.certificates:
                data = _to_jsonable(cert)
                decided = certificate_verdict(assessed[cert.sha256]) if cert.sha256 in assessed else {}
                certificates.append({"token": token.serial, **data, **decided})
    texts = []
    for finding in findings:
        text = finding_text(finding, lang, catalogue, about=snapshot)
        texts.append({**finding.to_dict(), "title": text.title, "action": text.action, "guide_title": text.guide})
    return {
        "schema": REPORT_SCHEMA,
        "kind": "certhelper-report",
        "generated_at": _iso(now),
        "snapshot_taken_at": _iso(snapshot.taken_at),
        "severity": str(assessment.severity),
        "offline": assessment.offline,
        "app_version": __version__,
        "language": lang,
        "redacted": False,
        "workstation": {"os": drivers.os, **(workstation if workstation is not None else workstation_info())},
        "settings": {
            "lead_time_days": settings.lead_time_days,
            "safety_margin_days": settings.safety_margin_days,
            "horizon_days": settings.horizon_days,
            "clock_skew_days": settings.clock_skew_days,
        },
        "drivers": drivers.to_dict(),
        "modules": modules,
        "tokens": tokens,
        "certificates": certificates,
        "findings": texts,
    }


# --- redaction ------------------------------------------------------------------------------------


def _sensitive_values(report: dict[str, Any]) -> set[str]:
    """Every personal value in the report, plus the words of holder names (found in labels, texts)."""
    values: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key in PERSONAL_FIELDS and isinstance(value, str) and value:
                    values.add(value)
                    if key == "holder":
                        values.update(w for w in re.split(r"[\s,]+", value) if len(w) >= _MIN_WORD)
                    if key == "siret":
                        values.add(value[:9])
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(report)
    return values


def redact(report: dict[str, Any], salt: bytes | None = None) -> dict[str, Any]:
    """A copy of `report` without personal data; technical facts (paths, serials, dates, hashes) stay."""
    salt = secrets.token_bytes(16) if salt is None else salt

    def tag(value: str) -> str:
        return "#" + hashlib.sha256(salt + value.casefold().encode("utf-8")).hexdigest()[:10]

    values = sorted(_sensitive_values(report), key=len, reverse=True)  # longest first: whole names win
    pattern = re.compile("|".join(re.escape(v) for v in values), re.IGNORECASE) if values else None
    subjects = {c.get("subject") for c in report.get("certificates", [])}

    def scrub(text: str) -> str:
        text = _HOME.sub(lambda m: m.group("head") + tag(m.group("name")), text)
        return pattern.sub(lambda m: tag(m.group(0)), text) if pattern else text

    def walk(node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if isinstance(node, str) and node:
            if key in PERSONAL_FIELDS or (key == "issuer" and node in subjects):  # self-signed: a person's name
                return tag(node)
            return scrub(node)
        return node

    out: dict[str, Any] = walk(copy.deepcopy(report))
    out["redacted"] = True
    return out


# --- HTML -----------------------------------------------------------------------------------------

_STYLE = """
body { font-family: sans-serif; font-size: 10pt; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 14pt; }
th { text-align: left; background-color: #e8e8e8; }
.critical { color: #a00000; font-weight: bold; } .warning { color: #8a5a00; font-weight: bold; }
.info { color: #204080; } .mono { font-family: monospace; }
"""


def _e(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "✔" if value else "✘"
    if isinstance(value, (list, tuple)):
        return "<br>".join(_e(v) for v in value) if value else "—"
    if isinstance(value, dict):
        return "<br>".join(f"{html.escape(str(k))}: {_e(v)}" for k, v in value.items()) or "—"
    return html.escape(str(value)) or "—"


def _table(headers: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>" for row in rows)
    return f'<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr>{head}</tr>{body}</table>'


def _pairs(t: Translate, items: Iterable[tuple[str, Any]]) -> str:
    rows = "".join(f'<tr><th width="30%">{html.escape(t(k))}</th><td>{_e(v)}</td></tr>' for k, v in items)
    return f'<table border="1" cellspacing="0" cellpadding="3" width="100%">{rows}</table>'


_KEY_MATCH = {"matches": "yes", "missing": "missing", "mismatch": "does not match", "unknown": "unknown"}
_RENEWAL = {"fine": "nothing to do yet", "plan": "plan the order", "order-now": "order now", "expired": "expired"}


def _day_text(iso: str, lang: str) -> str:
    """The one way to write a day (core.outputs.wording.format_day: Babel, Paris calendar day)."""
    return format_day(dt.datetime.fromisoformat(iso.replace("Z", "+00:00")), lang)


def _renewal_text(renewal: dict[str, Any] | None, t: Translate, lang: str) -> str:
    """State, then the last safe order date, or "order today" when that date is today or past."""
    if not renewal:
        return "—"
    state = t(_RENEWAL.get(renewal["state"], renewal["state"]))
    if renewal["state"] == "expired":
        return state
    if renewal["order_today"]:
        return f"{state} — {t('order today')}"
    return f"{state} — {t('order by')} {format_day(dt.date.fromisoformat(renewal['order_by']), lang)}"


def render_html(report: dict[str, Any], t: Translate = str) -> str:
    """A standalone HTML page of the report; every value escaped. `t` translates the headings."""
    ws = report["workstation"]
    parts = [
        f'<!DOCTYPE html>\n<html lang="{html.escape(report["language"])}"><head><meta charset="utf-8">',
        f"<title>{html.escape(t('certhelper support report'))}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(t('certhelper support report'))}</h1>",
    ]
    if report.get("redacted"):
        parts.append(f"<p><i>{html.escape(t('Personal data replaced by short hashes.'))}</i></p>")
    parts.append(
        _pairs(
            t,
            [
                ("Date", report["generated_at"]),
                ("certhelper version", report["app_version"]),
                ("Operating system", f"{ws.get('system', '')} {ws.get('release', '')} ({ws.get('os', '')})"),
                ("OS version", ws.get("distribution") or ws.get("version")),
                ("Computer", ws.get("hostname")),
            ],
        )
    )
    findings = report["findings"]
    parts.append(f"<h2>{html.escape(t('Findings'))} ({len(findings)})</h2>")
    if findings:
        rows = [
            (
                f'<span class="{html.escape(f["severity"])}">{html.escape(t(f["severity"]))}</span>',
                f"<b>{html.escape(f['title'])}</b><br>{html.escape(f['action'])}"
                f'<br><span class="mono">{html.escape(f["code"])}</span>',
                html.escape(f.get("guide_title") or "—"),
                html.escape(f.get("token") or "—")
                + f'<br><span class="mono">{html.escape((f.get("certificate") or "—")[:16])}</span>',
            )
            for f in findings
        ]
        columns = (("Severity", 13), ("Finding", 55), ("Guide", 14), ("Token / certificate", 18))
        head = "".join(f'<th width="{w}%">{html.escape(t(h))}</th>' for h, w in columns)
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        parts.append(f'<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr>{head}</tr>{body}</table>')
    else:
        parts.append(f"<p>{html.escape(t('Nothing to report.'))}</p>")
    drivers = report["drivers"]["found"]
    parts.append(f"<h2>{html.escape(t('Drivers found'))}</h2>")
    parts.append(
        _table(
            [t("Driver"), t("Legacy"), t("Version"), t("Evidence"), t("Services")],
            [(d["name"], d["legacy"], d["version"], d["evidence"], d["services"]) for d in drivers],
        )
    )
    parts.append(f"<h2>{html.escape(t('PKCS#11 modules'))}</h2>")
    parts.append(
        _table(
            [t("Path"), t("Description"), t("Library version"), t("Tokens"), t("Error")],
            [
                (
                    m["path"],
                    f"{m['name'] or m['description']} ({m['manufacturer']})",
                    m["library_version"],
                    m["tokens"],
                    sentence(m["error"], report["language"], "module") if m["error"] else "",
                )
                for m in report["modules"]
            ],
        )
    )
    parts.append(f"<h2>{html.escape(t('Tokens'))}</h2>")
    parts.append(
        _table(
            [t("Serial"), t("Label"), t("Model"), t("PIN flags"), t("Keys"), t("Unreadable objects"), t("Error")],
            [
                (
                    tok["serial"],
                    tok["label"],
                    f"{tok['model']} ({tok['manufacturer']})",
                    {k: v for k, v in tok["pin"].items() if k in ("count_low", "final_try", "locked")},
                    [f"{k['id']} {k['object_class']} {k['key_type']}" for k in tok["keys"]],
                    [f"{u['id']} {u['label']}: {sentence(u, report['language'], 'object')}" for u in tok["unreadable"]],
                    sentence(tok["error"], report["language"], "token") if tok["error"] else "",
                )
                for tok in report["tokens"]
            ],
        )
    )
    parts.append(f"<h2>{html.escape(t('Certificates'))}</h2>")
    lang = report["language"]
    for cert in report["certificates"]:
        parts.append(f"<h3>{_e(cert['holder'])} — {_e(cert['organisation'])}</h3>")
        parts.append(
            _pairs(
                t,
                [
                    ("Token", cert["token"]),
                    ("Subject", cert["subject"]),
                    ("Issuer", cert["issuer"]),
                    ("Level", f"{cert['assurance']}{' (eIDAS)' if cert['qualified'] else ''}"),
                    ("SIREN / SIRET", f"{cert['siren'] or '—'} / {cert['siret'] or '—'}"),
                    ("E-mail", cert["email"]),
                    ("Valid from", _day_text(cert["not_before"], lang)),
                    ("Valid until", _day_text(cert["not_after"], lang)),
                    ("Days left", cert.get("days_left")),
                    ("Renewal", _renewal_text(cert.get("renewal"), t, lang)),
                    ("Key on the token", t(_KEY_MATCH.get(cert.get("key_match", ""), "unknown"))),
                    ("Revocation", t(cert.get("revocation", {}).get("status", "not-checked"))),
                    ("Chain", t(cert.get("chain", {}).get("status", "not-built"))),
                    ("SHA-256 fingerprint", cert["sha256"]),
                    ("Serial number", cert["serial_number"]),
                    ("CA certificate", cert["is_ca"]),
                ],
            )
        )
    parts.append("</body></html>\n")
    return "\n".join(parts)
