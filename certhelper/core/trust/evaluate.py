"""The trust layer's one entry point: chain and revocation for every holder certificate of a snapshot.

Network is explicit and switchable: `offline` (the --offline flag), CERTHELPER_OFFLINE=1 or the
`offline` setting give `not-checked` without a single connection. Online, each request has its
own timeout and the whole evaluation a budget, so a dead responder costs seconds, not minutes.

Importing this module costs almost nothing: asyncio is imported only when there is a holder
certificate to check, pyhanko-certvalidator only when a CA certificate bears a holder certificate's
issuer name (or something can be fetched), and requests (the fetchers) only when the network is on
and a certificate names a URL, so `status --offline` or a token without certificates never loads
the HTTP stack.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from asn1crypto import x509 as asn1_x509

from certhelper.core.guidance.catalogue import Catalogue
from certhelper.core.model import Certificate, Snapshot
from certhelper.core.settings import Settings, offline_wanted
from certhelper.core.trust import revocation
from certhelper.core.trust.anchors import from_base64, load_anchors
from certhelper.core.trust.chain import build_path, describe, name_texts, walk_without_anchor
from certhelper.core.trust.model import Chain, ChainStatus, Revocation, RevocationStatus, Trust

if TYPE_CHECKING:
    import asyncio

    from pyhanko_certvalidator.context import ValidationContext
    from pyhanko_certvalidator.fetchers import Fetchers
    from pyhanko_certvalidator.path import ValidationPath

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT_S = 4.0  # one OCSP/CRL/CA Issuers request
BUDGET_S = 20.0  # everything, all certificates: a command stays under ~30 s even with dead responders


def offline_requested(settings: Settings, offline: bool = False) -> bool:
    """The flag, the environment (CERTHELPER_OFFLINE=1) or the setting."""
    return offline_wanted(settings, offline)


def prepare(der_base64: str) -> None:
    """Parse a certificate for trust ahead of time, while the token is still being read: what
    evaluate_trust reads of it first (the certificate, its issuer, the names its chain shows) is
    then cached (anchors.from_base64, chain's names)."""
    leaf = from_base64(der_base64)
    if leaf is None:
        return
    with contextlib.suppress(ValueError, TypeError):  # a field asn1crypto refuses: evaluate_trust says so
        name_texts(leaf)


def _holders(snapshot: Snapshot) -> list[Certificate]:
    seen: dict[str, Certificate] = {}
    for _, cert in snapshot.certificates:
        if not cert.is_ca:
            seen.setdefault(cert.sha256, cert)
    return list(seen.values())


def _ca_certificates(snapshot: Snapshot) -> list[asn1_x509.Certificate]:
    out = [from_base64(c.der_base64) for _, c in snapshot.certificates if c.is_ca and c.der_base64]
    return [c for c in out if c is not None]


# The DER encodings of the Authority Information Access (CA Issuers, OCSP) and CRL Distribution Points
# extension OIDs: a certificate without either names no URL, so there is nothing to fetch for it.
_URL_EXTENSIONS = (bytes.fromhex("06082b06010505070101"), bytes.fromhex("0603551d1f"))


def _names_a_url(cert: Certificate) -> bool:
    """Conservative: true whenever one of the OIDs occurs anywhere in the DER (a false true only fetches)."""
    try:
        der = base64.b64decode(cert.der_base64) if cert.der_base64 else b""
    except ValueError:
        return True
    return any(oid in der for oid in _URL_EXTENSIONS)


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


class _Shared:
    """What every holder certificate of one evaluation shares: one validation context (its registry,
    fetchers and the responses they fetched) and the paths already built, by issuer.

    The path above a certificate depends only on its issuer (name and authority key identifier), the CA
    certificates known and, online, the CA Issuers URLs it names: 200 certificates under one issuer
    cost one path build, then each its own signature check (chain.describe)."""

    def __init__(
        self,
        anchors: list[asn1_x509.Certificate],
        token_cas: list[asn1_x509.Certificate],
        fetch: bool,
        timeout: float,
    ) -> None:
        self.anchors, self.token_cas, self.fetch, self.timeout = anchors, token_cas, fetch, timeout
        self.anchor_ids = {a.sha256 for a in anchors}
        self.cache = revocation.cache_dir()  # looked up once, not once a certificate
        self.paths: dict[tuple[object, ...], asyncio.Future[tuple[bool, ValidationPath | None]]] = {}
        self.fetchers: Fetchers | None = None
        self._context: ValidationContext | None = None
        self._subjects: set[str] | None = None
        self._issuer_known: dict[bytes, bool] = {}
        if fetch:  # without fetching, requests and the HTTP stack are not even imported (~100 ms)
            self._context, self.fetchers = _context(anchors, token_cas, fetch=True, timeout=timeout)

    @property
    def context(self) -> ValidationContext:
        """Created on first use: when no issuer is known, pyhanko is not even imported."""
        if self._context is None:
            self._context, self.fetchers = _context(
                self.anchors, self.token_cas, fetch=self.fetch, timeout=self.timeout
            )
        return self._context

    def _known_issuer(self, leaf: asn1_x509.Certificate) -> bool:
        """Some CA certificate (token or anchor) bears the leaf's issuer name, compared as pyhanko's
        registry does (Name.hashable: case and spaces normalised); once per distinct issuer."""
        key = leaf.issuer.dump()
        known = self._issuer_known.get(key)
        if known is None:
            if self._subjects is None:
                self._subjects = {c.subject.hashable for c in (*self.anchors, *self.token_cas)}
            known = self._issuer_known[key] = leaf.issuer.hashable in self._subjects
        return known

    def _key(self, leaf: asn1_x509.Certificate) -> tuple[object, ...]:
        aia = leaf.authority_information_access_value
        urls = repr(aia.native) if self.fetch and aia is not None else ""  # a missing issuer is fetched from there
        return (leaf.issuer.dump(), leaf.authority_key_identifier, leaf.authority_issuer_serial, urls)

    def may_have_path(self, leaf: asn1_x509.Certificate) -> bool:
        """False when pyhanko cannot find a path: no certificate bears its issuer's name, it is no
        anchor, and nothing can be fetched. Then `path` is None without building anything."""
        return self.fetch or leaf.sha256 in self.anchor_ids or self._known_issuer(leaf)

    async def path(self, leaf: asn1_x509.Certificate) -> ValidationPath | None:
        import asyncio

        if not self.may_have_path(leaf):
            return None
        if leaf.sha256 in self.anchor_ids or leaf.self_signed != "no":
            return await build_path(leaf, self.context)  # not a certificate under an issuer: no sharing
        key = self._key(leaf)
        pending = self.paths.get(key)
        if pending is None:  # the first certificate under this issuer builds the path
            self.paths[key] = future = asyncio.get_running_loop().create_future()
            built: tuple[bool, ValidationPath | None] = (False, None)  # (built, path): not built if it raised
            try:
                path = await build_path(leaf, self.context)
                built = (True, path)
                return path
            finally:
                future.set_result(built)
        done, above = await asyncio.shield(pending)
        if not done:  # the first build failed: this certificate tries on its own
            return await build_path(leaf, self.context)
        if above is None:
            return None
        try:
            appended: ValidationPath = above.truncate_to_issuer_and_append(leaf)
            return appended
        except LookupError:
            return await build_path(leaf, self.context)


async def _one(
    cert: Certificate,
    anchors: list[asn1_x509.Certificate],
    token_cas: list[asn1_x509.Certificate],
    now: dt.datetime,
    offline: bool,
    timeout: float,
    shared: _Shared,
) -> Trust:
    leaf = from_base64(cert.der_base64)
    if leaf is None:
        return Trust()
    try:
        path = await shared.path(leaf)
    except (ValueError, TypeError):  # a field asn1crypto refuses (read lazily): no chain can be built on it
        logger.info("certificate %s skipped by the path builder", cert.sha256[:16], exc_info=True)
        return Trust()
    context: ValidationContext | None = None  # the shared one, unless an untrusted root needs its own
    fetchers = shared.fetchers
    if path is not None:
        chain = describe(path)
    else:
        fetched = list(fetchers.cert_fetcher.fetched_certs()) if fetchers is not None else []
        chain, top = walk_without_anchor(leaf, [*token_cas, *anchors, *fetched])
        if top is not None and not offline:
            # Untrusted root: the chain says so; revocation can still be asked of the issuer's responders.
            context, fetchers = _context([*anchors, top], [*token_cas, *fetched], fetch=True, timeout=timeout)
            path = await build_path(leaf, context)
    if offline or path is None:
        return _without_path(cert, chain, offline, now, shared.cache)
    hit = revocation.cached(cert.sha256, now, shared.cache)
    if hit is not None:
        return Trust(chain, hit)
    answer, until = await revocation.check(leaf, path, context or shared.context, fetchers, now)
    if answer.status == RevocationStatus.REVOKED:
        until = cert.not_after  # a revocation is final: keep it as long as the certificate lives
    revocation.store(cert.sha256, answer, until)
    return Trust(chain, answer)


def _without_path(cert: Certificate, chain: Chain, offline: bool, now: dt.datetime, cache: Path) -> Trust:
    """Revocation when nothing is asked of a responder: offline, not checked; else a cached answer,
    or unknown for want of an issuer to ask."""
    if offline:
        return Trust(chain, Revocation(RevocationStatus.NOT_CHECKED))
    hit = revocation.cached(cert.sha256, now, cache)
    if hit is not None:
        return Trust(chain, hit)
    return Trust(chain, Revocation(RevocationStatus.UNKNOWN, checked_at=now, error="no-issuer"))


def _settled(cert: Certificate, offline: bool, now: dt.datetime, shared: _Shared) -> Trust | None:
    """The certificate's trust when it needs no validator (no path can exist and nothing is fetched),
    decided as `_one` decides it, without an event loop; None when it needs `_one`."""
    leaf = from_base64(cert.der_base64)
    if leaf is None:
        return Trust()
    try:
        if shared.may_have_path(leaf):
            return None
        # No certificate bears its issuer's name, so the walk stops at the leaf: no untrusted root to ask.
        chain, _ = walk_without_anchor(leaf, [*shared.token_cas, *shared.anchors])
    except (ValueError, TypeError):  # as in _one: a field asn1crypto refuses
        logger.info("certificate %s skipped by the path builder", cert.sha256[:16], exc_info=True)
        return Trust()
    return _without_path(cert, chain, offline, now, shared.cache)


async def _all(
    certs: list[Certificate],
    anchors: list[asn1_x509.Certificate],
    token_cas: list[asn1_x509.Certificate],
    now: dt.datetime,
    offline: bool,
    timeout: float,
    budget: float,
    shared: _Shared,
) -> dict[str, Trust]:
    import asyncio

    tasks = {c.sha256: asyncio.ensure_future(_one(c, anchors, token_cas, now, offline, timeout, shared)) for c in certs}
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
    timeout: float | None = None,
    budget: float | None = None,
    anchors: list[asn1_x509.Certificate] | None = None,
) -> dict[str, Trust]:
    """Trust (chain, revocation) of every holder certificate, keyed by its SHA-256.

    `catalogue` is accepted for the anchors an administrator adds beside the catalogue overrides;
    `anchors`, when the caller loaded them already (core.assessment.reading.load_trust). `timeout` (one request) and `budget`
    (everything) default to REQUEST_TIMEOUT_S and BUDGET_S, or CERTHELPER_REVOCATION_TIMEOUT/_BUDGET.
    """
    del catalogue  # the override directories are read by load_anchors
    offline = offline_requested(settings, offline)
    certs = _holders(snapshot)
    if not certs:
        return {}
    anchors = load_anchors() if anchors is None else anchors
    token_cas = _ca_certificates(snapshot)

    # Online, fetch only when a certificate names a URL (CA Issuers, OCSP, CRL): none, nothing to fetch.
    fetch = not offline and any(_names_a_url(c) for _, c in snapshot.certificates)
    if timeout is None:
        timeout = revocation.seconds_from_environment(revocation.TIMEOUT_VARIABLE, REQUEST_TIMEOUT_S)
    if budget is None:
        budget = revocation.seconds_from_environment(revocation.BUDGET_VARIABLE, BUDGET_S)
    shared = _Shared(anchors, token_cas, fetch, timeout)
    # Certificates no path can exist for, with nothing to fetch, are decided here: no event loop, no
    # pyhanko (the common case offline, or for a token whose issuer is neither on it nor an anchor).
    settled = {} if fetch else {c.sha256: _settled(c, offline, now, shared) for c in certs}
    rest = [c for c in certs if settled.get(c.sha256) is None]
    out = {sha: trust for sha, trust in settled.items() if trust is not None}
    if rest:
        import asyncio  # only with a certificate a validator must look at

        out.update(asyncio.run(_all(rest, anchors, token_cas, now, offline, timeout, budget, shared)))
    return {c.sha256: out[c.sha256] for c in certs}
