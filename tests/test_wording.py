"""One way to write days, counts, names and error reasons, in French and English.

core.outputs.wording (Babel): "14 décembre 2026", "1 jour" / "3 jours", « d'Anne Morvan »,
non-breaking spaces before « : ; ? ! »; core.clock counts Paris calendar days; core.outputs.reasons
turns every typed error into a plain sentence with no library text (that is for --verbose).
A certificate with a negative serial number (real CA certificates have them) reads without a
Python warning on stderr.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from certhelper.core.assessment.findings import Finding
from certhelper.core.clock import PARIS, calendar_days_between, paris_day
from certhelper.core.errors import MODULE_CODES, OBJECT_CODES, TOKEN_CODES, ModuleError, TokenError
from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.model import Module, PinState, Snapshot, Token, Unreadable
from certhelper.core.outputs.finding_text import finding_text
from certhelper.core.outputs.reasons import detail_of, explain, sentence, table
from certhelper.core.outputs.wording import (
    NBSP,
    NNBSP,
    count_text,
    days_text,
    format_day,
    nbsp_punct,
    of_name,
)
from certhelper.core.tokens.pin_check import ERRORS as PIN_ERRORS
from certhelper.messages import Text
from tests.helpers import build_store, run_cli_in_process

# --- days -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "fr", "en"),
    [
        (dt.date(2026, 12, 14), "14 décembre 2026", "14 December 2026"),
        (dt.date(2027, 2, 1), "1er février 2027", "1 February 2027"),
        (dt.date(2026, 8, 31), "31 août 2026", "31 August 2026"),
    ],
)
def test_a_day_is_written_in_words_in_both_languages(day: dt.date, fr: str, en: str) -> None:
    assert format_day(day, "fr") == fr and format_day(day, "en") == en
    assert Text("fr").date(day) == fr and Text("en").date(day) == en  # the CLI's texts delegate here


def test_a_moment_is_written_as_its_day_in_paris() -> None:
    late = dt.datetime(2026, 12, 14, 23, 30, tzinfo=dt.UTC)  # 00:30 on the 15th in Paris
    assert format_day(late, "fr") == "15 décembre 2026"
    summer = dt.datetime(2026, 7, 13, 22, 30, tzinfo=dt.UTC)  # summer time: 00:30 on the 14th
    assert format_day(summer, "en") == "14 July 2026"
    assert format_day(dt.datetime(2026, 12, 14, 12, 0, tzinfo=dt.UTC), "fr") == "14 décembre 2026"


def test_days_are_counted_in_paris_calendar_days() -> None:
    assert str(PARIS) == "Europe/Paris"
    now = dt.datetime(2026, 12, 14, 22, 59, tzinfo=dt.UTC)  # 23:59 in Paris
    assert calendar_days_between(now, now + dt.timedelta(minutes=2)) == 1  # past midnight in Paris
    assert calendar_days_between(now, now + dt.timedelta(hours=20)) == 1
    assert calendar_days_between(now, now - dt.timedelta(hours=23)) == 0
    assert calendar_days_between(now, now - dt.timedelta(hours=24)) == -1
    assert paris_day(dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)) == dt.date(2026, 3, 29)  # DST day


# --- counts ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "fr", "en"),
    [(0, "0 jour", "0 days"), (1, "1 jour", "1 day"), (2, "2 jours", "2 days"), (21, "21 jours", "21 days")],
)
def test_days_have_real_plurals(n: int, fr: str, en: str) -> None:
    assert days_text(n, "fr") == fr and days_text(n, "en") == en


def test_counts_have_real_plurals_and_local_digits() -> None:
    forms = {"fr": ("certificat", "certificats"), "en": ("certificate", "certificates")}
    assert count_text(1, forms["fr"], "fr") == "1 certificat"
    assert count_text(2, forms["fr"], "fr") == "2 certificats"
    assert count_text(1, {"one": "certificate", "other": "certificates"}, "en") == "1 certificate"
    assert count_text(1200, forms["fr"], "fr") == f"1{NNBSP}200 certificats"
    assert count_text(1200, forms["en"], "en") == "1,200 certificates"
    assert "(s)" not in count_text(2, forms["fr"], "fr")


# --- names and typography ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fr"),
    [
        ("Anne Morvan", "d'Anne Morvan"),
        ("Jean Dupont", "de Jean Dupont"),
        ("Émilie Le Goff", "d'Émilie Le Goff"),
        ("Hélène Roy", "d'Hélène Roy"),  # h muet, as French given names almost always are
        ("Yves Le Gall", "d'Yves Le Gall"),  # y before a consonant is a vowel
        ("Yann Tanguy", "de Yann Tanguy"),  # y before a vowel is a consonant
        ("Mairie de Plérin", "de Mairie de Plérin"),
        ("Œuvre sociale", "d'Œuvre sociale"),
    ],
)
def test_de_is_elided_before_a_vowel_sound(name: str, fr: str) -> None:
    assert of_name(name, "fr") == fr
    assert of_name(name, "en") == f"of {name}"


def test_french_puts_non_breaking_spaces_before_double_marks() -> None:
    text = "Certificat expiré : commandez-le ; vraiment ? Oui ! Voir https://support.chambersign.fr/?a=1 à 10:30."
    fr = nbsp_punct(text, "fr")
    assert f"expiré{NBSP}: commandez-le{NNBSP}; vraiment{NNBSP}? Oui{NNBSP}!" in fr
    assert "https://support.chambersign.fr/?a=1 à 10:30." in fr  # URLs and times stay as they are
    assert nbsp_punct("Sans espace: ici!", "fr") == f"Sans espace{NBSP}: ici{NNBSP}!"
    assert nbsp_punct(text, "en") == text


# --- typed errors in words ------------------------------------------------------------------------

LIBRARY_TEXT = "dlopen: libfoo.so: cannot open shared object file ParseError { kind: ShortData }"


@pytest.mark.parametrize("code", MODULE_CODES)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_module_error_reads_as_a_plain_sentence(code: str, lang: str) -> None:
    error = ModuleError(code, detail=LIBRARY_TEXT, signal="SIGSEGV", exit_code=3, seconds=20.0, crashes=3)
    text = sentence(error, lang)
    assert text and "{" not in text and "dlopen" not in text and "SIGSEGV" not in text and "ParseError" not in text
    assert text == sentence(dataclasses.asdict(error), lang, "module")  # the JSON form reads the same
    assert detail_of(error) == LIBRARY_TEXT
    assert LIBRARY_TEXT not in explain(error, lang) and LIBRARY_TEXT in explain(error, lang, verbose=True)
    other = sentence(error, "en" if lang == "fr" else "fr")
    assert text != other, "the same words in French and English"


@pytest.mark.parametrize(
    ("error", "fr", "en"),
    [
        (ModuleError("timed-out", seconds=20.0), f"le pilote n'a pas répondu en 20{NBSP}s", f"within 20{NBSP}s"),
        (ModuleError("left-out", crashes=1), "après 1 arrêt brutal", "after 1 crash"),
        (ModuleError("left-out", crashes=3), "après 3 arrêts brutaux", "after 3 crashes"),
        (ModuleError("crashed", signal="SIGSEGV"), "le pilote s'est arrêté brutalement", "the driver crashed"),
    ],
)
def test_module_errors_fill_their_fields_with_plurals(error: ModuleError, fr: str, en: str) -> None:
    assert fr in sentence(error, "fr") and en in sentence(error, "en")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_token_object_and_pin_error_has_words(lang: str) -> None:
    for code in TOKEN_CODES:
        assert "{" not in sentence(TokenError(code, LIBRARY_TEXT), lang)
    for code in OBJECT_CODES:
        assert LIBRARY_TEXT not in sentence(Unreadable("01", "objet", code, LIBRARY_TEXT), lang)
    for code in PIN_ERRORS:
        assert sentence(code, lang, "pin")
    kinds = table()
    assert set(kinds["module"]) == set(MODULE_CODES) and set(kinds["token"]) == set(TOKEN_CODES)
    assert set(kinds["object"]) == set(OBJECT_CODES) and set(kinds["pin"]) == set(PIN_ERRORS)


def test_errors_survive_the_snapshot_json_round_trip() -> None:
    """The window's scan worker sends snapshots as JSON: the typed errors come back typed."""
    token = Token(
        0, "slot", "Mairie", "SoftHSM", "model", "42", PinState(),
        unreadable=(Unreadable("0a", "objet abîmé", "truncated", "ShortData"),),
        error=TokenError("read-failed", "GeneralError"),
    )  # fmt: skip
    snap = Snapshot(
        dt.datetime(2026, 12, 14, 10, tzinfo=dt.UTC),
        (Module("/a.so", "option", error=ModuleError("crashed", "SIGSEGV", signal="SIGSEGV")), Module("/b.so", "option", tokens=(token,))),
    )  # fmt: skip
    data = json.loads(json.dumps(snap.to_dict()))
    assert data["modules"][0]["error"]["code"] == "crashed" and data["modules"][1]["tokens"][0]["error"]["code"]
    assert Snapshot.from_dict(data) == snap


