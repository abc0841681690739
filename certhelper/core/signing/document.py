"""The one-page PDF the self-test signs: a sentence in the user's language, and nothing secret.

Written with pyHanko's PDF writer (no Qt in the core): one page, Helvetica with WinAnsiEncoding,
which covers French accents. The PIN never comes near this module.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from babel.dates import format_datetime
from pyhanko.pdf_utils import generic as _generic
from pyhanko.pdf_utils import writer as _writer

# pyHanko's PDF objects carry no type hints: used through Any, as the library documents them.
generic: Any = _generic
PageObject: Any = _writer.PageObject
PdfFileWriter: Any = _writer.PdfFileWriter

_TEXTS = {
    "fr": {
        "title": "Test de signature électronique",
        "line": "Document de test signé le {when} avec le certificat de {holder}.",
        "note": "Ce document ne sert qu'à vérifier que la clé signe : il n'a aucune valeur.",
        "by": "Créé par certhelper.",
    },
    "en": {
        "title": "Electronic signature test",
        "line": "Test document signed on {when} with the certificate of {holder}.",
        "note": "This document only checks that the key signs: it has no other value.",
        "by": "Made by certhelper.",
    },
}


def _pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding (cp1252); characters outside it become '?'."""
    raw = text.encode("cp1252", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def self_test_lines(holder: str, when: dt.datetime, lang: str) -> list[str]:
    texts = _TEXTS.get(lang, _TEXTS["en"])
    stamp = format_datetime(when, "d MMMM y, HH:mm z" if lang == "fr" else "MMMM d, y, HH:mm z", locale=lang)
    return [texts["title"], texts["line"].format(when=stamp, holder=holder), texts["note"], texts["by"]]


def self_test_document(holder: str, when: dt.datetime, lang: str) -> bytes:
    """The unsigned PDF: an A4 page with a title and the sentence naming the holder and the time."""
    lines = self_test_lines(holder, when, lang)
    ops = [b"BT", b"/F1 16 Tf", b"56 770 Td", _pdf_string(lines[0]) + b" Tj", b"/F1 11 Tf", b"0 -36 Td"]
    for line in lines[1:]:
        ops += [_pdf_string(line) + b" Tj", b"0 -20 Td"]
    ops.append(b"ET")
    font = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Font"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
            generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
            generic.pdf_name("/Encoding"): generic.pdf_name("/WinAnsiEncoding"),
        }
    )
    writer = PdfFileWriter()
    font_ref = writer.add_object(font)
    resources = generic.DictionaryObject(
        {generic.pdf_name("/Font"): generic.DictionaryObject({generic.pdf_name("/F1"): font_ref})}
    )
    contents = writer.add_object(generic.StreamObject(stream_data=b"\n".join(ops)))
    page = PageObject(contents=contents, media_box=(0, 0, 595, 842), resources=resources)
    writer.insert_page(page)
    writer.set_info(None)  # no producer/author metadata beyond pyHanko's own
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
