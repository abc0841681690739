"""`certhelper verify`: signed PDFs from pyHanko and from poppler's pdfsig (NSS), messy files, exit codes.

The PDFs are signed at test time: in software with pyHanko (a root made by `cryptography`, a local
RFC 3161 server for B-T), and by `pdfsig -add-signature` with an NSS database made here, so the
verifier reads a signature it did not make.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from certhelper.core.signing.document import self_test_document
from certhelper.core.signing.verify import (
    CertificateInfo,
    Revocation,
    SignatureReport,
    VerifyOptions,
    VerifyReport,
    verify_bytes,
)
from tests.helpers import run_cli_in_process
from tests.signing_tokens import SoftPki, make_soft_pki, software_sign, tsa_server

HOLDER = "Erwan LE TEST"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> SoftPki:
    return make_soft_pki(tmp_path_factory.mktemp("pki"), HOLDER)


@pytest.fixture(scope="module")
def document() -> bytes:
    return self_test_document(HOLDER, dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC), "fr")


def verify(path: Path, *args: str) -> tuple[int, dict]:
    proc = run_cli_in_process("verify", str(path), "--json", "--offline", *args)
    assert "Traceback" not in proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_a_pades_signature_trusted_through_its_anchor(pki: SoftPki, document: bytes, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(software_sign(document, pki))
    code, doc = verify(path, "--anchor", str(pki.root_pem))
    [sig] = doc["signatures"]
    assert (sig["signer"], sig["integrity"], sig["coverage"], sig["subfilter"], sig["pades_level"]) == (
        HOLDER,
        "intact",
        "whole",
        "ETSI.CAdES.detached",
        "B-B",
    )
    assert sig["trusted"] is True and sig["revocation"]["status"] == "not-checked"
    assert sig["certificate"]["issuer"] == "CN=Racine de test certhelper,C=FR"
    assert code == 1  # intact and trusted; revocation unknown offline is a warning
    code, doc = verify(path)  # without the anchor: not trusted, still intact
    assert code == 1 and doc["signatures"][0]["trusted"] is False and "untrusted" in doc["signatures"][0]["problems"]


def test_b_t_with_a_local_time_stamping_server(pki: SoftPki, document: bytes, tmp_path: Path) -> None:
    with tsa_server(pki) as url:
        signed = software_sign(document, pki, timestamp_url=url)
    path = tmp_path / "bt.pdf"
    path.write_bytes(signed)
    code, doc = verify(path, "--anchor", str(pki.root_pem))
    [sig] = doc["signatures"]
    assert sig["pades_level"] == "B-T" and sig["timestamped"] is True and sig["integrity"] == "intact"
    assert code == 1


def test_adobe_pkcs7_is_read_and_reported_as_not_pades(pki: SoftPki, document: bytes, tmp_path: Path) -> None:
    path = tmp_path / "adbe.pdf"
    path.write_bytes(software_sign(document, pki, subfilter="adobe"))
    code, doc = verify(path, "--anchor", str(pki.root_pem))
    [sig] = doc["signatures"]
    assert sig["subfilter"] == "adbe.pkcs7.detached" and sig["pades_level"] is None and "not-pades" in sig["problems"]
    assert sig["integrity"] == "intact" and code == 1


def test_something_added_after_the_signature_is_partial_coverage(pki: SoftPki, document: bytes, tmp_path: Path) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(software_sign(document, pki)))
    info = writer.trailer["/Info"].get_object() if "/Info" in writer.trailer else None
    writer.root["/Lang"] = generic.TextStringObject("fr-FR")  # a change after the signature
    writer.update_root()
    del info
    out = io.BytesIO()
    writer.write(out)
    path = tmp_path / "added.pdf"
    path.write_bytes(out.getvalue())
    code, doc = verify(path, "--anchor", str(pki.root_pem))
    [sig] = doc["signatures"]
    assert sig["integrity"] == "intact" and sig["coverage"] == "partial" and "partial" in sig["problems"]
    assert code == 1


def test_one_byte_changed_is_broken(pki: SoftPki, document: bytes, tmp_path: Path) -> None:
    data = bytearray(software_sign(document, pki))
    data[data.index(b"Document de test")] ^= 0x20
    path = tmp_path / "changed.pdf"
    path.write_bytes(bytes(data))
    code, doc = verify(path, "--anchor", str(pki.root_pem))
    assert code == 2 and doc["verdict"] == "broken"
    assert doc["signatures"][0]["integrity"] == "broken"


@pytest.mark.skipif(
    shutil.which("pdfsig") is None or shutil.which("certutil") is None, reason="poppler-utils, libnss3-tools"
)
def test_a_pdf_signed_by_pdfsig_with_an_nss_database_is_read_with_its_signer(
    pki: SoftPki, document: bytes, tmp_path: Path
) -> None:
    from cryptography.hazmat.primitives.serialization import NoEncryption, pkcs12

    nss = tmp_path / "nss"
    nss.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True, capture_output=True)
    p12 = tmp_path / "holder.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(b"holder", pki.holder_key, pki.holder_cert, None, NoEncryption())
    )
    subprocess.run(["pk12util", "-i", str(p12), "-d", f"sql:{nss}", "-W", ""], check=True, capture_output=True)
    plain, signed = tmp_path / "plain.pdf", tmp_path / "pdfsig.pdf"
    plain.write_bytes(document)
    made = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", "-add-signature", "-nick", "holder", str(plain), str(signed)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    code, doc = verify(signed, "--anchor", str(pki.root_pem))
    [sig] = doc["signatures"]
    assert sig["signer"] == HOLDER and sig["integrity"] == "intact"
    assert sig["subfilter"] == "adbe.pkcs7.detached" and sig["pades_level"] is None
    assert code == 1
    text = run_cli_in_process("verify", str(signed), "--offline", "--lang", "fr")
    assert f"Signataire\u00a0: {HOLDER}" in text.stdout and "pas au format PAdES" in text.stdout


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("unsigned.pdf", None, "no signature"),
        ("text.pdf", b"just some text, no PDF here", "not a PDF"),
        ("empty.pdf", b"", "not a PDF"),
        ("garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40, "cannot be read"),
        ("missing.pdf", "missing", "cannot be read"),
    ],
)
def test_files_that_are_not_signed_pdfs_exit_2_with_one_sentence(
    name: str, content: bytes | str | None, words: str, document: bytes, tmp_path: Path
) -> None:
    path = tmp_path / name
    if content is None:
        path.write_bytes(document)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    proc = run_cli_in_process("verify", str(path), "--offline")
    assert proc.returncode == 2
    assert words in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_truncated_signed_pdf_is_never_called_intact(pki: SoftPki, document: bytes) -> None:
    signed = software_sign(document, pki)
    for cut in (len(signed) // 3, len(signed) // 2, len(signed) - 40):
        report = verify_bytes(signed[:cut], "cut.pdf", VerifyOptions(offline=True))
        assert report.verdict == "broken"


# ---- the one verdict --------------------------------------------------------------------------


def _sig(**changes: object) -> SignatureReport:
    base = SignatureReport(
        field="S",
        signer="A",
        signing_time=None,
        integrity="intact",
        coverage="whole",
        subfilter="ETSI.CAdES.detached",
        pades_level="B-B",
        trusted=True,
        certificate=CertificateInfo("0", "CN=A", "CN=CA", "1", "", ""),
        revocation=Revocation("good"),
    )
    return SignatureReport(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_verdicts() -> None:
    assert VerifyReport("f", "signed", (_sig(),)).verdict == "ok"
    assert VerifyReport("f", "signed", (_sig(), _sig(problems=("untrusted",)))).verdict == "warning"
    assert VerifyReport("f", "signed", (_sig(problems=("untrusted",)), _sig(integrity="broken"))).verdict == "broken"
    assert VerifyReport("f", "signed", (_sig(revocation=Revocation("revoked")),)).verdict == "broken"
    assert VerifyReport("f", "unsigned").verdict == "broken"
    assert VerifyReport("f", "signed", ()).verdict == "broken"


def test_verbose_shows_the_library_verdict_but_never_a_traceback(pki: SoftPki, document: bytes, tmp_path: Path) -> None:
    path = tmp_path / "untrusted.pdf"
    path.write_bytes(software_sign(document, pki))
    proc = run_cli_in_process("--verbose", "verify", str(path), "--offline")
    assert proc.returncode == 1
    assert "UNTRUSTED" in proc.stdout  # pyHanko's own summary, as a detail
    assert "Traceback" not in proc.stderr + proc.stdout


def test_every_message_of_sign_test_and_verify_has_a_french_text() -> None:
    """The sentences these two commands print (t("…") and their outcome tables) exist in French."""
    import re

    from certhelper.cli.text import french_table

    table = french_table()
    root = Path(__file__).resolve().parent.parent / "certhelper" / "cli" / "commands"
    for name in ("sign_test.py", "verify.py"):
        source = (root / name).read_text(encoding="utf-8")
        ids = re.findall(r'\bt\(\s*"((?:[^"\\]|\\.)*)"', source)
        ids += re.findall(r'^\s+"[a-z-]+": "((?:[^"\\]|\\.)*)",$', source, flags=re.M)
        assert len(ids) > 20
        missing = [i for i in ids if i not in table]
        assert not missing, f"{name}: {missing}"


# ---- revocation, asked of a local OCSP responder --------------------------------------------------


@pytest.fixture
def ocsp_pki(tmp_path: Path):
    from tests.signing_tokens import OcspResponder

    responder = OcspResponder()
    responder.pki = make_soft_pki(tmp_path, HOLDER, ocsp_url=responder.url)
    yield responder
    responder.close()


def test_trusted_and_not_revoked_is_exit_0_and_offline_asks_nobody(ocsp_pki, document: bytes, tmp_path: Path) -> None:
    pki = ocsp_pki.pki
    path = tmp_path / "good.pdf"
    path.write_bytes(software_sign(document, pki))
    proc = run_cli_in_process("verify", str(path), "--json", "--anchor", str(pki.root_pem))
    [sig] = json.loads(proc.stdout)["signatures"]
    assert sig["revocation"]["status"] == "good" and sig["trusted"] is True and sig["problems"] == []
    assert proc.returncode == 0 and ocsp_pki.asked >= 1
    asked = ocsp_pki.asked
    code, doc = verify(path, "--anchor", str(pki.root_pem))  # --offline
    assert code == 1 and doc["signatures"][0]["revocation"] == {
        "status": "not-checked",
        "reason": "offline",
        "revoked_on": None,
    }
    assert ocsp_pki.asked == asked


def test_a_revoked_signer_is_exit_2(ocsp_pki, document: bytes, tmp_path: Path) -> None:
    pki = ocsp_pki.pki
    ocsp_pki.revoked.add(pki.holder_cert.serial_number)
    path = tmp_path / "revoked.pdf"
    path.write_bytes(software_sign(document, pki))
    proc = run_cli_in_process("verify", str(path), "--json", "--anchor", str(pki.root_pem))
    [sig] = json.loads(proc.stdout)["signatures"]
    assert sig["revocation"]["status"] == "revoked" and sig["revocation"]["revoked_on"]
    assert "revoked" in sig["problems"] and proc.returncode == 2
