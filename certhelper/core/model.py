"""The Snapshot: what one scan read, as frozen, JSON-serialisable dataclasses.

modules -> tokens -> certificates / keys / unreadable objects, plus PIN flags and errors.
Everything downstream (diagnosis, reports, the GUI) is a pure function of a Snapshot.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from certhelper.core.clock import calendar_days_between
from certhelper.core.errors import ModuleError, TokenError


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_iso(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass(frozen=True)
class PinState:
    """PIN-related token flags. PKCS#11 has no retry counter, only these hints."""

    initialized: bool = True
    login_required: bool = True
    count_low: bool = False
    final_try: bool = False
    locked: bool = False
    protected_auth_path: bool = False
    user_pin_initialized: bool = True


@dataclass(frozen=True)
class Evidence:
    """How one classification field was decided: the OID or statement it came from."""

    field: str  # "provider", "level", "qualified", "qscd", "person"
    value: str  # the decided value, as text ("RGS**", "true", "natural", "chambersign")
    source: str  # e.g. "policy 1.2.250.1.96.1.8.2.2", "QcStatement QcSSCD 0.4.0.1862.1.4", "issuer CN+O"


@dataclass(frozen=True)
class Disagreement:
    """The catalogue says one thing, the certificate another: the certificate's value is reported."""

    field: str
    catalogue: str
    certificate: str


