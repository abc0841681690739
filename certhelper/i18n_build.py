"""Build the command line's gettext catalogues with Babel: resources/i18n/cli/LANG/LC_MESSAGES/*.po -> *.mo.

Two domains: `certhelper` (our messages: command line, help texts, tray) and `argparse` (argparse's
own words: "usage: ", "error: ", ...). Run by `make translations`, the wheel build and the tests;
the runtime (certhelper.messages) compiles in memory when a .mo is missing or older than its .po.

`python -m certhelper.i18n_build` compiles; `--from-toml` first merges the old TOML tables
(resources/i18n/cli/*.toml, `[fr] "English id" = "French"`) into certhelper.po.
"""

from __future__ import annotations

import argparse
import io
import sys
import tomllib
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from certhelper.paths import resources_dir

DOMAINS = ("certhelper", "argparse")
LANGUAGES = ("fr",)


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


def toml_tables(root: Path | None = None) -> dict[str, tuple[str, str]]:
    """The old TOML tables: English id -> (French, the file it came from)."""
    found: dict[str, tuple[str, str]] = {}
    for path in sorted((root or locale_dir()).glob("*.toml")):
        with path.open("rb") as fh:
            for msgid, text in tomllib.load(fh).get("fr", {}).items():
                found[msgid] = (text, path.name)
    return found


def merge_toml(lang: str = "fr", root: Path | None = None) -> int:
    """Merge the TOML tables into certhelper.po (a text edited in a table wins); how many were added or changed."""
    po = po_path(lang, "certhelper") if root is None else root / lang / "LC_MESSAGES" / "certhelper.po"
    catalog = read_catalogue(po, lang) if po.is_file() else new_catalogue(lang, "certhelper")
    words = po.with_name("argparse.po")
    argparse_ids = {m.id for m in read_catalogue(words, lang)} if words.is_file() else set()
    added = 0
    for msgid, (text, source) in toml_tables(root).items():
        if msgid in argparse_ids and msgid not in catalog:  # argparse's own words live in argparse.po
            continue
        existing = catalog.get(msgid)
        if existing is not None and existing.string == text:
            continue
        if existing is not None:  # the TOML table was edited since: it is what its author meant
            existing.string = text
        else:
            catalog.add(msgid, text, auto_comments=[f"from {source}"])
        added += 1
    write_catalogue(catalog, po)
    return added


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
    parser.add_argument(
        "--from-toml", action="store_true", help="first merge resources/i18n/cli/*.toml into certhelper.po"
    )
    args = parser.parse_args(argv)
    if args.from_toml:
        for lang in LANGUAGES:
            print(f"{lang}: {merge_toml(lang)} messages taken from the TOML tables", file=sys.stderr)
    for mo in compile_catalogues():
        print(mo, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
