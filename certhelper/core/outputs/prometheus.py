"""Metrics in the Prometheus text format, for node_exporter's textfile collector.

Labelled by token serial and certificate fingerprint only: no holder name or e-mail ever reaches a
monitoring system. A cron job can write `certhelper status --format prometheus` to a *.prom file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from certhelper.core.model import Snapshot
from certhelper.core.workstation.drivers import Drivers

_PIN_FLAGS = ("count_low", "final_try", "locked")


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _labels(**labels: str) -> str:
    if not labels:
        return ""
    return "{" + ",".join(f'{k}="{_escape(str(v))}"' for k, v in labels.items()) + "}"


def _bool(value: bool) -> int:
    return 1 if value else 0


class _Family:
    def __init__(self, name: str, help_text: str, kind: str = "gauge") -> None:
        self.name, self.help, self.kind = name, help_text, kind
        self.samples: list[str] = []

    def add(self, value: int, **labels: str) -> None:
        self.samples.append(f"{self.name}{_labels(**labels)} {value}")

    def lines(self) -> Iterable[str]:
        if not self.samples:
            return []
        return [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} {self.kind}", *self.samples]


def metrics_text(snapshot: Snapshot, drivers: Drivers, now: dt.datetime) -> str:
    """The snapshot and the drivers as node_exporter textfile metrics (ends with a newline)."""
    scan = _Family("certhelper_scan_timestamp_seconds", "When the tokens were read (Unix time).")
    scan.add(int(snapshot.taken_at.timestamp()))
    module_up = _Family("certhelper_module_up", "1 if the PKCS#11 module could be loaded and read.")
    tokens = _Family("certhelper_tokens", "Number of tokens plugged in.")
    token_info = _Family("certhelper_token_info", "A token plugged in (always 1).")
    pin = _Family("certhelper_token_pin_flag", "PIN flags reported by the token (1 set, 0 clear); hints only.")
    not_after = _Family(
        "certhelper_certificate_not_after_timestamp_seconds", "Certificate end of validity (Unix time)."
    )
    not_before = _Family(
        "certhelper_certificate_not_before_timestamp_seconds", "Certificate start of validity (Unix time)."
    )
    days_left = _Family(
        "certhelper_certificate_days_left", "Whole days until the certificate expires (negative: expired)."
    )
    cert_info = _Family("certhelper_certificate_info", "A certificate on a token, with its level (always 1).")
    has_key = _Family("certhelper_certificate_has_key", "1 if the token holds the certificate's key.")
    driver_present = _Family("certhelper_driver_present", "1 if the token driver is installed on this workstation.")
    service_up = _Family("certhelper_driver_service_running", "1 if the driver's service is running.")

    for module in snapshot.modules:
        module_up.add(_bool(not module.error), module=module.path)
    tokens.add(len({t.serial for _, t in snapshot.tokens}))
    seen_tokens: set[str] = set()
    seen_certs: set[tuple[str, str]] = set()
    for module, token in snapshot.tokens:
        if token.serial in seen_tokens:
            continue  # the same token seen through two modules: one set of series (labels must be unique)
        seen_tokens.add(token.serial)
        token_info.add(
            1, token_serial=token.serial, module=module.path, manufacturer=token.manufacturer, model=token.model
        )
        for flag in _PIN_FLAGS:
            pin.add(_bool(getattr(token.pin, flag)), token_serial=token.serial, flag=flag)
        for cert in token.certificates:
            if (token.serial, cert.sha256) in seen_certs:
                continue
            seen_certs.add((token.serial, cert.sha256))
            labels = {"token_serial": token.serial, "sha256": cert.sha256}
            not_after.add(int(cert.not_after.timestamp()), **labels)
            not_before.add(int(cert.not_before.timestamp()), **labels)
            days_left.add(cert.days_left(now), **labels)
            provider = cert.provider or "unknown"
            cert_info.add(
                1,
                **labels,
                level=cert.assurance,
                qualified=str(cert.qualified).lower(),
                provider=provider,
                ca=str(cert.is_ca).lower(),
            )
            has_key.add(_bool(cert.has_private_key), **labels)
    found = {d.id: d for d in drivers.found}
    for driver_id in dict.fromkeys([*drivers.checked, *found]):
        driver = found.get(driver_id)
        driver_present.add(_bool(driver is not None), driver=driver_id)
        for service, running in sorted((driver.services if driver else {}).items()):
            if running is not None:
                service_up.add(_bool(running), driver=driver_id, service=service)

    families = (
        scan,
        module_up,
        tokens,
        token_info,
        pin,
        not_after,
        not_before,
        days_left,
        cert_info,
        has_key,
        driver_present,
        service_up,
    )
    return "\n".join(line for family in families for line in family.lines()) + "\n"
