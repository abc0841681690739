"""The command line speaks French to a French locale, help texts and argparse's own words included."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from certhelper.cli.main import build_parser
from certhelper.cli.text import french_table
from tests.helpers import run_cli


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


def test_every_help_text_has_a_french_translation() -> None:
    missing = sorted(help_texts(build_parser()) - set(french_table()))
    assert missing == []


def test_help_and_usage_errors_in_french() -> None:
    fr = {"LANG": "fr_FR.UTF-8"}
    top = run_cli("--help", env=fr)
    assert top.returncode == 0
    assert "utilisation : certhelper" in top.stdout and "afficher les clés et leurs certificats" in top.stdout
    bad = run_cli("status", "--format", "xml", env=fr)
    assert bad.returncode == 2 and "erreur : argument --format : choix invalide" in bad.stderr
    en = run_cli("status", "--help", env={"LANG": "en_US.UTF-8"})
    assert "usage: certhelper status" in en.stdout and "print one JSON document on stdout" in en.stdout


def test_every_command_message_has_a_french_text() -> None:
    """Every t("...") message id in the commands has its French text in resources/i18n/cli/."""
    table = french_table()
    root = Path(__file__).resolve().parent.parent / "certhelper" / "commands"
    for source_file in sorted(root.glob("*.py")):
        source = source_file.read_text(encoding="utf-8")
        ids = re.findall(r'\bt\(\s*"((?:[^"\\]|\\.)*)"', source) + re.findall(r"\bt\('([^']*)'", source)
        missing = [i for i in ids if i not in table]
        assert not missing, f"{source_file.name}: {missing}"
