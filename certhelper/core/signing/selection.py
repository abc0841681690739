"""Which certificate the self-test signs with: one that has its private key, valid today.

Chosen from the scan's snapshot (no login). With a fingerprint prefix the user names it; without,
the signing certificate that stays valid longest wins (a signature certificate before an
authentication-only one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from certhelper.core.model import Certificate, Token

# Outcomes of the choice; front-ends map them to a sentence.
CHOICES = ("chosen", "no-signing-key", "no-match", "ambiguous")


@dataclass(frozen=True)
class Choice:
    outcome: str  # one of CHOICES
    certificate: Certificate | None = None
    candidates: tuple[Certificate, ...] = ()  # the ones that matched, when ambiguous


def has_usable_key(cert: Certificate) -> bool:
    return cert.has_private_key and cert.key_matches is not False and not cert.is_ca


def valid_now(cert: Certificate, now: dt.datetime) -> bool:
    return cert.not_before <= now < cert.not_after


def _normalise(prefix: str) -> str:
    return prefix.lower().replace(":", "").replace(" ", "")


def choose_certificate(token: Token, prefix: str | None, now: dt.datetime) -> Choice:
    with_key = [c for c in token.certificates if has_usable_key(c)]
    if prefix:
        wanted = _normalise(prefix)
        matching = [c for c in token.certificates if c.sha256.startswith(wanted)]
        if not matching:
            return Choice("no-match")
        usable = [c for c in matching if has_usable_key(c)]
        if not usable:
            return Choice("no-signing-key", candidates=tuple(matching))
        if len(usable) > 1:
            return Choice("ambiguous", candidates=tuple(usable))
        return Choice("chosen", usable[0])
    current = [c for c in with_key if valid_now(c, now)]
    if not current:
        return Choice("no-signing-key", candidates=tuple(with_key))
    signing = [c for c in current if "content_commitment" in c.key_usage or "digital_signature" in c.key_usage]
    best = max(signing or current, key=lambda c: ("content_commitment" in c.key_usage, c.not_after))
    return Choice("chosen", best)
