"""The user's settings: thresholds, reminder steps, language, in a small JSON file.

Lives in the user config dir (platformdirs, honouring XDG_CONFIG_HOME). Written atomically. A file
that cannot be read is set aside (renamed *.corrupt-<time>) with a message, and defaults apply:
the app never crashes on it, and never overwrites it silently.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from certhelper.core.clock import paris_day
from certhelper.core.files import atomic_write_text, set_aside
from certhelper.paths import user_config_dir

logger = logging.getLogger(__name__)

SETTINGS_VERSION = 1
SCAN_TIMEOUT_S = 20.0  # how long one module may take to be read before it is given up (--timeout)


@dataclass(frozen=True)
class Settings:
    lead_time_days: int = 21  # delivery of a new certificate: about 3 weeks (Mégalis FAQ)
    safety_margin_days: int = 7  # on top of the lead time, for the order itself and holidays
    horizon_days: int = 90  # a certificate this close to its end is worth a first notice
    reminder_days: tuple[int, ...] = (90, 60, 30, 21)  # then daily in the last lead_time_days
    clock_skew_days: int = 2  # a certificate starting further in the future hints at a wrong clock
    language: str | None = None  # "fr", "en", or None for the locale's
    scan_interval_seconds: float = 1.0
    timestamp_url: str | None = None  # RFC 3161 time-stamping server: the self-test signs in PAdES B-T
    offline: bool = False  # no network: revocation is "not-checked" (also --offline, CERTHELPER_OFFLINE=1)
    problems: tuple[str, ...] = field(default=(), compare=False)  # what went wrong loading, for a message

    @property
    def renew_now_days(self) -> int:
        """Below this many days left, order today: lead time plus margin."""
        return self.lead_time_days + self.safety_margin_days

    def latest_order_date(self, not_after: dt.datetime) -> dt.date:
        """The last day to order a renewal safely: the Paris day of the end of validity minus lead time and margin."""
        return paris_day(not_after) - dt.timedelta(days=self.renew_now_days)

    def must_order_now(self, not_after: dt.datetime, now: dt.datetime) -> bool:
        """From the latest safe order date on (that day included, Paris days), the renewal must be ordered today."""
        return paris_day(now) >= self.latest_order_date(not_after)

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name != "problems"}
        data["reminder_days"] = list(self.reminder_days)
        return {"version": SETTINGS_VERSION, **data}


def offline_from_environment() -> bool:
    """CERTHELPER_OFFLINE=1 (or true/yes/on) switches the network off, like --offline."""
    return os.environ.get("CERTHELPER_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on")


def offline_wanted(settings: Settings, flag: bool = False) -> bool:
    """The one rule for "no network": the --offline flag, CERTHELPER_OFFLINE, or the `offline` setting."""
    return flag or offline_from_environment() or settings.offline


def settings_path() -> Path:
    return user_config_dir() / "settings.json"


def _coerce(raw: dict[str, Any]) -> tuple[Settings, list[str]]:
    """Keep every valid value, report the others by name; unknown keys are ignored."""
    defaults = Settings()
    values: dict[str, Any] = {}
    problems: list[str] = []
    for f in dataclasses.fields(Settings):
        if f.name == "problems" or f.name not in raw:
            continue
        value, default = raw[f.name], getattr(defaults, f.name)
        if isinstance(default, bool):
            ok = isinstance(value, bool)
        elif isinstance(default, int):
            ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 3650
        elif isinstance(default, float):
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0.2 <= value <= 3600
        elif isinstance(default, tuple):
            ok = isinstance(value, list) and all(isinstance(v, int) and 0 <= v <= 3650 for v in value)
            value = tuple(sorted(set(value), reverse=True)) if ok else value
        elif f.name == "timestamp_url":
            ok = value is None or (isinstance(value, str) and value.startswith(("http://", "https://")))
        else:  # language
            ok = value in (None, "fr", "en")
        if ok:
            values[f.name] = value
        else:
            problems.append(f"{f.name}: invalid value {value!r}, default used")
    return Settings(**values), problems


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        text = path.read_bytes()  # decoded by json.loads below: bad UTF-8 is a bad file, not a crash
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        return Settings(problems=(f"{path}: cannot be read ({exc.strerror}); defaults used",))
    try:
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        if int(raw.get("version", 1)) > SETTINGS_VERSION:
            raise ValueError(f"written by a newer certhelper (version {raw.get('version')})")
    except (ValueError, TypeError) as exc:
        moved = set_aside(path)
        message = f"{path}: unreadable ({exc}); kept as {moved.name}, defaults used"
        logger.warning("%s", message)
        return Settings(problems=(message,))
    settings, problems = _coerce(raw)
    for p in problems:
        logger.warning("settings %s", p)
    return dataclasses.replace(settings, problems=tuple(f"{path}: {p}" for p in problems))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    atomic_write_text(path or settings_path(), json.dumps(settings.to_dict(), indent=2) + "\n")
