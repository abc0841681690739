"""Every command refuses bad arguments plainly: exit 2, one line on stderr in the user's language.

Hypothesis drives each subcommand in-process (certhelper.launcher.main, through run_cli_in_process) with generated bad values:
negative, zero, huge, infinite and non-numeric timeouts, empty module paths, empty/folder/device outputs,
unknown choices. Never a traceback, never a second line, never a misleading message (before this test,
`status --timeout -1` said "the module stopped the scan (exit code 0)"). `check` is a monitoring plugin:
UNKNOWN (3) on stdout, as its contract says. A few non-UTF-8 paths run end to end (real argv bytes).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import ROOT, run_cli_in_process

TIMEOUT_COMMANDS = ["status", "diagnose", "check", "report", "remind", "pin"]
REQUIRED = {"report": ["--output", "out.json"], "calendar": ["--output", "-"], "forget": ["0" * 64]}

bad_timeouts = st.one_of(
    st.floats(max_value=0, allow_nan=False).map(repr),
    st.floats(min_value=3600.0001, allow_infinity=False).map(repr),
    st.sampled_from(["0", "-1", "-0.0", "nan", "inf", "-inf", "1e400", "", " ", "3 s", "soon", "1,5", "0x10", "١"]),
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="0123456789.eE+-_ "), min_size=1, max_size=12),
)
bad_modules = st.sampled_from(["", " ", "\t", "\0"])


def run(argv: list[str]) -> tuple[int, str, str]:
    """launcher.main in this process, through run_cli_in_process: what it sets (argparse's words in
    French, logging, warnings filters, the environment) does not follow the next example.

    Without the reader the launcher forks for reading commands (core.assessment.ahead): arguments are
    refused while parsing, before anything is read, and a fork of the test process per example costs."""
    from certhelper.core.assessment import ahead

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ahead, "start", lambda: None)
        proc = run_cli_in_process(*argv)
    return proc.returncode, proc.stdout, proc.stderr


def assert_refused_plainly(argv: list[str], code: int, out: str, err: str, lang: str) -> None:
    assert "Traceback" not in out + err and "exit code" not in err, (argv, err)
    if argv[-1].startswith("--") and "check" in argv[:-1]:  # Nagios: check's own bad option is UNKNOWN, on stdout
        assert code == 3 and out.startswith("CERTHELPER UNKNOWN"), (argv, code, out)
        return
    assert code == 2, (argv, code, err)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("certhelper"), (argv, err)
    assert out == "", (argv, out)
    word = {"fr": "erreur", "en": "error"}[lang]
    assert word in lines[0], (argv, lines[0])


SETTINGS = settings(
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


@SETTINGS
@given(
    command=st.sampled_from(TIMEOUT_COMMANDS),
    value=bad_timeouts,
    lang=st.sampled_from(["fr", "en"]),
    before=st.booleans(),
)
def test_a_bad_timeout_is_refused_in_one_line(command: str, value: str, lang: str, before: bool) -> None:
    option = [f"--timeout={value}"]  # "=": a value starting with "-" stays a value
    argv = [
        "--lang",
        lang,
        *(option if before else []),
        command,
        *REQUIRED.get(command, []),
        *([] if before else option),
    ]
    assert_refused_plainly(argv, *run(argv), lang)


@SETTINGS
@given(
    command=st.sampled_from(TIMEOUT_COMMANDS),
    modules=st.lists(st.one_of(bad_modules, st.just("/nonexistent/libx.so")), min_size=1, max_size=3).filter(
        lambda ms: any(not m.strip() or "\0" in m for m in ms)
    ),
    lang=st.sampled_from(["fr", "en"]),
)
def test_a_module_list_with_an_empty_entry_is_refused_in_one_line(command: str, modules: list[str], lang: str) -> None:
    argv = ["--lang", lang, command, *REQUIRED.get(command, []), *[f"--module={m}" for m in modules]]
    assert_refused_plainly(argv, *run(argv), lang)


CHOICES = [
    ["status", "--format"],
    ["remind", "--snooze"],
    ["calendar", "--output", "-", "--lang"],
    ["status", "--lang"],
]


@SETTINGS
@given(
    prefix=st.sampled_from(CHOICES),
    value=st.text(min_size=0, max_size=10).filter(
        lambda v: v not in ("fr", "en", "day", "week", "text", "json", "prometheus")
    ),
    lang=st.sampled_from(["fr", "en"]),
)
def test_an_unknown_choice_is_refused_in_one_line(
    prefix: list[str], value: str, lang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "fr_FR.UTF-8" if lang == "fr" else "C.UTF-8")
    argv = [*prefix, value.replace("\0", "")]
    if argv[-2] == "--lang":
        lang = "fr" if lang == "fr" else "en"
    assert_refused_plainly(argv, *run(argv), lang)


# A FIFO stands for device files: if the check ever regressed, an atomic write would replace the node
# (as root, it once replaced this machine's /dev/null and /dev/full with calendar files).
@pytest.mark.parametrize("target", ["", " ", "DIR", "FIFO", "/nonexistent-dir/r.json"])
@pytest.mark.parametrize("command", ["report", "calendar"])
def test_a_bad_output_is_refused_in_one_line(
    command: str, target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("CERTHELPER_SYSROOT", str(tmp_path / "root"))  # no driver: nothing slow to scan
    if target == "FIFO":
        os.mkfifo(tmp_path / "fifo")
    special = {"DIR": str(tmp_path), "FIFO": str(tmp_path / "fifo")}
    argv = ["--lang", "en", command, "--output", special.get(target, target)]
    code, out, err = run(argv)
    assert "Traceback" not in out + err
    if target == "FIFO":
        assert (tmp_path / "fifo").is_fifo()  # still the FIFO: nothing was written over it
    if command == "calendar" and target.startswith("/nonexistent"):  # nothing to write yet: it says so, exit 1
        assert code in (1, 2) and len(err.splitlines()) == 1, (argv, code, err)
        return
    assert code == 2 and len(err.splitlines()) == 1, (argv, code, err)


def test_status_with_a_negative_timeout_no_longer_blames_the_module() -> None:
    code, _, err = run(["--lang", "en", "status", "--timeout", "-1"])
    assert code == 2 and "--timeout" in err and "module" not in err


@pytest.mark.parametrize(
    "command",
    [
        "status",
        "report",
        "calendar",
    ],
)
def test_non_utf8_paths_end_to_end(command: str, tmp_path: Path) -> None:
    """Real argv bytes that are not UTF-8: named back (escaped) on one line, never a UnicodeError."""
    odd = os.fsencode(str(tmp_path)) + b"/caf\xe9.so"
    args = {
        "status": [b"status", b"--module", odd],
        "report": [b"report", b"--output", odd[:-3] + b".json", b"--module", odd],
        "calendar": [b"calendar", b"--output", os.fsencode(str(tmp_path)) + b"/\xff.ics"],
    }[command]
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "d"), "CERTHELPER_SYSROOT": str(tmp_path / "r")}
    proc = subprocess.run(
        [sys.executable.encode(), b"-m", b"certhelper", *args],
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err
    if command == "report":  # the report is written, the unreadable module recorded in it (escaped)
        written = Path(os.fsdecode(odd[:-3] + b".json"))
        assert proc.returncode == 0 and "caf\\udce9.so" in written.read_text(encoding="utf-8"), proc
        return
    assert proc.returncode in (1, 2) and len(err.splitlines()) == 1, (proc.returncode, err)
