"""Where CA certificates come from, in the order the chain builder uses them.

1. CA certificates found on the token (intermediates, and roots, which are never trusted for that);
2. ChamberSign's public CA certificates shipped in resources/anchors/ (trust anchors);
3. the administrator's catalogue overrides: …/certhelper/catalogue/anchors/*.pem|*.crt|*.cer (anchors);
4. the leaf's AIA "CA Issuers" URL (fetched by pyhanko-certvalidator while building the path).
"""

from __future__ import annotations

import base64
import logging
import threading
from pathlib import Path

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509

from certhelper.paths import override_dirs, resources_dir

logger = logging.getLogger(__name__)

_SUFFIXES = (".pem", ".crt", ".cer", ".der")


def shipped_anchor_dir() -> Path:
    return resources_dir() / "anchors"


def _read_certificates(path: Path, *, check: bool = True) -> list[asn1_x509.Certificate]:
    """The certificates of one file; `check`: parse them whole now (~2 ms each), so a bad file is
    reported and skipped here. The shipped ones are not checked at each run: tests/test_chain.py does."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        logger.warning("anchor %s unreadable: %s", path, exc.strerror)
        return []
    try:
        blobs = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
        certs = [asn1_x509.Certificate.load(der) for der in blobs]
        for cert in certs if check else ():
            cert.native  # noqa: B018 - parse now, so a bad file is reported here
        return certs
    except (ValueError, TypeError) as exc:
        logger.warning("anchor %s skipped: not a certificate (%s)", path, exc)
        return []


def load_anchors(extra_dirs: list[Path] | None = None) -> list[asn1_x509.Certificate]:
    """The shipped anchors, then those of the administrator's override directories."""
    shipped = shipped_anchor_dir()
    dirs = [shipped] + [d / "anchors" for d in (override_dirs() if extra_dirs is None else extra_dirs)]
    found: dict[bytes, asn1_x509.Certificate] = {}
    for directory in dirs:
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix.lower() in _SUFFIXES and path.is_file():
                for cert in _read_certificates(path, check=directory != shipped):
                    found.setdefault(cert.sha256, cert)
    return list(found.values())


def from_base64(value: str) -> asn1_x509.Certificate | None:
    """A certificate read from the token, for path building; None if it is not DER at all.

    Parsed lazily, as pyhanko reads it (a full parse costs ~1 ms a certificate, the bulk of a status
    command's trust check): the token's reader parsed it already, and anything asn1crypto refuses
    later is caught around that certificate's evaluation (core.trust.evaluate). Cached per thread: a
    command parses the certificates the reader sends while it reads on (evaluate.prepare) and finds
    them parsed when it evaluates; asn1crypto parses lazily, so a parsed certificate is never shared
    between threads (the window checks trust in background threads that may overlap)."""
    cache: dict[str, asn1_x509.Certificate | None] = _parsed.__dict__.setdefault("certificates", {})
    if value not in cache:
        if len(cache) >= _PARSED_SIZE:
            cache.clear()
        cache[value] = _from_base64(value)
    return cache[value]


_parsed = threading.local()
_PARSED_SIZE = 512


def _from_base64(value: str) -> asn1_x509.Certificate | None:
    try:
        cert = asn1_x509.Certificate.load(base64.b64decode(value))
        cert.issuer  # noqa: B018 - the name every path search starts from: a non-certificate fails here
        return cert
    except (ValueError, TypeError):
        return None
