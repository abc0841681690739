"""Trust anchors for signed PDFs: the ChamberSign roots the app ships, then the system's.

resources/anchors/ holds public CA certificates (PEM or DER); the system's store is the usual
Debian/Red Hat bundle when present, else certifi's copy of Mozilla's roots.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509

from certhelper.paths import resources_dir

logger = logging.getLogger(__name__)

SYSTEM_BUNDLES = (
    "/etc/ssl/certs/ca-certificates.crt",  # Debian, Ubuntu
    "/etc/pki/tls/certs/ca-bundle.crt",  # Fedora, RHEL
    "/etc/ssl/cert.pem",  # macOS, Alpine
)


def _certificates_in(data: bytes) -> list[asn1_x509.Certificate]:
    if pem.detect(data):
        return [
            asn1_x509.Certificate.load(der)
            for kind, _, der in pem.unarmor(data, multiple=True)
            if kind == "CERTIFICATE"
        ]
    return [asn1_x509.Certificate.load(data)]


def _load_file(path: Path) -> list[asn1_x509.Certificate]:
    try:
        certs = _certificates_in(path.read_bytes())
        for cert in certs:
            cert.native  # noqa: B018  # parse now: a broken file is skipped here, not mid-validation
        return certs
    except (OSError, ValueError, TypeError) as exc:
        logger.warning("trust anchor %s skipped: %s", path, exc)
        return []


def shipped_anchors(directory: Path | None = None) -> list[asn1_x509.Certificate]:
    """The anchors the app ships (ChamberSign roots and issuing CAs)."""
    directory = directory or resources_dir() / "anchors"
    if not directory.is_dir():
        return []
    found: list[asn1_x509.Certificate] = []
    for path in sorted(directory.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".pem", ".crt", ".cer", ".der"):
            found.extend(_load_file(path))
    return found


def _system_bundle() -> Path | None:
    for candidate in SYSTEM_BUNDLES:
        if Path(candidate).is_file():
            return Path(candidate)
    try:
        import certifi

        return Path(certifi.where())
    except ImportError:
        return None


@cache
def system_anchors() -> tuple[asn1_x509.Certificate, ...]:
    bundle = _system_bundle()
    return tuple(_load_file(bundle)) if bundle else ()


def trust_anchors(extra: tuple[Path, ...] = ()) -> list[asn1_x509.Certificate]:
    """Shipped anchors, files given by the caller (tests, an administrator), then the system's."""
    anchors = shipped_anchors()
    for path in extra:
        anchors.extend(_load_file(path))
    anchors.extend(system_anchors())
    return anchors
