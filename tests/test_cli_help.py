"""The command line speaks French to a French locale, through gettext catalogues compiled by Babel:
help texts, argparse's own words (plurals included) and every message the commands print."""

from __future__ import annotations

import argparse
import gettext
import re
import shutil
from pathlib import Path

import pytest

from certhelper import i18n_build
from certhelper.cli.main import _translate_help, build_parser
from certhelper.messages import ARGPARSE_DOMAIN, Text, french_table, translation
from tests.helpers import run_cli_in_process

ROOT = Path(__file__).resolve().parent.parent
# Where `t("...")` messages are written: the commands, the CLI's own modules, and the tray that shares them.
SOURCES = [*sorted((ROOT / "certhelper" / "cli").rglob("*.py")), ROOT / "certhelper" / "gui" / "tray.py"]


def help_texts(parser: argparse.ArgumentParser) -> set[str]:
    found = {parser.description} if parser.description else set()
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            found.add(action.help)
        if isinstance(action, argparse._SubParsersAction):
            found |= {c.help for c in action._choices_actions if c.help}
            for sub in action.choices.values():
                found |= help_texts(sub)
    return found


def message_ids(source: str) -> list[str]:
    """The literal ids of t("..."), t.plural("...", "...") and Text(...)("...") calls."""
    ids = re.findall(r'\bt\(\s*"((?:[^"\\]|\\.)*)"', source) + re.findall(r"\bt\(\s*'([^']*)'", source)
    for one, other in re.findall(r'\.plural\(\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)"', source):
        ids += [one, other]
    return [i.encode().decode("unicode_escape").encode("latin-1").decode() for i in ids]


def test_every_help_text_has_a_french_translation() -> None:
    missing = sorted(help_texts(build_parser()) - set(french_table()))
    assert missing == []


def test_every_command_message_has_a_french_text() -> None:
    table = french_table()
    seen = 0
    for source_file in SOURCES:
        ids = message_ids(source_file.read_text(encoding="utf-8"))
        seen += len(ids)
        missing = [i for i in ids if i not in table]
        assert not missing, f"{source_file.relative_to(ROOT)}: {missing}"
    assert seen > 50  # the scan finds the messages (a moved folder would make this test pass on nothing)


def test_help_and_usage_errors_in_french() -> None:
    fr = {"LANG": "fr_FR.UTF-8"}
    top = run_cli_in_process("--help", env=fr)
    assert top.returncode == 0
    assert "utilisation : certhelper" in top.stdout and "afficher les clés et leurs certificats" in top.stdout
    assert "\narguments :\n" in top.stdout or "\narguments:\n" in top.stdout  # argparse's group title
    bad = run_cli_in_process("status", "--format", "xml", env=fr)
    assert bad.returncode == 2 and "erreur : argument --format : choix invalide" in bad.stderr
    missing = run_cli_in_process("status", "--module", env=fr)
    assert missing.returncode == 2 and "un argument attendu" in missing.stderr
    en = run_cli_in_process("status", "--help", env={"LANG": "en_US.UTF-8"})
    assert "usage: certhelper status" in en.stdout and "print one JSON document on stdout" in en.stdout


def test_argparse_words_and_plurals_come_from_the_argparse_catalogue(capsys: pytest.CaptureFixture[str]) -> None:
    words = translation("fr", ARGPARSE_DOMAIN)
    assert isinstance(words, gettext.GNUTranslations)
    assert words.gettext("usage: ") == "utilisation : "
    assert words.ngettext("expected %s argument", "expected %s arguments", 1) == "%s argument attendu"
    parser = argparse.ArgumentParser(prog="demo")
    parser.add_argument("--pair", nargs=2)
    _translate_help(parser, "fr")
    try:
        with pytest.raises(SystemExit):
            parser.parse_args(["--pair", "x"])
        assert "demo : erreur : argument --pair : 2 arguments attendus" in capsys.readouterr().err
    finally:
        _translate_help(parser, "en")
    with pytest.raises(SystemExit):
        parser.parse_args(["--pair", "x"])
    assert "demo: error: argument --pair: expected 2 arguments" in capsys.readouterr().err


def test_text_reads_the_compiled_catalogue(tmp_path: Path) -> None:
    t = Text("fr")
    assert t("show the tokens and their certificates") == "afficher les clés et leurs certificats"
    assert Text("en")("show the tokens and their certificates") == "show the tokens and their certificates"
    assert t("a message nobody translated, {n}", n=2) == "a message nobody translated, 2"  # the id, filled
    # Babel compiles a .po to the .mo gettext reads.
    copy = tmp_path / "fr" / "LC_MESSAGES"
    copy.mkdir(parents=True)
    shutil.copy(i18n_build.po_path("fr", "certhelper"), copy / "certhelper.po")
    (mo,) = i18n_build.compile_catalogues(tmp_path)
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    assert compiled.gettext("show the tokens and their certificates") == "afficher les clés et leurs certificats"
    assert compiled.ngettext("x", "xs", 2) == "xs"  # untranslated plural: the English id
    assert compiled.plural(0) == 0 and compiled.plural(2) == 1  # French: 0 and 1 are singular


def test_the_catalogue_is_the_only_source() -> None:
    # The TOML tables were converted into certhelper.po: a new one would never be read.
    from certhelper.messages import locale_dir

    assert sorted(p.name for p in locale_dir().glob("*.toml")) == []
    assert i18n_build.po_path("fr", "certhelper").is_file() and i18n_build.po_path("fr", "argparse").is_file()