@dataclass(frozen=True)
class Classification:
    """Provider, level and eIDAS status read from the certificate itself (core.trust.classify)."""

    provider: str | None = None  # catalogue provider id, from the exact issuer CN + O
    issuer_id: str | None = None  # catalogue issuer id (e.g. "chambersign-ca3-ng-qualified-eid")
    level: str | None = None  # RGS*, RGS**, RGS*** (None: nothing says)
    qualified: bool = False  # eIDAS qualified certificate
    qscd: bool | None = None  # key on a qualified signature creation device (None: nothing says)
    person: str | None = None  # "natural" or "legal" (None: nothing says)
    evidence: tuple[Evidence, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()


@dataclass(frozen=True)
class Certificate:
    """One X.509 certificate object read from a token (no login needed)."""

    id: str  # CKA_ID, hex
    label: str
    sha256: str
    subject: str  # RFC 4514
    issuer: str  # RFC 4514
    holder: str
    organisation: str
    siren: str | None
    siret: str | None
    email: str | None
    serial_number: str  # hex
    not_before: dt.datetime
    not_after: dt.datetime
    key_usage: tuple[str, ...]
    extended_key_usage: tuple[str, ...]
    policies: tuple[str, ...]
    qc_statements: tuple[str, ...]
    assurance: str  # RGS*, RGS**, RGS***, eIDAS-qualified, unknown
    qualified: bool  # eIDAS qualified markers (QcCompliance or a QCP policy)
    issuer_known: bool  # issuer in the catalogue (so its provider's procedures are known)
    provider: str | None  # catalogue provider id (e.g. "chambersign"), None when unknown
    public_key_sha256: str  # fingerprint of the SubjectPublicKeyInfo, to match keys
    is_ca: bool = False
    has_private_key: bool = False
    key_matches: bool | None = None  # False: the key with this CKA_ID has another public key
    issuer_name: str = ""  # the issuer's CN (or O), for display
    organisation_id: str | None = None  # the subject's organizationIdentifier (2.5.4.97), as written
    classification: Classification = Classification()
    der_base64: str = ""  # the certificate itself, for chain building and revocation (core.trust)

    def days_left(self, now: dt.datetime) -> int:
        """Europe/Paris calendar days until not_after (0 on its last day, negative once expired), as
        core.renewal counts them; front-ends take RenewalState.days_left from the assessment."""
        return calendar_days_between(now, self.not_after)


@dataclass(frozen=True)
class Key:
    """A key object visible without login (public keys, and private keys some tokens expose)."""

    id: str
    label: str
    object_class: str  # "private" or "public"
    key_type: str  # "RSA", "EC", ...
    public_key_sha256: str | None  # None when the public part could not be read
    certificate_sha256: str | None  # the certificate it belongs to, if any


@dataclass(frozen=True)
class Unreadable:
    """An object that should be a certificate but could not be parsed (codes: errors.OBJECT_CODES)."""

    id: str
    label: str
    code: str  # "empty", "wrong-type", "truncated", "not-x509"
    detail: str | None = None  # the parser's own text, for "Détails" / --verbose only


@dataclass(frozen=True)
class Token:
    slot: int
    slot_description: str
    label: str
    manufacturer: str
    model: str
    serial: str
    pin: PinState
    certificates: tuple[Certificate, ...] = ()
    keys: tuple[Key, ...] = ()
    unreadable: tuple[Unreadable, ...] = ()
    error: TokenError | None = None  # e.g. code "token-removed": it went away mid-read


@dataclass(frozen=True)
class Module:
    path: str
    source: str  # where it was found: "option", "environment", "catalogue:<id>", "p11-kit:<file>"
    name: str = ""  # catalogue name when known (e.g. "Idopte")
    description: str = ""
    manufacturer: str = ""
    library_version: str = ""
    cryptoki_version: str = ""
    error: ModuleError | None = None  # could not be loaded or scanned: a code and its fields
    tokens: tuple[Token, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    taken_at: dt.datetime
    modules: tuple[Module, ...] = ()

    @property
    def tokens(self) -> list[tuple[Module, Token]]:
        return [(m, t) for m in self.modules for t in m.tokens]

    @property
    def certificates(self) -> list[tuple[Token, Certificate]]:
        return [(t, c) for _, t in self.tokens for c in t.certificates]

    def to_dict(self) -> dict[str, Any]:
        return _to_jsonable(self)  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Snapshot:
        return _from_jsonable(cls, data)  # type: ignore[no-any-return]


_SCALARS = (str, int, float, type(None))  # bool is an int; string enums are str (json writes their value)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}  # per dataclass: a snapshot of 200 certificates asks 30,000 times


def _to_jsonable(value: Any) -> Any:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, (list, tuple)):
        return [_to_jsonable(v) for v in value]
    if isinstance(value, dt.datetime):
        return _iso(value)
    names = _FIELD_NAMES.get(type(value))
    if names is None:
        if not dataclasses.is_dataclass(value) or isinstance(value, type):
            return value
        names = _FIELD_NAMES[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    return {name: _to_jsonable(getattr(value, name)) for name in names}


_NESTED: dict[tuple[type, str], type] = {}


def _from_jsonable(cls: type, data: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in data:
            continue
        raw = data[f.name]
        nested = _NESTED.get((cls, f.name))
        if nested is not None and isinstance(raw, list):
            kwargs[f.name] = tuple(_from_jsonable(nested, item) for item in raw)
        elif nested is not None and isinstance(raw, dict):
            kwargs[f.name] = _from_jsonable(nested, raw)
        elif f.name in ("taken_at", "not_before", "not_after") and isinstance(raw, str):
            kwargs[f.name] = _parse_iso(raw)
        elif isinstance(raw, list):
            kwargs[f.name] = tuple(raw)
        else:
            kwargs[f.name] = raw
    return cls(**kwargs)


_NESTED.update(
    {
        (Snapshot, "modules"): Module,
        (Module, "tokens"): Token,
        (Token, "pin"): PinState,
        (Token, "certificates"): Certificate,
        (Token, "keys"): Key,
        (Token, "unreadable"): Unreadable,
        (Token, "error"): TokenError,
        (Module, "error"): ModuleError,
        (Certificate, "classification"): Classification,
        (Classification, "evidence"): Evidence,
        (Classification, "disagreements"): Disagreement,
    }
)

__all__ = [
    "Certificate",
    "Classification",
    "Disagreement",
    "Evidence",
    "Key",
    "Module",
    "ModuleError",
    "PinState",
    "Snapshot",
    "Token",
    "TokenError",
    "Unreadable",
]