# --- findings say whose certificate, or which token -----------------------------------------------


def test_findings_name_the_holder_and_the_token_with_french_typography(tmp_path: Path) -> None:
    cat = catalogue_mod.load([])
    sha = "ab" * 32
    cert = _certificate_like(sha, "Anne Morvan")
    token = Token(0, "slot", "Mairie de Plérin", "SoftHSM", "model", "7", PinState(), certificates=(cert,))
    snap = Snapshot(dt.datetime(2026, 12, 1, tzinfo=dt.UTC), (Module("/a.so", "option", tokens=(token,)),))
    renew = Finding(
        "cert-renew-now", "warning", token="7", certificate=sha,
        params={"id": "01", "not_after": "2026-12-14", "days_left": 1, "order_by": "2026-11-16", "lead_time": 21},
    )  # fmt: skip
    fr = finding_text(renew, "fr", cat, about=snap)
    assert fr.title == f"Certificat d'Anne Morvan à renouveler maintenant{NBSP}: plus que 1 jour"
    assert "environ 21 jours" in fr.action and "14 décembre 2026" in fr.action and "jours jours" not in fr.action
    en = finding_text(renew, "en", cat, about=snap)
    assert en.title == "Renew Anne Morvan's certificate now: only 1 day left"
    locked = finding_text(Finding("pin-locked", "critical", token="7"), "fr", cat, about=snap)
    assert locked.title == f"Clé « Mairie de Plérin »{NBSP}: code PIN bloqué"
    jean = dataclasses.replace(snap, modules=(Module("/a.so", "option", tokens=(
        dataclasses.replace(token, certificates=(_certificate_like(sha, "Jean Dupont"),)),)),))  # fmt: skip
    assert finding_text(renew, "fr", cat, about=jean).title.startswith("Certificat de Jean Dupont ")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_module_finding_reads_plainly_without_the_library_text(lang: str) -> None:
    cat = catalogue_mod.load([])
    error = ModuleError("not-pkcs11", detail="pkcs11.exceptions.GeneralError: C_GetFunctionList failed")
    finding = Finding("module-load-failed", "critical", params={"module": "/usr/lib/libidop11.so", "name": "Idopte",
                                                                "reason": dataclasses.asdict(error)})  # fmt: skip
    text = finding_text(finding, lang, cat)
    assert "Idopte" in text.title and sentence(error, lang) in text.action
    assert "GeneralError" not in text.title + text.action and "{" not in text.title + text.action


