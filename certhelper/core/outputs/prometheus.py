"""The Assessment as Prometheus metrics, for node_exporter's textfile collector (prometheus_client).

Named as Prometheus users expect: base units (seconds), dates as Unix timestamps like
x509-certificate-exporter's `x509_cert_not_after`; "days left" is left to the query
(`certhelper_certificate_not_after_timestamp_seconds - time()`), so `promtool check metrics` passes.
Certificates and tokens are labelled by token serial and certificate fingerprint only: no holder
name or e-mail ever reaches a monitoring system. This module renders the assessment and decides
nothing: renewal state, key matching, revocation and severity come from the core's one verdict.
A cron job can run `certhelper status --format prometheus --output /var/lib/node_exporter/certhelper.prom`
(written atomically by `write_to_textfile`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

from prometheus_client import CollectorRegistry, generate_latest, write_to_textfile
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from certhelper.core.assessment.model import (
    Assessment,
    CertificateAssessment,
    KeyMatch,
    PinStatus,
    Renewal,
    Severity,
)
from certhelper.core.trust.model import RevocationStatus

PARIS = ZoneInfo("Europe/Paris")  # the zone the last safe order date is counted in
_PIN_FLAGS = ("count_low", "final_try", "locked")


def _state_set(family: GaugeMetricFamily, labels: list[str], states: type[StrEnum], current: StrEnum) -> None:
    """One sample per possible state, 1 for the current one (the OpenMetrics "stateset" shape)."""
    for state in states:
        family.add_metric([*labels, state.value], 1 if state is current else 0)


def _order_by_timestamp(cert: CertificateAssessment) -> float:
    """The start of the last safe order day, in Europe/Paris, as Unix time."""
    return dt.datetime.combine(cert.renewal.order_by, dt.time(), PARIS).timestamp()


class _AssessmentCollector(Collector):
    def __init__(self, assessment: Assessment) -> None:
        self.assessment = assessment

    def collect(self) -> Iterator[Metric]:
        a = self.assessment
        scan = GaugeMetricFamily("certhelper_scan_timestamp_seconds", "When the tokens were read (Unix time).")
        scan.add_metric([], a.snapshot.taken_at.timestamp())
        module_up = GaugeMetricFamily(
            "certhelper_module_up", "1 if the PKCS#11 module could be loaded and read.", labels=["module"]
        )
        for module in a.snapshot.modules:
            module_up.add_metric([module.path], 0 if module.error else 1)
        tokens = GaugeMetricFamily("certhelper_tokens", "Number of distinct tokens plugged in.")
        tokens.add_metric([], len(a.tokens))
        token_info = GaugeMetricFamily(
            "certhelper_token_info",
            "A token plugged in (always 1).",
            labels=["token_serial", "module", "manufacturer", "model"],
        )
        pin_flag = GaugeMetricFamily(
            "certhelper_token_pin_flag",
            "PIN flags reported by the token (1 set, 0 clear); hints only.",
            labels=["token_serial", "flag"],
        )
        pin_status = GaugeMetricFamily(
            "certhelper_token_pin_status",
            "The token's PIN state (1 for the current one).",
            labels=["token_serial", "status"],
        )
        cert_labels = ["token_serial", "sha256"]
        not_after = GaugeMetricFamily(
            "certhelper_certificate_not_after_timestamp_seconds",
            "Certificate end of validity (Unix time).",
            labels=cert_labels,
        )
        not_before = GaugeMetricFamily(
            "certhelper_certificate_not_before_timestamp_seconds",
            "Certificate start of validity (Unix time).",
            labels=cert_labels,
        )
        order_by = GaugeMetricFamily(
            "certhelper_certificate_order_by_timestamp_seconds",
            "Start of the last safe day to order the renewal, Europe/Paris (Unix time).",
            labels=cert_labels,
        )
        lead_time = GaugeMetricFamily(
            "certhelper_renewal_lead_time_seconds", "Lead time plus safety margin taken for a renewal (settings)."
        )
        lead_time.add_metric([], (a.lead_time_days + a.safety_margin_days) * 86400)
        renewal = GaugeMetricFamily(
            "certhelper_certificate_renewal_state",
            "Renewal state: fine, plan, order-now or expired (1 for the current one).",
            labels=[*cert_labels, "state"],
        )
        key = GaugeMetricFamily(
            "certhelper_certificate_key_state",
            "Private key on the token: matches, missing, mismatch or unknown (1 for the current one).",
            labels=[*cert_labels, "state"],
        )
        revocation = GaugeMetricFamily(
            "certhelper_certificate_revocation_status",
            "Revocation: good, revoked, unknown or not-checked (1 for the current one).",
            labels=[*cert_labels, "status"],
        )
        revoked_at = GaugeMetricFamily(
            "certhelper_certificate_revoked_timestamp_seconds",
            "When a revoked certificate was revoked (Unix time).",
            labels=cert_labels,
        )
        severity = GaugeMetricFamily(
            "certhelper_certificate_severity",
            "The most severe finding about the certificate (1 for the current one).",
            labels=[*cert_labels, "severity"],
        )
        cert_info = GaugeMetricFamily(
            "certhelper_certificate_info",
            "A certificate on a token, with its level (always 1).",
            labels=[*cert_labels, "level", "qualified", "provider", "ca"],
        )
        findings = GaugeMetricFamily(
            "certhelper_findings", "Number of findings on this workstation, by severity.", labels=["severity"]
        )
        workstation = GaugeMetricFamily(
            "certhelper_severity", "The workstation's overall verdict (1 for the current one).", labels=["severity"]
        )
        driver_present = GaugeMetricFamily(
            "certhelper_driver_present", "1 if the token driver is installed on this workstation.", labels=["driver"]
        )
        service_up = GaugeMetricFamily(
            "certhelper_driver_service_running", "1 if the driver's service is running.", labels=["driver", "service"]
        )

        seen: set[tuple[str, str]] = set()
        for t in a.tokens:
            serial = t.token.serial
            token_info.add_metric([serial, t.module.path, t.token.manufacturer, t.token.model], 1)
            for flag in _PIN_FLAGS:
                pin_flag.add_metric([serial, flag], 1 if getattr(t.token.pin, flag) else 0)
            _state_set(pin_status, [serial], PinStatus, t.pin)
            for c in t.certificates:
                labels = [serial, c.certificate.sha256]
                if (serial, c.certificate.sha256) in seen:
                    continue  # the same certificate twice on one token: label sets must be unique
                seen.add((serial, c.certificate.sha256))
                not_after.add_metric(labels, c.certificate.not_after.timestamp())
                not_before.add_metric(labels, c.certificate.not_before.timestamp())
                order_by.add_metric(labels, _order_by_timestamp(c))
                _state_set(renewal, labels, Renewal, c.renewal.state)
                _state_set(key, labels, KeyMatch, c.key)
                _state_set(revocation, labels, RevocationStatus, c.trust.revocation.status)
                if c.trust.revocation.revoked_at is not None:
                    revoked_at.add_metric(labels, c.trust.revocation.revoked_at.timestamp())
                _state_set(severity, labels, Severity, c.severity)
                cert = c.certificate
                cert_info.add_metric(
                    [
                        *labels,
                        cert.assurance,
                        str(cert.qualified).lower(),
                        cert.provider or "unknown",
                        str(cert.is_ca).lower(),
                    ],
                    1,
                )
        for level in Severity:
            findings.add_metric([level.value], sum(1 for f in a.findings if f.severity == level))
        _state_set(workstation, [], Severity, a.severity)
        found = {d.id: d for d in a.drivers.found}
        for driver_id in dict.fromkeys([*a.drivers.checked, *found]):
            driver = found.get(driver_id)
            driver_present.add_metric([driver_id], 1 if driver else 0)
            for service, running in sorted((driver.services if driver else {}).items()):
                if running is not None:
                    service_up.add_metric([driver_id, service], 1 if running else 0)
        families: list[GaugeMetricFamily] = [scan, module_up, tokens, token_info, pin_flag, pin_status]
        families += [not_after, not_before, order_by, lead_time, renewal, key, revocation, revoked_at, severity]
        families += [cert_info, findings, workstation, driver_present, service_up]
        yield from (f for f in families if f.samples)


def registry(assessment: Assessment) -> CollectorRegistry:
    """A fresh registry holding only this assessment's metrics (never the process's default one)."""
    reg = CollectorRegistry(auto_describe=False)
    reg.register(_AssessmentCollector(assessment))
    return reg


def metrics_text(assessment: Assessment) -> str:
    """The assessment in the Prometheus text exposition format (ends with a newline)."""
    return generate_latest(registry(assessment)).decode("utf-8")


def write_metrics(assessment: Assessment, path: str | Path) -> None:
    """Write the metrics to `path` atomically (a temporary file renamed over it), for the textfile collector."""
    write_to_textfile(str(path), registry(assessment))
