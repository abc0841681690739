"""Broken files on disk: a catalogue override, the settings, the remembered-certificates store.

Each gives a clear message naming the file (and, for the catalogue, the key), falls back to the
defaults for that file only, keeps every other file's content, and keeps the broken bytes aside
so nothing the user had is lost.

The commands run in-process (run_cli_in_process) but for two real processes: the full-disk runs
(RLIMIT_FSIZE limits a whole process) and the full standard output (what the interpreter prints when
its own last flush fails happens only at a real exit).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.reminders.store import load_store
from certhelper.core.settings import Settings, load_settings
from tests.helpers import ROOT, Store, run_cli_in_process

PROVIDER_OVERRIDE = '[provider.chambersign]\nphone = "02 99 00 00 00"\n'  # a valid override: must survive

BAD_ISSUERS = {
    "truncated": ('[[issuer]]\nid = "mon-ac"\nprovider = "chambersign"\ncn = "Mon A', "-", "not valid TOML"),
    "binary": ("\x00\x01garbage\xff = = [", "-", "not valid TOML"),
    "wrong type": (
        '[[issuer]]\nid = "mon-ac"\nprovider = "chambersign"\ncn = 3\nassurance = "RGS**"\n',
        ".cn",
        "not a string",
    ),
    "bad level": (
        '[[issuer]]\nid = "mon-ac"\nprovider = "x"\ncn = "AC"\nassurance = "RGS****"\n',
        ".assurance",
        "must be one of",
    ),
}


def override_dir(root: Path, issuers: str) -> Path:
    directory = root / "certhelper" / "catalogue"
    directory.mkdir(parents=True)
    (directory / "issuers.toml").write_text(issuers, encoding="utf-8", errors="surrogateescape")
    (directory / "providers.toml").write_text(PROVIDER_OVERRIDE)
    return directory


@pytest.mark.parametrize("case", list(BAD_ISSUERS))
def test_a_broken_catalogue_override_is_named_with_its_key_and_the_rest_is_kept(
    case: str, tmp_path: Path, inject
) -> None:
    inject(f"catalogue override: {case}")
    text, key, reason = BAD_ISSUERS[case]
    directory = override_dir(tmp_path, text)
    shipped = catalogue_mod.load(extra_dirs=[])
    cat = catalogue_mod.load(extra_dirs=[directory])
    [problem] = cat.problems
    assert problem.startswith(f"{directory / 'issuers.toml'}: ") and reason in problem
    assert f": issuer[{len(shipped.issuers)}]{key}:" in problem if key != "-" else ": -: " in problem
    assert cat.issuers == shipped.issuers  # the broken file is left out entirely...
    assert cat.providers["chambersign"]["phone"] == "02 99 00 00 00"  # ...the good one still applies
    assert cat.providers["chambersign"]["email"] == "support@chambersign.fr"  # merged, not replaced


@pytest.mark.faults("catalogue override: bad driver entry")
def test_a_broken_driver_entry_names_the_driver_key(tmp_path: Path) -> None:
    directory = tmp_path / "catalogue"
    directory.mkdir()
    (directory / "drivers.toml").write_text('[[driver]]\nid = "idopte"\nname = "Idopte"\nmodules = "libidop11.so"\n')
    cat = catalogue_mod.load(extra_dirs=[directory])
    [problem] = cat.problems
    assert str(directory / "drivers.toml") in problem and ".modules:" in problem and "table of lists per OS" in problem
    assert cat.drivers == catalogue_mod.load(extra_dirs=[]).drivers


@pytest.mark.faults("catalogue override: truncated")
def test_the_cli_says_which_override_it_ignored_and_still_reads_the_token(main_store: Store, tmp_path: Path) -> None:
    override_dir(tmp_path, BAD_ISSUERS["wrong type"][0])
    env = {**main_store.env, "XDG_CONFIG_HOME": str(tmp_path)}
    proc = run_cli_in_process("status", "--json", "--module", main_store.module, env=env)
    assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr
    [line] = [line for line in proc.stderr.splitlines() if "issuers.toml" in line]
    assert str(tmp_path / "certhelper" / "catalogue" / "issuers.toml") in line and ".cn" in line
    certs = json.loads(proc.stdout)["modules"][0]["tokens"][0]["certificates"]
    assert {c["assurance"] for c in certs} == {"RGS**"}  # the shipped issuers still apply
    fr = run_cli_in_process("status", "--module", main_store.module, env={**env, "LANG": "fr_FR.UTF-8"})
    assert "issuers.toml" in fr.stderr and "ignor" in fr.stderr.lower() and "Traceback" not in fr.stderr


# ---- settings -------------------------------------------------------------------------------

GOOD_SETTINGS = {"version": 1, "lead_time_days": 30, "horizon_days": 120, "language": "fr"}


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated by a crash or a full disk
        lambda raw: b"\xff\xfe" + raw,  # not UTF-8
        lambda raw: b"[1, 2, 3]",  # valid JSON, wrong shape
        lambda raw: b"",  # emptied
    ],
    ids=["truncated", "binary", "not-an-object", "empty"],
)
def test_an_unreadable_settings_file_gives_defaults_and_is_kept_aside(
    damage, tmp_path: Path, inject, request: pytest.FixtureRequest
) -> None:
    inject(f"settings: {request.node.callspec.id}")
    path = tmp_path / "settings.json"
    broken = damage(json.dumps(GOOD_SETTINGS).encode())
    path.write_bytes(broken)
    settings = load_settings(path)
    assert settings == Settings()
    [problem] = settings.problems
    assert str(path) in problem and "defaults used" in problem
    [kept] = tmp_path.glob("settings.json.corrupt-*")
    assert kept.read_bytes() == broken and kept.name in problem  # nothing lost
    assert not path.exists()


@pytest.mark.faults("settings: broken twice")
def test_a_second_broken_settings_file_does_not_overwrite_the_first_one_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    for content in (b"{", b"[", b"\xff"):
        path.write_bytes(content)
        load_settings(path)
    assert sorted(p.read_bytes() for p in tmp_path.glob("settings.json.corrupt-*")) == [b"[", b"{", b"\xff"]


@pytest.mark.faults("settings: bad values")
def test_bad_values_in_settings_fall_back_one_by_one_and_the_rest_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    raw = {**GOOD_SETTINGS, "safety_margin_days": "a week", "reminder_days": [30, "x"], "horizon_days": 120}
    path.write_text(json.dumps(raw))
    settings = load_settings(path)
    assert (settings.lead_time_days, settings.horizon_days, settings.language) == (30, 120, "fr")  # kept
    assert settings.safety_margin_days == 7 and settings.reminder_days == Settings().reminder_days  # defaults
    assert len(settings.problems) == 2
    assert all(str(path) in p for p in settings.problems)
    assert any("safety_margin_days" in p for p in settings.problems)
    assert path.read_text() == json.dumps(raw)  # a partly good file is not moved nor rewritten


@pytest.mark.faults("settings: truncated")
def test_the_cli_reports_broken_settings_and_carries_on(main_store: Store, tmp_path: Path) -> None:
    config = tmp_path / "config" / "certhelper"
    config.mkdir(parents=True)
    (config / "settings.json").write_bytes(b'{"lead_time_days": 3')
    env = {**main_store.env, "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = run_cli_in_process("diagnose", "--json", "--module", main_store.module, env=env)
    assert "Traceback" not in proc.stderr and proc.returncode in (1, 2)
    assert str(config / "settings.json") in proc.stderr
    assert json.loads(proc.stdout)  # the report itself is still produced
    assert len(list(config.glob("settings.json.corrupt-*"))) == 1


# ---- remembered certificates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        b'{"version": 1, "certificates": [{"sha256": "ab", "holder": "H',  # truncated
        b'{"version": 1, "certificates": [{"sha256": 5}]}',  # wrong shape
        b'{"version": 99, "certificates": []}',  # a newer certhelper wrote it
        b'{"version": 1, "reminders": {"ab": {"snoozed_until": "not a date"}}}',
        b"\xff\xfe\x00garbage",  # not UTF-8
    ],
    ids=["truncated", "wrong-shape", "newer-version", "bad-date", "binary"],
)
def test_an_unreadable_store_starts_afresh_and_keeps_the_old_file(
    broken: bytes, tmp_path: Path, inject, request: pytest.FixtureRequest
) -> None:
    inject(f"store: {request.node.callspec.id}")
    path = tmp_path / "certificates.json"
    path.write_bytes(broken)
    store = load_store(path)
    assert store.certificates == () and store.reminders == {}
    [problem] = store.problems
    assert str(path) in problem
    [kept] = tmp_path.glob("certificates.json.corrupt-*")
    assert kept.read_bytes() == broken and kept.name in problem


@pytest.mark.faults("store: truncated")
def test_the_cli_reports_a_broken_store_and_leaves_settings_alone(tmp_path: Path) -> None:
    data = tmp_path / "data" / "certhelper"
    config = tmp_path / "config" / "certhelper"
    data.mkdir(parents=True)
    config.mkdir(parents=True)
    (data / "certificates.json").write_bytes(b'{"version": 1, "certificates": [')
    settings = json.dumps(GOOD_SETTINGS)
    (config / "settings.json").write_text(settings)
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = run_cli_in_process("remind", "--json", env=env)
    assert "Traceback" not in proc.stderr and proc.returncode != 2, proc.stderr
    assert str(data / "certificates.json") in proc.stderr
    assert json.loads(proc.stdout)["lead_time_days"] == 30  # the settings were still read
    assert (config / "settings.json").read_text() == settings
    assert len(list(data.glob("certificates.json.corrupt-*"))) == 1


# ---- a full disk ------------------------------------------------------------------------------


def run_with_full_disk(*args: str, env: dict[str, str], max_bytes: int) -> subprocess.CompletedProcess[str]:
    """`certhelper ARGS` where any file write past `max_bytes` fails (RLIMIT_FSIZE: EFBIG, like ENOSPC)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_bytes, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    return subprocess.run(
        [sys.executable, "-m", "certhelper", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        timeout=60,
        check=False,
        preexec_fn=limit,
    )


@pytest.mark.faults("disk full: writing the remembered certificates")
def test_a_full_disk_while_remembering_keeps_the_old_store_and_the_status_still_answers(
    main_store: Store, tmp_path: Path
) -> None:
    env = {**main_store.env, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    store = tmp_path / "data" / "certhelper" / "certificates.json"
    store.parent.mkdir(parents=True)
    store.write_text('{"version": 1, "certificates": []}\n')
    before = store.read_bytes()
    proc = run_with_full_disk("status", "--json", "--module", main_store.module, env=env, max_bytes=64)
    assert "Traceback" not in proc.stderr and proc.returncode in (1, 2), (
        proc.stderr
    )  # the verdict: not fine, not a crash
    assert len(json.loads(proc.stdout)["modules"][0]["tokens"][0]["certificates"]) == 4  # still answered
    assert store.read_bytes() == before  # the old store, whole: never half written
    assert sorted(p.name for p in store.parent.iterdir()) == ["certificates.json"]  # no temp file left


@pytest.mark.faults("disk full: writing the report")
def test_a_full_disk_while_writing_the_report_says_so_and_leaves_no_half_file(
    main_store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    env = {**main_store.env, "XDG_DATA_HOME": str(tmp_path / "data"), "LANG": "fr_FR.UTF-8"}
    proc = run_with_full_disk("report", "--output", str(target), "--module", main_store.module, env=env, max_bytes=512)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    [line] = proc.stderr.splitlines()
    assert str(target) in line and line.startswith("certhelper: ")
    assert list(target.parent.iterdir()) == []  # neither the report nor its temp file


@pytest.mark.faults("disk full: standard output (/dev/full)")
def test_a_full_standard_output_is_one_line_and_exit_2_not_a_python_message(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "certhelper", "calendar", "--output", "-"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
    assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1, proc.stderr
