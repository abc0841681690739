"""Build the command line's gettext catalogues with Babel: resources/i18n/cli/LANG/LC_MESSAGES/*.po -> *.mo.

Two domains: `certhelper` (our messages: command line, help texts, tray) and `argparse` (argparse's
own words: "usage: ", "error: ", ...). Run by `make translations`, the wheel build and the tests;
the runtime (certhelper.messages) compiles in memory when a .mo is missing or older than its .po.

`python -m certhelper.i18n_build` compiles. New messages: add them to certhelper.po (msgid the
English text, msgstr the French); tests/test_cli_help.py fails on a message without its French text.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from certhelper.paths import resources_dir

DOMAINS = ("certhelper", "argparse")


def locale_dir() -> Path:
    return resources_dir() / "i18n" / "cli"


def po_path(lang: str, domain: str) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{domain}.po"


def read_catalogue(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang, domain=path.stem)


def mo_bytes(path: Path, lang: str) -> bytes:
    """The compiled catalogue of one .po file (fuzzy entries left out, as msgfmt does)."""
    out = io.BytesIO()
    write_mo(out, read_catalogue(path, lang), use_fuzzy=False)
    return out.getvalue()


def compile_catalogues(root: Path | None = None) -> list[Path]:
    """Compile every LANG/LC_MESSAGES/*.po under `root` (default: the shipped catalogues); the .mo paths."""
    root = root or locale_dir()
    written = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        lang = po.parent.parent.name
        mo = po.with_suffix(".mo")
        data = mo_bytes(po, lang)
        if not mo.is_file() or mo.read_bytes() != data:
            tmp = mo.with_suffix(".mo.tmp")
            tmp.write_bytes(data)
            tmp.replace(mo)
        written.append(mo)
    return written


# GNU gettext's French rule (two forms: 0 and 1 singular); CLDR's third "many" form is for 10^6 and up.
PLURAL_FORMS = {"fr": "nplurals=2; plural=(n > 1);"}


def new_catalogue(lang: str, domain: str) -> Catalog:
    catalog = Catalog(
        locale=lang,
        domain=domain,
        project="certhelper",
        version="",
        copyright_holder="certhelper contributors",
        msgid_bugs_address="",
        last_translator="certhelper contributors",
        language_team=lang,
        charset="utf-8",
        fuzzy=False,
    )
    if lang in PLURAL_FORMS:
        catalog.mime_headers = [*catalog.mime_headers, ("Plural-Forms", PLURAL_FORMS[lang])]
    return catalog


def write_catalogue(catalog: Catalog, po: Path) -> None:
    po.parent.mkdir(parents=True, exist_ok=True)
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False, sort_output=True)
    po.write_bytes(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compile the command line's gettext catalogues (.po -> .mo).")
    parser.parse_args(argv)
    for mo in compile_catalogues():
        print(mo, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
