"""The path from a holder certificate to a trust anchor, built by pyhanko-certvalidator.

complete: the path reaches an anchor (shipped or the administrator's); untrusted: it reaches a
self-signed root that is no anchor; incomplete: an issuer is missing (not on the token, not
shipped, and its CA Issuers URL gave nothing).
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from asn1crypto import parser
from asn1crypto import x509 as asn1_x509

from certhelper.core.trust.model import Chain, ChainStatus

if TYPE_CHECKING:  # pyhanko is imported only when a path is built (see core.trust.evaluate)
    from pyhanko_certvalidator.context import ValidationContext
    from pyhanko_certvalidator.path import ValidationPath


def _cn(cert: asn1_x509.Certificate) -> str:
    return _name_text(cert, subject=True)


# The encoded attribute types a certificate is named by: id-at-commonName, else id-at-organizationName.
_NAMING_TYPES = (bytes.fromhex("0603550403"), bytes.fromhex("060355040a"))


def _name_text(cert: asn1_x509.Certificate, *, subject: bool) -> str:
    """The subject's (or issuer's) common name, else its organisation, else the whole name."""
    name = cert.subject if subject else cert.issuer
    return _short_name(name.dump()) or str(name.human_friendly)


@functools.lru_cache(maxsize=1024)
def _short_name(encoded: bytes) -> str | None:
    """A Name's first common name, else its first organisation (None: neither, or unreadable).

    Walked with asn1crypto's parser, decoding only that value: asn1crypto's `.native` (or iterating
    the Name's objects) costs ~0.1-0.5 ms a name, and a status command names the chain of every
    certificate on the token. Cached: every certificate of a token names the same issuer."""
    found: dict[bytes, bytes] = {}
    try:
        for _, rdn in _elements(parser.parse(encoded)[4]):  # Name: SEQUENCE OF RelativeDistinguishedName
            for _, attribute in _elements(rdn):  # SET OF AttributeTypeAndValue
                (kind, _), (value, _) = _elements(attribute)  # SEQUENCE {type, value}
                if kind in _NAMING_TYPES:
                    found.setdefault(kind, value)
        for kind in _NAMING_TYPES:
            if kind in found:
                return str(asn1_x509.DirectoryString.load(found[kind]).native)
    except (ValueError, TypeError):
        pass
    return None


def _elements(contents: bytes) -> Iterator[tuple[bytes, bytes]]:
    """Each element of a constructed value's contents, in order: (its encoding, its contents)."""
    while contents:
        _, _, _, header, inner, trailer = parser.parse(contents)
        size = len(header) + len(inner) + len(trailer)
        yield contents[:size], inner
        contents = contents[size:]


def name_texts(cert: asn1_x509.Certificate) -> tuple[str, str]:
    """The names a chain shows for this certificate: its own, and its issuer's."""
    return _name_text(cert, subject=True), _name_text(cert, subject=False)


def _signed_by_next(certs: list[asn1_x509.Certificate]) -> bool:
    """Each certificate's signature checks with the next one's key (path building matched names only)."""
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

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
