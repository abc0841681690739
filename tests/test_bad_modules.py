"""Every kind of bad module path gives one plain line naming the path and the reason, and exit 2.

The reason is a code in JSON and a sentence in the reader's language on stderr; the library's own
text (dlopen's, python-pkcs11's) only with --verbose."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from tests.helpers import ROOT, Store, run_cli_in_process


def bad_paths(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Each kind of bad path, with the code the core gives it."""
    text = tmp_path / "notes.txt"
    text.write_text("not a library\n")
    fake = tmp_path / "fake.so"
    fake.write_bytes(b"\x7fELF" + b"\0" * 60)  # looks like ELF, is not loadable
    libc = next(
        p
        for p in ("/lib/x86_64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6", "/usr/lib64/libc.so.6")
        if Path(p).exists()
    )
    return {
        "missing": (str(tmp_path / "nowhere" / "libidop11.so"), "not-found"),
        "directory": (str(tmp_path), "is-directory"),
        "text": (str(text), "not-a-library"),
        "libc": (libc, "not-pkcs11"),
        "broken-elf": (str(fake), "not-pkcs11"),
    }


def sentence(kind: str, code: str, lang: str) -> str:
    with (ROOT / "resources" / "i18n" / "reasons.toml").open("rb") as fh:
        return str(tomllib.load(fh)[kind][code][lang])


# English words of python-pkcs11 / dlopen that must stay under --verbose.
LIBRARY_WORDS = ("cannot open shared object", "C_GetFunctionList", "invalid ELF header", "Error", "undefined symbol")


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("kind", ["missing", "directory", "text", "libc", "broken-elf"])
def test_bad_module_path_gives_one_plain_line_and_exit_2(kind: str, lang: str, tmp_path: Path) -> None:
    path, code = bad_paths(tmp_path)[kind]
    proc = run_cli_in_process("--lang", lang, "status", "--module", path)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert path in lines[0] and sentence("module", code, lang) in lines[0]
    assert not [w for w in LIBRARY_WORDS if w in lines[0]], lines[0]
    assert "Traceback" not in proc.stderr + proc.stdout


@pytest.mark.parametrize("kind", ["libc", "broken-elf"])
def test_the_library_text_is_shown_only_with_verbose(kind: str, tmp_path: Path) -> None:
    path, code = bad_paths(tmp_path)[kind]
    doc = json.loads(run_cli_in_process("status", "--json", "--module", path).stdout)
    detail = doc["modules"][0]["error"]["detail"]
    assert detail and detail not in run_cli_in_process("status", "--module", path).stderr
    verbose = run_cli_in_process("--verbose", "status", "--module", path)
    assert sentence("module", code, "en") in verbose.stderr and detail in verbose.stderr


@pytest.mark.parametrize("kind", ["missing", "libc"])
def test_bad_module_in_json_mode_keeps_stdout_a_json_document(kind: str, tmp_path: Path) -> None:
    path, code = bad_paths(tmp_path)[kind]
    proc = run_cli_in_process("status", "--json", "--module", path)
    assert proc.returncode == 2
    doc = json.loads(proc.stdout)
    assert doc["modules"][0]["path"] == path and doc["modules"][0]["error"]["code"] == code


def test_a_bad_module_beside_a_good_one_is_named_and_the_good_one_is_read(main_store: Store, tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.so")
    proc = run_cli_in_process(
        "status", "--json", "--module", missing, "--module", main_store.module, env=main_store.env
    )
    assert proc.returncode == 2  # the assessment's severity: the main token holds an expired certificate
    doc = json.loads(proc.stdout)
    assert [m["error"] is None for m in doc["modules"]] == [False, True]
    assert doc["modules"][1]["tokens"][0]["label"] == "Mairie de Plérin"


def test_environment_variable_chooses_modules(main_store: Store, tmp_path: Path) -> None:
    env = {**main_store.env, "CERTHELPER_PKCS11_MODULE": f"{tmp_path / 'none.so'}:{main_store.module}"}
    doc = json.loads(run_cli_in_process("status", "--json", env=env).stdout)
    assert [m["source"] for m in doc["modules"]] == ["environment", "environment"]
    assert doc["modules"][1]["tokens"][0]["label"] == "Mairie de Plérin"


def test_no_module_at_all_tells_what_to_install(tmp_path: Path) -> None:
    proc = run_cli_in_process("status", env={"CERTHELPER_SYSROOT": str(tmp_path)})
    assert proc.returncode == 2
    assert "no PKCS#11 module found" in proc.stderr and "Idopte" in proc.stderr
    fr = run_cli_in_process("status", env={"CERTHELPER_SYSROOT": str(tmp_path), "LANG": "fr_FR.UTF-8"})
    assert "aucun module PKCS#11 trouvé" in fr.stderr and "https://support.chambersign.fr/pilotes/" in fr.stderr
