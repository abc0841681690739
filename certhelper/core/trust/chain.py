"""The path from a holder certificate to a trust anchor, built by pyhanko-certvalidator.

complete: the path reaches an anchor (shipped or the administrator's); untrusted: it reaches a
self-signed root that is no anchor; incomplete: an issuer is missing (not on the token, not
shipped, and its CA Issuers URL gave nothing).
"""

from __future__ import annotations

import functools
import itertools
from typing import TYPE_CHECKING

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature

from certhelper.core.trust.model import Chain, ChainStatus

if TYPE_CHECKING:  # pyhanko is imported only when a path is built (see core.trust.evaluate)
    from pyhanko_certvalidator.context import ValidationContext
    from pyhanko_certvalidator.path import ValidationPath


def _cn(cert: asn1_x509.Certificate) -> str:
    return _name_text(cert, subject=True)


def _name_text(cert: asn1_x509.Certificate, *, subject: bool) -> str:
    """The subject's (or issuer's) common name, else its organisation, else the whole name.

    Read with cryptography's parser: asn1crypto's `.native` costs ~0.5 ms a name, and a status command
    names the chain of every certificate on the token."""
    try:
        name = _loaded(cert.dump())
        found = (name.subject if subject else name.issuer).get_attributes_for_oid
        for oid in (x509.NameOID.COMMON_NAME, x509.NameOID.ORGANIZATION_NAME):
            values = found(oid)
            if values:
                return str(values[0].value)
    except ValueError:
        pass
    return str((cert.subject if subject else cert.issuer).human_friendly)


@functools.lru_cache(maxsize=256)
def _loaded(der: bytes) -> x509.Certificate:
    """A certificate as cryptography reads it: a leaf's subject and issuer are both named."""
    return x509.load_der_x509_certificate(der)


def _signed_by_next(certs: list[asn1_x509.Certificate]) -> bool:
    """Each certificate's signature checks with the next one's key (path building matched names only)."""
    loaded = [x509.load_der_x509_certificate(c.dump()) for c in certs]
    for child, parent in itertools.pairwise(loaded):
        try:
            child.verify_directly_issued_by(parent)
        except (ValueError, TypeError, InvalidSignature):
            return False
    return True


def describe(path: ValidationPath) -> Chain:
    """complete when every signature on the path checks; untrusted when one does not."""
    certs = list(path.iter_certs(include_root=True))
    certs.reverse()  # leaf first
    status = ChainStatus.COMPLETE if _signed_by_next(certs) else ChainStatus.UNTRUSTED
    return Chain(status, _ids(certs), _names(certs))


async def build_path(leaf: asn1_x509.Certificate, context: ValidationContext) -> ValidationPath | None:
    """The first path to an anchor (fetching CA Issuers URLs when the context allows it), or None."""
    from pyhanko_certvalidator.errors import PathBuildingError

    try:
        paths = await context.path_builder.async_build_paths(leaf)
    except PathBuildingError:
        return None
    except (ValueError, TypeError, OSError):
        return None
    return paths[0] if paths else None


def walk_without_anchor(
    leaf: asn1_x509.Certificate, pool: list[asn1_x509.Certificate]
) -> tuple[Chain, asn1_x509.Certificate | None]:
    """No path to an anchor: follow issuer names through `pool` to say why (and find a self-signed top)."""
    by_subject: dict[bytes, asn1_x509.Certificate] = {}
    for cert in pool:
        by_subject.setdefault(cert.subject.dump(), cert)
    path = [leaf]
    current = leaf
    while len(path) < 10:
        if current is not leaf and current.self_signed in ("yes", "maybe"):
            return Chain(ChainStatus.UNTRUSTED, _ids(path), _names(path)), current
        issuer = by_subject.get(current.issuer.dump())
        if issuer is None or issuer in path:
            missing = _name_text(current, subject=False)
            return Chain(ChainStatus.INCOMPLETE, _ids(path), _names(path), missing), None
        path.append(issuer)
        current = issuer
    return Chain(ChainStatus.INCOMPLETE, _ids(path), _names(path), "…"), None  # a loop or a too-long path


def _ids(certs: list[asn1_x509.Certificate]) -> tuple[str, ...]:
    return tuple(c.sha256.hex() for c in certs)


def _names(certs: list[asn1_x509.Certificate]) -> tuple[str, ...]:
    return tuple(_cn(c) for c in certs)
