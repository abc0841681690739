"""The data catalogue: drivers, issuers, providers and guides, as shipped plus administrator overrides.

Shipped files live in resources/catalogue/. An administrator may drop files with the same names in
the system config dir, then the user config dir (…/certhelper/catalogue/); their tables are merged
over the shipped ones (arrays of tables by their `id`/`oid`). A broken override is reported and
skipped, never fatal: the shipped data still applies.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from certhelper.core.errors import CatalogueError
from certhelper.paths import catalogue_dir, override_dirs

logger = logging.getLogger(__name__)

FILES = ("drivers.toml", "issuers.toml", "providers.toml", "guides.toml", "findings.toml")
OS_NAMES = ("windows", "macos", "linux")
ASSURANCE_LEVELS = ("RGS*", "RGS**", "RGS***", "eIDAS-qualified", "unknown")


@dataclass(frozen=True)
class DriverSpec:
    id: str
    name: str
    role: str  # "token", "generic", "software"
    legacy: bool
    modules: Mapping[str, tuple[str, ...]]
    install_dirs: Mapping[str, tuple[str, ...]]
    services: Mapping[str, tuple[str, ...]]
    uninstall_names: Mapping[str, tuple[str, ...]]
    name_patterns: tuple[str, ...]
    download_url: str = ""


@dataclass(frozen=True)
class IssuerSpec:
    id: str
    provider: str
    cn: str
    o: str
    assurance: str
    qualified: bool = False  # a qualified-certificate service (CA/QC) in the Trusted List


@dataclass(frozen=True)
class PolicySpec:
    oid: str
    name: str
    qualified: bool
    assurance: str | None = None
    qscd: bool | None = None  # the Trusted List says: key on a QSCD (True) or not (False)
    person: str | None = None  # "natural" or "legal"
    issuers: tuple[str, ...] = ()  # issuer ids under which it means this; empty: any issuer


@dataclass(frozen=True)
class Catalogue:
    drivers: tuple[DriverSpec, ...]
    issuers: tuple[IssuerSpec, ...]
    policies: Mapping[str, PolicySpec]
    qc_statements: Mapping[str, str]
    providers: Mapping[str, Mapping[str, Any]]
    guides: Mapping[str, Mapping[str, Any]]
    findings: Mapping[str, Mapping[str, Any]]
    p11kit_ignore: tuple[str, ...]
    p11kit_dirs: tuple[str, ...]
    problems: tuple[str, ...] = field(default=())  # overrides that were skipped, and why

    def driver(self, driver_id: str) -> DriverSpec | None:
        return next((d for d in self.drivers if d.id == driver_id), None)

    def find_issuer(self, cn: str, o: str) -> IssuerSpec | None:
        """Exact (case-insensitive) match on the issuer's CN and O; an empty `o` matches any O."""
        key_cn = cn.casefold().strip()
        for spec in self.issuers:
            if spec.cn.casefold() == key_cn and (not spec.o or spec.o.casefold() == o.casefold().strip()):
                return spec
        return None


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, Mapping):
            out[key] = _merge(old, value)
        elif isinstance(old, list) and isinstance(value, list) and _keyed(old) and _keyed(value):
            out[key] = _merge_keyed(old, value)
        else:
            out[key] = value
    return out


def _key_of(item: Any) -> Any:
    return item.get("id", item.get("oid")) if isinstance(item, dict) else None


def _keyed(items: list[Any]) -> bool:
    return bool(items) and all(_key_of(i) is not None for i in items)


