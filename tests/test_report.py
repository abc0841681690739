"""`certhelper report` in JSON, HTML and PDF, plain and redacted, from the real main token."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from certhelper import __version__
from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.model import Module, PinState, Snapshot, Token, Unreadable
from certhelper.core.outputs.report import build_report, redact, render_html
from certhelper.core.settings import Settings
from certhelper.core.workstation.drivers import Drivers
from tests.helpers import MAIN_TOKEN, ORG, SIREN, SIRET, Store, run_cli, run_cli_in_process


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No revocation or AIA requests from these tests (CERTHELPER_OFFLINE): trust has its own tests."""
    monkeypatch.setenv("CERTHELPER_OFFLINE", "1")


HOLDERS = [o for o in MAIN_TOKEN["objects"] if o["kind"] == "holder"]
# Everything that identifies a person or the organisation, in every spelling the token holds.
PERSONAL = sorted(
    {o["given_name"] for o in HOLDERS}
    | {o["surname"] for o in HOLDERS}
    | {o["surname"].upper() for o in HOLDERS}
    | {"helene.legoff@example.fr", SIREN, SIRET, ORG, "Plérin"}
)


@pytest.fixture(scope="module")
def reports(main_store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    root = tmp_path_factory.mktemp("report-root")
    made: dict[str, Path] = {}
    for name in ("report.json", "report.html", "report.pdf", "redacted.json", "redacted.html", "redacted.pdf"):
        extra = ["--redact"] if name.startswith("redacted") else []
        env = {**main_store.env, "CERTHELPER_SYSROOT": str(root)}
        # A PDF starts a QGuiApplication: in its own process, as the pytest worker may run the GUI's tests.
        run = run_cli if name.endswith(".pdf") else run_cli_in_process
        proc = run(
            "report", "--module", main_store.module, "--lang", "en", "--output", str(folder / name), *extra, env=env
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == f"Report written to {folder / name}"
        made[name] = folder / name
    return made


def pdf_text(path: Path) -> str:
    """The PDF's text, ligatures undone (Qt writes "ﬀ" for "ff": "Goﬀ" must still be caught)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    return unicodedata.normalize("NFKC", out.stdout)


def test_json_report_has_what_the_support_desk_asks_for(reports: dict[str, Path], main_store: Store) -> None:
    report = json.loads(reports["report.json"].read_text(encoding="utf-8"))
    assert report["app_version"] == __version__ and report["redacted"] is False
    assert dt.datetime.fromisoformat(report["generated_at"].replace("Z", "+00:00"))
    assert report["workstation"]["os"] == "linux" and report["workstation"]["system"] == "Linux"
    assert report["workstation"]["release"]
    assert [m["path"] for m in report["modules"]] == [main_store.module]
    assert report["modules"][0]["library_version"]
    assert report["drivers"]["checked"] and report["drivers"]["found"] == []  # empty sysroot
    token = report["tokens"][0]
    assert token["serial"] == main_store.token("Mairie de Plérin")["serial"]
    assert set(token["pin"]) >= {"count_low", "final_try", "locked"}
    assert {u["id"] for u in token["unreadable"]} == {"0a"}
    holders = {c["sha256"]: c for c in report["certificates"]}
    for obj in main_store.objects("Mairie de Plérin", "holder"):
        cert = holders[obj["sha256"]]
        assert cert["holder"] == obj["holder"]
        assert cert["issuer"].startswith("CN=ChamberSign France CA3 NG RGS")
        assert cert["not_after"] == obj["not_after"]
    codes = [f["code"] for f in report["findings"]]
    assert "cert-expired" in codes and "cert-renew-now" in codes
    assert all(f["title"] and f["action"] for f in report["findings"])


def test_no_secret_in_any_report(reports: dict[str, Path], main_store: Store) -> None:
    for name in ("report.json", "report.html"):
        assert "12345678" not in reports[name].read_text(encoding="utf-8")  # the SO PIN the store was made with
    pins = {k: v for k, v in json.loads(reports["report.json"].read_text(encoding="utf-8"))["tokens"][0]["pin"].items()}
    assert all(isinstance(v, bool) for v in pins.values())  # PIN flags only, never a PIN


class _Balance(HTMLParser):
    VOID = frozenset({"meta", "br", "img", "hr", "link", "input"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(tag)


def test_html_report_opens_in_qt(reports: dict[str, Path], qapp: object, main_store: Store) -> None:
    from PySide6.QtGui import QTextDocument

    html = reports["report.html"].read_text(encoding="utf-8")
    checker = _Balance()
    checker.feed(html)
    assert checker.errors == [] and checker.stack == []
    document = QTextDocument()
    document.setHtml(html)
    text = document.toPlainText()
    assert "certhelper support report" in text
    for obj in main_store.objects("Mairie de Plérin", "holder"):
        assert obj["holder"] in text and obj["sha256"] in text
    assert "'s certificate expired on" in text and "certificate now" in text
    assert document.pageCount() >= 1


def test_pdf_report_renders(reports: dict[str, Path], tmp_path: Path) -> None:
    pdf = reports["report.pdf"]
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True)
    page = next(tmp_path.glob("page*.png"))
    assert page.read_bytes().startswith(b"\x89PNG") and page.stat().st_size > 2000
    text = pdf_text(pdf)
    assert "certhelper support report" in text and "'s certificate expired on" in text
    # The plain report does show the holders: so the redacted check below looks at real text.
    assert [p for p in PERSONAL if p.casefold() not in text.casefold()] == []


def test_redacted_reports_hold_no_personal_data(reports: dict[str, Path], main_store: Store) -> None:
    texts = {
        "json": reports["redacted.json"].read_text(encoding="utf-8"),
        "html": reports["redacted.html"].read_text(encoding="utf-8"),
        "pdf": pdf_text(reports["redacted.pdf"]),
    }
    for kind, text in texts.items():
        lowered = text.casefold()
        leaks = [p for p in PERSONAL if p.casefold() in lowered]
        assert leaks == [], f"{kind} report leaks {leaks}"
    # ... and keeps every technical fact: fingerprints, token serial, dates, findings.
    serial = main_store.token("Mairie de Plérin")["serial"]
    for obj in main_store.objects("Mairie de Plérin", "holder"):
        assert obj["sha256"] in texts["json"] and obj["not_after"] in texts["json"]
    assert serial in texts["json"] and serial in texts["pdf"]
    report = json.loads(texts["json"])
    assert report["redacted"] is True
    assert "cert-expired" in [f["code"] for f in report["findings"]]
    assert all(c["issuer"].startswith("CN=ChamberSign France CA3 NG RGS") for c in report["certificates"])
    assert all(c["assurance"] == "RGS**" for c in report["certificates"])
    sirens = {c["siren"] for c in report["certificates"]}
    assert len(sirens) == 1 and sirens.pop().startswith("#")  # one organisation, one hash


def test_redaction_hashes_consistently_and_hides_user_folders() -> None:
    report = {
        "certificates": [{"holder": "Anne KERHERVÉ", "email": "a@b.fr", "sha256": "ab" * 32}],
        "modules": [{"path": "/home/akerherve/lib/idop11.so"}, {"path": r"C:\Users\akerherve\p11.dll"}],
        "findings": [{"action": 'Object "Clé Anne" is not readable', "title": "x"}],
    }
    once, twice = redact(report, salt=b"s"), redact(report, salt=b"s")
    assert once == twice and once["redacted"] is True
    assert once["certificates"][0]["sha256"] == "ab" * 32
    dumped = json.dumps(once, ensure_ascii=False)
    for personal in ("Anne", "KERHERVÉ", "a@b.fr", "akerherve"):
        assert personal.casefold() not in dumped.casefold()
    assert once["modules"][0]["path"].startswith("/home/#") and once["modules"][0]["path"].endswith("/lib/idop11.so")
    assert redact(report, salt=b"t") != once  # a fresh salt per report: hashes cannot be looked up


def test_html_escapes_everything_read_from_a_token() -> None:
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    evil = Unreadable("0a", "<script>alert('x')</script> & co", 'bad "DER"')
    token = Token(0, "slot", "<b>label</b>", "M&M", "model", "S1", PinState(), unreadable=(evil,))
    snap = Snapshot(now, (Module("/usr/lib/<x>.so", "option", tokens=(token,)),))
    cat = catalogue_mod.load([])
    from certhelper.core.assessment.assess import judge

    assessment = judge(snap, Drivers("linux", ()), now, cat, Settings())
    html = render_html(build_report(assessment, cat, Settings(), "en", workstation={}))
    assert "<script>" not in html and "<b>label</b>" not in html and "/usr/lib/<x>.so" not in html
    assert "&lt;script&gt;" in html and "M&amp;M" in html


@pytest.mark.parametrize(
    ("name", "create", "message"),
    [
        ("old.json", True, "already exists"),
        ("report.txt", False, "unknown report format"),
        ("missing/report.json", False, "the folder does not exist"),
    ],
)
def test_bad_output_gets_a_message_and_loses_nothing(
    main_store: Store, tmp_path: Path, name: str, create: bool, message: str
) -> None:
    target = tmp_path / name
    if create:
        target.write_text("keep me", encoding="utf-8")
    proc = run_cli_in_process(
        "report", "--module", main_store.module, "--output", str(target), "--lang", "en", env=main_store.env
    )
    assert proc.returncode == 2 and message in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == ""
    if create:
        assert target.read_text(encoding="utf-8") == "keep me"
    else:
        assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == (["old.json"] if create else [])


def test_force_replaces(main_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "old.html"
    target.write_text("old", encoding="utf-8")
    proc = run_cli_in_process("report", "--module", main_store.module, "-o", str(target), "--force", env=main_store.env)
    assert proc.returncode == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_every_report_heading_has_a_french_text(reports: dict[str, Path]) -> None:
    from certhelper.cli.text import french_table

    used: list[str] = []

    def recording(msgid: str) -> str:
        used.append(msgid)
        return msgid

    render_html(json.loads(reports["redacted.json"].read_text(encoding="utf-8")), recording)
    assert len(used) > 40
    french = french_table()  # read once (a .po parse), not once per heading
    assert sorted({m for m in used if m not in french}) == []