def _certificate_like(sha: str, holder: str):  # type: ignore[no-untyped-def]
    from certhelper.core.model import Certificate

    when = dt.datetime(2026, 12, 14, 12, tzinfo=dt.UTC)
    return Certificate(
        id="01", label="cert", sha256=sha, subject=f"CN={holder}", issuer="CN=CA", holder=holder,
        organisation="Mairie", siren=None, siret=None, email=None, serial_number="1",
        not_before=when - dt.timedelta(days=700), not_after=when, key_usage=(), extended_key_usage=(),
        policies=(), qc_statements=(), assurance="unknown", qualified=False, issuer_known=False,
        provider=None, public_key_sha256="00",
    )  # fmt: skip


# --- a negative serial number: no Python warning reaches the terminal --------------------------------


def _negative_serial_der() -> bytes:
    """A certificate whose serial number is negative, as some real CA certificates have.

    cryptography refuses to build one, so a normal one is re-encoded with asn1crypto; the signature
    no longer matches, which a reader does not check.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Anne Morvan")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
    cert = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
        .serial_number(0x1234).not_valid_before(start).not_valid_after(start + dt.timedelta(days=400))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    parsed = asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))
    parsed["tbs_certificate"]["serial_number"] = -0x1234
    return parsed.dump(force=True)


@pytest.fixture(scope="module")
def negative_serial_store(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    der = _negative_serial_der()
    objects = [{"kind": "garbage", "id": "01", "label": "négatif", "value_hex": der.hex()}]
    return build_store(tmp_path_factory.mktemp("negative"), [{"label": "Série négative", "objects": objects}])


@pytest.mark.parametrize("command", ["status", "diagnose"])
def test_a_negative_serial_number_gives_no_warning_on_stderr(command: str, negative_serial_store) -> None:  # type: ignore[no-untyped-def]
    store = negative_serial_store
    env = {**store.env, "PYTHONWARNINGS": ""}
    proc = run_cli_in_process(command, "--module", store.module, env=env)
    for word in ("Warning", "warning", "Deprecat", ".py:", "Traceback", "serial number"):
        assert word not in proc.stderr, proc.stderr
    doc = json.loads(run_cli_in_process("status", "--json", "--module", store.module, env=env).stdout)
    [cert] = doc["modules"][0]["tokens"][0]["certificates"]
    assert cert["holder"] == "Anne Morvan" and cert["serial_number"] == "-1234"
    if command == "status":
        assert "Anne Morvan" in proc.stdout
