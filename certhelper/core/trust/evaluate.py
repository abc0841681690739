"""The trust layer's one entry point: chain and revocation for every holder certificate of a snapshot.

Network is explicit and switchable: `offline` (the --offline flag), CERTHELPER_OFFLINE=1 or the
`offline` setting give `not-checked` without a single connection. Online, each request has its
own timeout and the whole evaluation a budget, so a dead responder costs seconds, not minutes.

Importing this module costs almost nothing: pyhanko-certvalidator (and asyncio) are imported only
when there is a holder certificate to check, and requests (the fetchers) only when the network is
on, so `status --offline` or a token without certificates never loads the HTTP stack.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from asn1crypto import x509 as asn1_x509

from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Certificate, Snapshot
from certhelper.core.settings import Settings
from certhelper.core.trust import revocation
from certhelper.core.trust.anchors import from_base64, load_anchors
from certhelper.core.trust.chain import build_path, describe, walk_without_anchor
from certhelper.core.trust.model import Chain, ChainStatus, Revocation, RevocationStatus, Trust

if TYPE_CHECKING:
    from pyhanko_certvalidator.context import ValidationContext
    from pyhanko_certvalidator.fetchers import Fetchers

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT_S = 4.0  # one OCSP/CRL/CA Issuers request
BUDGET_S = 20.0  # everything, all certificates: a command stays under ~30 s even with dead responders


def offline_requested(settings: Settings, offline: bool = False) -> bool:
    """The flag, the environment (CERTHELPER_OFFLINE=1) or the setting."""
    env = os.environ.get("CERTHELPER_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")
    return offline or env or bool(getattr(settings, "offline", False))


def _holders(snapshot: Snapshot) -> list[Certificate]:
    seen: dict[str, Certificate] = {}
    for _, cert in snapshot.certificates:
        if not cert.is_ca:
            seen.setdefault(cert.sha256, cert)
    return list(seen.values())


def _ca_certificates(snapshot: Snapshot) -> list[asn1_x509.Certificate]:
    out = [from_base64(c.der_base64) for _, c in snapshot.certificates if c.is_ca and c.der_base64]
    return [c for c in out if c is not None]


def _context(
    anchors: list[asn1_x509.Certificate], others: Iterable[asn1_x509.Certificate], *, fetch: bool, timeout: float
) -> tuple[ValidationContext, Fetchers | None]:
    from pyhanko_certvalidator.context import ValidationContext

    fetchers = None
    if fetch:
        # requests (not aiohttp): honours HTTP(S)_PROXY, NO_PROXY and the system proxy settings.
        from pyhanko_certvalidator.fetchers.requests_fetchers import RequestsFetcherBackend

        fetchers = RequestsFetcherBackend(per_request_timeout=timeout).get_fetchers()
    context = ValidationContext(
        trust_roots=anchors,
        other_certs=list(others),
        allow_fetching=fetch,
        fetchers=fetchers,
        revocation_mode="soft-fail",
    )
    return context, fetchers


async def _one(
    cert: Certificate,
    anchors: list[asn1_x509.Certificate],
    token_cas: list[asn1_x509.Certificate],
    now: dt.datetime,
    offline: bool,
    timeout: float,
) -> Trust:
    leaf = from_base64(cert.der_base64)
    if leaf is None:
        return Trust()
    context, fetchers = _context(anchors, token_cas, fetch=not offline, timeout=timeout)
    path = await build_path(leaf, context)
    if path is not None:
        chain = describe(path)
    else:
        fetched = list(fetchers.cert_fetcher.fetched_certs()) if fetchers is not None else []
        chain, top = walk_without_anchor(leaf, [*token_cas, *anchors, *fetched])
        if top is not None and not offline:
            # Untrusted root: the chain says so; revocation can still be asked of the issuer's responders.
            context, fetchers = _context([*anchors, top], [*token_cas, *fetched], fetch=True, timeout=timeout)
            path = await build_path(leaf, context)
    if offline:
        return Trust(chain, Revocation(RevocationStatus.NOT_CHECKED))
    hit = revocation.cached(cert.sha256, now)
    if hit is not None:
        return Trust(chain, hit)
    if path is None:
        return Trust(chain, Revocation(RevocationStatus.UNKNOWN, checked_at=now, error="no-issuer"))
    answer, until = await revocation.check(leaf, path, context, fetchers, now)
    if answer.status == RevocationStatus.REVOKED:
        until = cert.not_after  # a revocation is final: keep it as long as the certificate lives
    revocation.store(cert.sha256, answer, until)
    return Trust(chain, answer)


async def _all(
    certs: list[Certificate],
    anchors: list[asn1_x509.Certificate],
    token_cas: list[asn1_x509.Certificate],
    now: dt.datetime,
    offline: bool,
    timeout: float,
    budget: float,
) -> dict[str, Trust]:
    import asyncio

    tasks = {c.sha256: asyncio.ensure_future(_one(c, anchors, token_cas, now, offline, timeout)) for c in certs}
    if tasks:
        await asyncio.wait(tasks.values(), timeout=budget)
    out: dict[str, Trust] = {}
    for sha, task in tasks.items():
        if task.done() and task.exception() is None:
            out[sha] = task.result()
            continue
        if task.done():
            logger.warning("trust evaluation failed: %r", task.exception())
        else:
            task.cancel()  # over budget: the answer is "unknown", never a wait
        error = "failed" if task.done() else "timeout"
        out[sha] = Trust(
            Chain(ChainStatus.NOT_BUILT), Revocation(RevocationStatus.UNKNOWN, checked_at=now, error=error)
        )
    return out


def evaluate_trust(
    snapshot: Snapshot,
    catalogue: Catalogue,
    settings: Settings,
    now: dt.datetime,
    *,
    offline: bool,
    timeout: float = REQUEST_TIMEOUT_S,
    budget: float = BUDGET_S,
) -> dict[str, Trust]:
    """Trust (chain, revocation) of every holder certificate, keyed by its SHA-256.

    `catalogue` is accepted for the anchors an administrator adds beside the catalogue overrides.
    """
    del catalogue  # the override directories are read by load_anchors
    offline = offline_requested(settings, offline)
    certs = _holders(snapshot)
    if not certs:
        return {}
    anchors = load_anchors()
    token_cas = _ca_certificates(snapshot)
    import asyncio  # only with a certificate to check

    return asyncio.run(_all(certs, anchors, token_cas, now, offline, timeout, budget))
