"""Is this certificate revoked? OCSP first (the AIA responder), then the CRL distribution point.

pyhanko-certvalidator fetches (requests: HTTP_PROXY/HTTPS_PROXY/NO_PROXY and the system proxy
settings are honoured), verifies the responder's or CRL issuer's signature against the path, and
checks freshness. Answers are cached under the user cache dir until their nextUpdate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from asn1crypto import x509 as asn1_x509

from certhelper.core.files import atomic_write_text
from certhelper.core.trust.model import Revocation, RevocationStatus
from certhelper.paths import user_cache_dir

if TYPE_CHECKING:  # pyhanko is imported by `check` only: reading the cache needs none of it
    from pyhanko_certvalidator.context import ValidationContext
    from pyhanko_certvalidator.errors import RevokedError
    from pyhanko_certvalidator.fetchers import Fetchers
    from pyhanko_certvalidator.path import ValidationPath

logger = logging.getLogger(__name__)

CACHE_VERSION = 1

# The waits' environment overrides (README, "Environment"): a slow proxy may need more, tests need less.
TIMEOUT_VARIABLE = "CERTHELPER_REVOCATION_TIMEOUT"  # seconds, one OCSP/CRL/CA Issuers request
BUDGET_VARIABLE = "CERTHELPER_REVOCATION_BUDGET"  # seconds, the whole evaluation (every certificate)


def seconds_from_environment(variable: str, default: float) -> float:
    """A number of seconds from `variable` (more than 0, at most an hour), else `default`."""
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= 3600:
        logger.warning("%s=%r is not a number of seconds (0 to 3600): %.0f s is used", variable, text, default)
        return default
    return value


def ocsp_urls(cert: asn1_x509.Certificate) -> list[str]:
    return list(cert.ocsp_urls)


def crl_urls(cert: asn1_x509.Certificate) -> list[str]:
    urls: list[str] = []
    for point in cert.crl_distribution_points:
        for name in point["distribution_point"].chosen if point["distribution_point"].name == "full_name" else []:
            if name.name == "uniform_resource_identifier":
                urls.append(name.native)
    return urls


def _next_update_ocsp(fetchers: Fetchers | None, cert: asn1_x509.Certificate) -> dt.datetime | None:
    if fetchers is None:
        return None
    try:
        responses = list(fetchers.ocsp_fetcher.fetched_responses_for_cert(cert))
    except KeyError:
        return None
    for response in responses:
        try:
            for single in response.basic_ocsp_response["tbs_response_data"]["responses"]:
                if single["cert_id"]["serial_number"].native == cert.serial_number:
                    value = single["next_update"].native
                    return value if isinstance(value, dt.datetime) else None
        except (KeyError, ValueError, TypeError):
            continue
    return None


def _next_update_crl(fetchers: Fetchers | None, cert: asn1_x509.Certificate) -> dt.datetime | None:
    if fetchers is None:
        return None
    dates = []
    try:
        crls = list(fetchers.crl_fetcher.fetched_crls_for_cert(cert))
    except KeyError:
        return None
    for crl in crls:
        value = crl["tbs_cert_list"]["next_update"].native
        if isinstance(value, dt.datetime):
            dates.append(value)
    return min(dates) if dates else None


def _fetched_anything(fetchers: Fetchers | None, cert: asn1_x509.Certificate) -> bool:
    if fetchers is None:
        return False
    found = False
    for fetched in (fetchers.ocsp_fetcher.fetched_responses_for_cert, fetchers.crl_fetcher.fetched_crls_for_cert):
        try:
            found = found or bool(list(fetched(cert)))
        except KeyError:  # nothing was fetched for it (the fetch failed)
            continue
    return found


def _revoked(exc: RevokedError, source: str, url: str | None, now: dt.datetime) -> Revocation:
    reason = exc.reason.native if exc.reason is not None else None
    return Revocation(RevocationStatus.REVOKED, exc.revocation_dt, reason, source, url, now)


async def check(
    cert: asn1_x509.Certificate,
    path: ValidationPath,
    context: ValidationContext,
    fetchers: Fetchers | None,
    now: dt.datetime,
) -> tuple[Revocation, dt.datetime | None]:
    """(the answer, until when it may be reused); OCSP first, the CRL when OCSP says nothing usable."""
    from pyhanko_certvalidator.errors import CRLValidationError, OCSPValidationError, RevokedError
    from pyhanko_certvalidator.revinfo.validate_crl import verify_crl
    from pyhanko_certvalidator.revinfo.validate_ocsp import verify_ocsp_response

    ocsp, crls = ocsp_urls(cert), crl_urls(cert)
    if not ocsp and not crls:
        return Revocation(RevocationStatus.UNKNOWN, checked_at=now, error="no-responder"), None
    if ocsp:
        try:
            await verify_ocsp_response(cert, path, context)
            good = Revocation(RevocationStatus.GOOD, source="ocsp", url=ocsp[0], checked_at=now)
            return good, _next_update_ocsp(fetchers, cert)
        except RevokedError as exc:
            return _revoked(exc, "ocsp", ocsp[0], now), None
        except (OCSPValidationError, ValueError, OSError) as exc:
            logger.info("OCSP gave no usable answer for %s: %r (%r)", cert.serial_number, exc, exc.__cause__)
    if crls:
        try:
            await verify_crl(cert, path, context)
            good = Revocation(RevocationStatus.GOOD, source="crl", url=crls[0], checked_at=now)
            return good, _next_update_crl(fetchers, cert)
        except RevokedError as exc:
            return _revoked(exc, "crl", crls[0], now), None
        except (CRLValidationError, ValueError, OSError) as exc:
            logger.info("CRL gave no usable answer for %s: %s", cert.serial_number, exc)
    error = "bad-response" if _fetched_anything(fetchers, cert) else "unreachable"
    url = (ocsp or crls)[0]
    return Revocation(RevocationStatus.UNKNOWN, url=url, checked_at=now, error=error), None


# --- cache ------------------------------------------------------------------------------------------


def cache_dir() -> Path:
    return user_cache_dir() / "revocation"


def _cache_path(sha256: str, directory: Path | None = None) -> Path:
    return (directory or cache_dir()) / f"{hashlib.sha256(sha256.encode()).hexdigest()[:32]}.json"


def _iso(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def _date(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else None


def cached(sha256: str, now: dt.datetime, directory: Path | None = None) -> Revocation | None:
    """A stored answer still within its validity (nextUpdate), or None. `directory`: cache_dir(),
    when the caller looked it up once for many certificates."""
    try:
        data = json.loads(_cache_path(sha256, directory).read_text(encoding="utf-8"))
        if data.get("version") != CACHE_VERSION or data.get("sha256") != sha256:
            return None
        until = _date(data.get("valid_until"))
        if until is None or until <= now:
            return None
        r = data["revocation"]
        return Revocation(
            RevocationStatus(r["status"]),
            _date(r.get("revoked_at")),
            r.get("reason"),
            r.get("source"),
            r.get("url"),
            _date(r.get("checked_at")),
            r.get("error"),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(sha256: str, answer: Revocation, valid_until: dt.datetime | None) -> None:
    """Keep a verdict (good or revoked) until `valid_until`; 'unknown' is never kept."""
    if answer.status not in (RevocationStatus.GOOD, RevocationStatus.REVOKED) or valid_until is None:
        return
    data = {
        "version": CACHE_VERSION,
        "sha256": sha256,
        "valid_until": _iso(valid_until),
        "revocation": {
            "status": answer.status.value,
            "revoked_at": _iso(answer.revoked_at),
            "reason": answer.reason,
            "source": answer.source,
            "url": answer.url,
            "checked_at": _iso(answer.checked_at),
            "error": answer.error,
        },
    }
    try:
        atomic_write_text(_cache_path(sha256), json.dumps(data, indent=1) + "\n")
    except OSError as exc:  # a full or read-only disk costs a network round next time, nothing else
        logger.info("revocation cache not written: %s", exc)
