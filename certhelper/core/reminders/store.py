"""The certificates this workstation has seen, remembered so reminders work with the token unplugged.

A small JSON file in the user data dir (platformdirs), written atomically. A file that cannot be
read, or that a newer certhelper wrote, is set aside (renamed *.corrupt-<time>) with a message and
an empty store is used: the app never crashes on it. Settings live in another file and are untouched.

The reminder state (acknowledged steps, snoozes) is kept here too, per certificate; see core.reminders.schedule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from certhelper.core.clock import calendar_days_between
from certhelper.core.errors import CerthelperError
from certhelper.core.files import atomic_write_text, set_aside
from certhelper.core.model import Snapshot
from certhelper.paths import user_data_dir

logger = logging.getLogger(__name__)

STORE_VERSION = 1


class UnknownCertificate(CerthelperError):
    """`forget` was given a fingerprint that matches no remembered certificate (or several)."""

    def __init__(self, fingerprint: str, matches: int) -> None:
        what = "no remembered certificate" if matches == 0 else f"{matches} remembered certificates"
        super().__init__(f"{fingerprint}: {what} match this fingerprint")
        self.fingerprint = fingerprint
        self.matches = matches


def _iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


@dataclass(frozen=True)
class Remembered:
    """What is kept of a certificate: enough to remind its holder, nothing secret."""

    sha256: str
    holder: str
    organisation: str
    issuer: str
    not_after: dt.datetime
    assurance: str
    token_serial: str
    token_label: str
    first_seen: dt.datetime
    last_seen: dt.datetime
    provider: str | None = None

    def days_left(self, now: dt.datetime) -> int:
        """Europe/Paris calendar days until not_after, as core.renewal counts them (0 on the last day)."""
        return calendar_days_between(now, self.not_after)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        for name in ("not_after", "first_seen", "last_seen"):
            data[name] = _iso(data[name])
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Remembered:
        values = {f.name: data[f.name] for f in dataclasses.fields(cls) if f.name in data}
        for name in ("not_after", "first_seen", "last_seen"):
            values[name] = _parse(values[name])
        return cls(**values)


@dataclass(frozen=True)
class ReminderState:
    """Per certificate: the reminder steps the user acknowledged, and a snooze."""

    acknowledged: tuple[str, ...] = ()
    snoozed_until: dt.datetime | None = None


@dataclass(frozen=True)
class Store:
    certificates: tuple[Remembered, ...] = ()
    reminders: dict[str, ReminderState] = field(default_factory=dict)  # by sha256
    forgotten: tuple[str, ...] = ()  # fingerprints the user forgot: never remembered again
    problems: tuple[str, ...] = field(default=(), compare=False)  # what went wrong loading, for a message
    read_failed: bool = field(default=False, compare=False)  # the file exists but could not be read

    def get(self, sha256: str) -> Remembered | None:
        return next((c for c in self.certificates if c.sha256 == sha256), None)

    def state(self, sha256: str) -> ReminderState:
        return self.reminders.get(sha256, ReminderState())

    def replaced_by(self, cert: Remembered) -> Remembered | None:
        """The newest certificate for the same holder and issuer, when it ends later than `cert`."""
        same = [
            c
            for c in self.certificates
            if c.holder == cert.holder and c.issuer == cert.issuer and c.not_after > cert.not_after
        ]
        return max(same, key=lambda c: c.not_after) if same else None

    def active(self) -> list[Remembered]:
        """The certificates that still deserve reminders: not replaced by a newer one."""
        return [c for c in self.certificates if self.replaced_by(c) is None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": STORE_VERSION,
            "certificates": [c.to_dict() for c in self.certificates],
            "reminders": {
                sha: {
                    "acknowledged": list(s.acknowledged),
                    "snoozed_until": _iso(s.snoozed_until) if s.snoozed_until else None,
                }
                for sha, s in sorted(self.reminders.items())
            },
            "forgotten": list(self.forgotten),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Store:
        certs = tuple(Remembered.from_dict(item) for item in data.get("certificates", []))
        reminders = {
            sha: ReminderState(
                acknowledged=tuple(str(a) for a in raw.get("acknowledged", [])),
                snoozed_until=_parse(raw["snoozed_until"]) if raw.get("snoozed_until") else None,
            )
            for sha, raw in data.get("reminders", {}).items()
        }
        return cls(certs, reminders, tuple(str(f) for f in data.get("forgotten", [])))


def store_path() -> Path:
    return user_data_dir() / "certificates.json"


def load_store(path: Path | None = None) -> Store:
    """The remembered certificates; an unreadable or future-version file is set aside, never fatal."""
    path = path or store_path()
    try:
        text = path.read_bytes()  # decoded by json.loads, inside the try: binary junk is "unreadable"
    except FileNotFoundError:
        return Store()
    except OSError as exc:
        return Store(problems=(f"{path}: cannot be read ({exc.strerror})",), read_failed=True)
    try:
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        version = raw.get("version")
        if not isinstance(version, int) or version < 1:
            raise ValueError(f"unknown version {version!r}")
        if version > STORE_VERSION:
            raise ValueError(f"written by a newer certhelper (version {version})")
        return Store.from_dict(raw)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        moved = set_aside(path)
        message = f"{path}: unreadable ({exc}); kept as {moved.name}, a new one is started"
        logger.warning("%s", message)
        return Store(problems=(message,))


def save_store(store: Store, path: Path | None = None) -> None:
    atomic_write_text(path or store_path(), json.dumps(store.to_dict(), indent=2, ensure_ascii=False) + "\n")


def merge(store: Store, snapshot: Snapshot, now: dt.datetime) -> Store:
    """The store with every holder certificate of `snapshot` added or refreshed (CA certificates are not)."""
    by_sha = {c.sha256: c for c in store.certificates}
    for token, cert in snapshot.certificates:
        if cert.is_ca or cert.sha256 in store.forgotten:
            continue
        previous = by_sha.get(cert.sha256)
        by_sha[cert.sha256] = Remembered(
            sha256=cert.sha256,
            holder=cert.holder,
            organisation=cert.organisation,
            issuer=cert.issuer,
            not_after=cert.not_after,
            assurance=cert.assurance,
            token_serial=token.serial,
            token_label=token.label,
            first_seen=previous.first_seen if previous else now,
            last_seen=now,
            provider=cert.provider,
        )
    ordered = tuple(sorted(by_sha.values(), key=lambda c: (c.not_after, c.sha256)))
    return dataclasses.replace(store, certificates=ordered)


def remember(snapshot: Snapshot, now: dt.datetime, path: Path | None = None) -> Store:
    """Remember what a scan saw. Call it after every scan; it writes only when something changed
    (other than last_seen within the same day), so a scan every second does not wear the disk."""
    current = load_store(path)
    updated = merge(current, snapshot, now)
    # A file we could not read (permissions...) is not replaced: its acknowledgements would be lost.
    if not current.read_failed and _worth_writing(current, updated):
        save_store(updated, path)
    return updated


def _worth_writing(old: Store, new: Store) -> bool:
    if old.problems:
        return True
    before = {c.sha256: c for c in old.certificates}
    for cert in new.certificates:
        seen = before.get(cert.sha256)
        if seen is None or dataclasses.replace(seen, last_seen=cert.last_seen) != cert:
            return True
        if seen.last_seen.date() != cert.last_seen.date():
            return True
    return False


def normalise_fingerprint(text: str) -> str:
    return text.replace(":", "").replace(" ", "").strip().lower()


def find(store: Store, fingerprint: str) -> Remembered:
    """The one certificate whose SHA-256 starts with `fingerprint` (colons and case ignored)."""
    wanted = normalise_fingerprint(fingerprint)
    matches = [c for c in store.certificates if wanted and c.sha256.lower().startswith(wanted)]
    if len(matches) != 1:
        raise UnknownCertificate(fingerprint, len(matches))
    return matches[0]


def without(store: Store, fingerprints: Iterable[str]) -> Store:
    gone = set(fingerprints)
    return dataclasses.replace(
        store,
        certificates=tuple(c for c in store.certificates if c.sha256 not in gone),
        reminders={k: v for k, v in store.reminders.items() if k not in gone},
        forgotten=tuple(sorted(set(store.forgotten) | gone)),
    )


def forget(fingerprint: str, path: Path | None = None) -> Remembered:
    """Forget a certificate for good (revoked, token handed over): no more reminders, not remembered again."""
    store = load_store(path)
    cert = find(store, fingerprint)
    save_store(without(store, [cert.sha256]), path)
    logger.info("forgot certificate %s", cert.sha256)
    return cert