def _merge_keyed(base: list[dict[str, Any]], extra: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged = {_key_of(i): i for i in base}
    for item in extra:
        key = _key_of(item)
        merged[key] = _merge(merged[key], item) if key in merged else item
    return list(merged.values())


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            text = fh.read()
        stamp = [str(path), hashlib.sha256(text).hexdigest()]
        cached = _parsed_before(stamp)
        if cached is not None:
            return cached
        import tomllib  # here: the files are usually taken from the cache

        data = tomllib.loads(text.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:  # tomllib.TOMLDecodeError is a ValueError
        raise CatalogueError(str(path), "-", f"not valid TOML ({exc})") from exc
    except OSError as exc:
        raise CatalogueError(str(path), "-", exc.strerror or str(exc)) from exc
    _remember_parsed(stamp, data)
    return data


# Parsing the catalogue's TOML is most of loading it (~7 ms, on every command's path): each file's
# data is kept as JSON in the user's cache folder, stamped with the file's SHA-256 (times and sizes
# survive copies and edits: a hash does not).
def _cache_file(stamp: list[Any]) -> Path:
    from certhelper.paths import user_cache_dir

    return (
        user_cache_dir()
        / "catalogue"
        / (hashlib.sha256(stamp[0].encode("utf-8", "surrogateescape")).hexdigest()[:32] + ".json")
    )


def _parsed_before(stamp: list[Any]) -> dict[str, Any] | None:
    try:
        kept = json.loads(_cache_file(stamp).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("stamp") != stamp or not isinstance(kept.get("data"), dict):
        return None
    data: dict[str, Any] = kept["data"]
    return data


def _remember_parsed(stamp: list[Any], data: dict[str, Any]) -> None:
    from certhelper.core.files import atomic_write_bytes

    try:  # a TOML date or time (TypeError), inf or nan (ValueError): JSON has none, the file is parsed each time
        text = json.dumps({"stamp": stamp, "data": data}, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return
    with contextlib.suppress(OSError):  # a read-only cache: parsed each time, nothing lost
        atomic_write_bytes(_cache_file(stamp), text.encode("utf-8"), durable=False)


def _str_tuple(value: Any, file: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CatalogueError(file, key, "expected a list of strings")
    return tuple(value)


def _per_os(table: Any, file: str, key: str) -> dict[str, tuple[str, ...]]:
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise CatalogueError(file, key, "expected a table of lists per OS")
    return {os_name: _str_tuple(v, file, f"{key}.{os_name}") for os_name, v in table.items()}


def _need_str(item: Mapping[str, Any], name: str, file: str, where: str) -> str:
    value = item.get(name)
    if not isinstance(value, str):
        raise CatalogueError(file, f"{where}.{name}", "missing or not a string")
    return value


def _drivers(data: Mapping[str, Any], file: str) -> tuple[DriverSpec, ...]:
    out = []
    for n, item in enumerate(data.get("driver", [])):
        where = f"driver[{n}]"
        if not isinstance(item, dict):
            raise CatalogueError(file, where, "expected a table")
        patterns = item.get("name_patterns", {})
        out.append(
            DriverSpec(
                id=_need_str(item, "id", file, where),
                name=_need_str(item, "name", file, where),
                role=item.get("role", "token"),
                legacy=bool(item.get("legacy", False)),
                modules=_per_os(item.get("modules"), file, f"{where}.modules"),
                install_dirs=_per_os(item.get("install_dirs"), file, f"{where}.install_dirs"),
                services=_per_os(item.get("services"), file, f"{where}.services"),
                uninstall_names=_per_os(item.get("uninstall_names"), file, f"{where}.uninstall_names"),
                name_patterns=_str_tuple(patterns.get("all") if isinstance(patterns, dict) else None, file, where),
                download_url=item.get("download_url", ""),
            )
        )
    return tuple(out)


def _issuers(data: Mapping[str, Any], file: str) -> tuple[IssuerSpec, ...]:
    out = []
    for n, item in enumerate(data.get("issuer", [])):
        where = f"issuer[{n}]"
        assurance = _need_str(item, "assurance", file, where)
        if assurance not in ASSURANCE_LEVELS:
            raise CatalogueError(file, f"{where}.assurance", f"must be one of {', '.join(ASSURANCE_LEVELS)}")
        out.append(
            IssuerSpec(
                id=_need_str(item, "id", file, where),
                provider=_need_str(item, "provider", file, where),
                cn=_need_str(item, "cn", file, where),
                o=item.get("o", ""),
                assurance=assurance,
                qualified=bool(item.get("qualified", False)),
            )
        )
    return tuple(out)


def _policies(data: Mapping[str, Any], file: str) -> dict[str, PolicySpec]:
    out = {}
    for n, item in enumerate(data.get("policy", [])):
        where = f"policy[{n}]"
        assurance = item.get("assurance")
        if assurance is not None and assurance not in ASSURANCE_LEVELS:
            raise CatalogueError(file, f"{where}.assurance", f"must be one of {', '.join(ASSURANCE_LEVELS)}")
        oid = _need_str(item, "oid", file, where)
        person = item.get("person")
        if person not in (None, "natural", "legal"):
            raise CatalogueError(file, f"{where}.person", "must be natural or legal")
        qscd = item.get("qscd")
        out[oid] = PolicySpec(
            oid,
            item.get("name", oid),
            bool(item.get("qualified", False)),
            assurance,
            qscd=qscd if isinstance(qscd, bool) else None,
            person=person,
            issuers=_str_tuple(item.get("issuers"), file, f"{where}.issuers"),
        )
    return out


def _tables(data: Mapping[str, Any], name: str, file: str) -> dict[str, Mapping[str, Any]]:
    table = data.get(name, {})
    if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
        raise CatalogueError(file, name, "expected a table of tables")
    return table


_TEXT_KEYS = {"name", "phone", "phone_uri", "email", "drivers_url", "timezone", "revocation_guide", "price", "role"}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _check_text(value: Any, file: str, key: str, *, both: bool = False) -> None:
    """A user text: a string, or a {fr, en} table of strings (both languages required when `both`)."""
    if isinstance(value, str) and not both:
        return
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise CatalogueError(file, key, "expected a text or a table {fr = ..., en = ...}")
    missing = [lang for lang in ("fr", "en") if lang not in value]
    if missing:
        raise CatalogueError(file, key, f"missing the {' and '.join(missing)} text")


def _check_providers(providers: Mapping[str, Mapping[str, Any]], file: str) -> None:
    for pid, provider in providers.items():
        for key in _TEXT_KEYS & provider.keys():
            _check_text(provider[key], file, f"provider.{pid}.{key}")
        hours = provider.get("hours", {})
        if not isinstance(hours, dict):
            raise CatalogueError(file, f"provider.{pid}.hours", "expected a table of weekdays")
        for day, ranges in hours.items():
            where = f"provider.{pid}.hours.{day}"
            if day == "public_holidays":  # the country (and subdivision) whose public holidays close the desk
                if not (isinstance(ranges, dict) and isinstance(ranges.get("country"), str)):
                    raise CatalogueError(file, where, 'expected { country = "FR" } (subdivision optional)')
                continue
            if day not in _WEEKDAYS:
                raise CatalogueError(file, where, "not a weekday (monday ... sunday)")
            ok = isinstance(ranges, list) and all(
                isinstance(r, list)
                and len(r) == 2
                and all(isinstance(t, str) and _HHMM.match(t) for t in r)
                and r[0] < r[1]
                for r in ranges
            )
            if not ok:
                raise CatalogueError(file, where, 'expected [["HH:MM", "HH:MM"], ...] with each start before its end')


def _check_guides(guides: Mapping[str, Mapping[str, Any]], file: str) -> None:
    for gid, guide in guides.items():
        _check_text(guide.get("title"), file, f"guide.{gid}.title", both=True)
        steps = guide.get("step", [])
        if not isinstance(steps, list) or not steps:
            raise CatalogueError(file, f"guide.{gid}.step", "expected at least one [[guide.X.step]]")
        for n, step in enumerate(steps):
            if not isinstance(step, dict):
                raise CatalogueError(file, f"guide.{gid}.step[{n}]", "expected a table")
            for key in ("title", "text"):
                _check_text(step.get(key), file, f"guide.{gid}.step[{n}].{key}", both=True)


def _check_findings(findings: Mapping[str, Mapping[str, Any]], file: str) -> None:
    for code, finding in findings.items():
        for key in ("title", "action"):
            _check_text(finding.get(key), file, f"finding.{code}.{key}", both=True)


def build(raw: Mapping[str, Mapping[str, Any]], problems: Iterable[str] = ()) -> Catalogue:
    """Validate merged raw data (file name -> TOML table) into a Catalogue."""
    drivers, issuers = raw.get("drivers.toml", {}), raw.get("issuers.toml", {})
    p11kit = drivers.get("p11kit", {})
    providers = _tables(raw.get("providers.toml", {}), "provider", "providers.toml")
    guides = _tables(raw.get("guides.toml", {}), "guide", "guides.toml")
    findings = _tables(raw.get("findings.toml", {}), "finding", "findings.toml")
    _check_providers(providers, "providers.toml")
    _check_guides(guides, "guides.toml")
    _check_findings(findings, "findings.toml")
    return Catalogue(
        drivers=_drivers(drivers, "drivers.toml"),
        issuers=_issuers(issuers, "issuers.toml"),
        policies=_policies(issuers, "issuers.toml"),
        qc_statements=dict(issuers.get("qc_statements", {})),
        providers=providers,
        guides=guides,
        findings=findings,
        p11kit_ignore=_str_tuple(p11kit.get("ignore"), "drivers.toml", "p11kit.ignore"),
        p11kit_dirs=_str_tuple(p11kit.get("registry_dirs"), "drivers.toml", "p11kit.registry_dirs"),
        problems=tuple(problems),
    )


def load(extra_dirs: Iterable[Path] | None = None) -> Catalogue:
    """The shipped catalogue merged with the override files found (system, then user config)."""
    merged: dict[str, dict[str, Any]] = {name: _read(catalogue_dir() / name) for name in FILES}
    catalogue = build(merged)  # the shipped data must be valid on its own
    problems: list[str] = []
    for directory in override_dirs() if extra_dirs is None else extra_dirs:
        for name in FILES:
            path = Path(directory) / name
            if not path.is_file():
                continue
            try:
                candidate = dict(merged)
                candidate[name] = _merge(merged[name], _read(path))
                catalogue = build(candidate)
            except CatalogueError as exc:
                message = f"{path}: {exc.key}: {exc.reason}"
                logger.warning("catalogue override skipped: %s", message)
                problems.append(message)
                continue
            merged = candidate
    return dataclasses.replace(catalogue, problems=tuple(problems)) if problems else catalogue
