"""`certhelper sign-test`: a PAdES signature made on a real SoftHSM2 token, judged by poppler's pdfsig.

The PIN rules are counted through the fault module (every C_Login logged, a ChamberSign-like 3-try
counter): one login per signature, none when locked, none at the final try without --final-try,
and never a file left behind when the signature did not happen.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from certhelper.core.clock import now_utc
from certhelper.core.signing.selection import choose_certificate
from certhelper.core.signing.selftest import SignTestRequest, sign_test
from certhelper.core.tokens.discovery import Candidate
from tests.fault_module.control import FaultModule
from tests.helpers import ROOT, Store, build_store, run_cli_in_process
from tests.signing_tokens import EC_HOLDER, LABEL, PIN, build_signing_store

pytest_plugins = ["tests.fault_module.fixtures"]

pytestmark = pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler-utils (pdfsig) is needed")

WRONG = "000000"


@pytest.fixture(scope="module")
def signing(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, dict[str, str]]:
    return build_signing_store(tmp_path_factory.mktemp("signing-store"))


@pytest.fixture
def fault(signing: tuple[Store, dict[str, str]], make_fault, monkeypatch: pytest.MonkeyPatch) -> FaultModule:
    made = make_fault(signing[0])
    made.configure(pin_tries=3)
    for key, value in made.env.items():
        monkeypatch.setenv(key, value)
    return made


def sign_process(module: str, env: dict[str, str], *args: str, pin: str = PIN) -> subprocess.CompletedProcess[str]:
    """`certhelper sign-test` in its own process, the PIN as one line on stdin (no terminal: a new session)."""
    return subprocess.run(
        [sys.executable, "-m", "certhelper", "sign-test", "--module", module, "--offline", *args],
        input=pin + "\n" if pin else "",
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        cwd=ROOT,
        timeout=180,
        start_new_session=True,
        check=False,
    )


class _PipedStdin:
    """What the sign-test command sees as `sys`: this process's, but standard input is a pipe holding `text`."""

    def __init__(self, text: str) -> None:
        self.stdin = io.StringIO(text)

    def __getattr__(self, name: str) -> object:
        return getattr(sys, name)


def sign_cli(module: str, env: dict[str, str], *args: str, pin: str = PIN) -> subprocess.CompletedProcess[str]:
    """`certhelper sign-test` in this process (launcher.main), the PIN as one line on a piped stdin.

    The signature still happens in its own child process (core.signing.sign_child), which is where the
    token is used; `sign_process` runs the whole command as a separate process, for the one test that
    shows the PIN read from a real pipe.
    """
    from certhelper.cli.commands import sign_test as command

    command.sys = _PipedStdin(pin + "\n" if pin else "")  # type: ignore[assignment]
    try:
        return run_cli_in_process("sign-test", "--module", module, "--offline", *args, env=env)
    finally:
        command.sys = sys  # type: ignore[assignment]


def pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


@pytest.fixture
def outdir(tmp_path: Path) -> Path:
    """Where the PDFs go: a folder of their own (the fault module keeps its files in tmp_path)."""
    made = tmp_path / "out"
    made.mkdir()
    return made


# ---- the signature, as an independent verifier sees it ------------------------------------------


def test_rsa_self_test_is_a_valid_pades_signature_for_pdfsig(signing, tmp_path: Path) -> None:
    store, made = signing
    out = tmp_path / "t.pdf"
    proc = sign_process(
        store.module, store.env, "--output", str(out), "--json", "--certificate", made["rsa_sha256"][:12]
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and PIN not in proc.stdout + proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["outcome"] == "signed" and Path(doc["file"]) == out
    assert (doc["signer"], doc["certificate_sha256"]) == (made["rsa_holder"], made["rsa_sha256"])
    assert (doc["subfilter"], doc["level"]) == ("ETSI.CAdES.detached", "B-B")
    [sig] = doc["verification"]["signatures"]
    assert (sig["integrity"], sig["coverage"], sig["pades_level"], sig["signer"]) == (
        "intact",
        "whole",
        "B-B",
        made["rsa_holder"],
    )
    report = pdfsig(out)
    assert "Signature is Valid." in report
    assert "ETSI.CAdES.detached" in report and "Total document signed" in report
    assert made["rsa_holder"] in report
    assert PIN.encode() not in out.read_bytes()  # the PIN is nowhere in the document
    assert leftovers(tmp_path) == ["t.pdf"]  # no temporary file left next to it


def test_the_document_says_in_french_who_signed_and_when(signing, tmp_path: Path) -> None:
    store, made = signing
    out = tmp_path / "fr.pdf"
    proc = sign_cli(store.module, store.env, "--output", str(out), "--lang", "fr", "--certificate", made["rsa_sha256"])
    assert proc.returncode == 0, proc.stderr
    assert "La clé a signé le document de test" in proc.stdout and "Intacte\u00a0: oui" in proc.stdout
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Document de test signé le" in text and "avec le certificat de Hélène LE GOFF" in text


def test_ecdsa_p256_key_signs_too_and_the_chain_is_trusted_with_its_anchor(signing, tmp_path: Path) -> None:
    store, made = signing
    out = tmp_path / "ec.pdf"
    proc = sign_cli(store.module, store.env, "--output", str(out), "--json", "--certificate", made["ec_sha256"][:10])
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["signer"] == EC_HOLDER
    assert "Signature is Valid." in pdfsig(out)
    verified = run_cli_in_process("verify", str(out), "--json", "--offline", "--anchor", str(store.dir / "issuing.pem"))
    [sig] = json.loads(verified.stdout)["signatures"]
    assert sig["trusted"] is True and sig["integrity"] == "intact" and sig["signer"] == EC_HOLDER
    assert verified.returncode == 1  # intact and trusted, but revocation not checked (offline)


def test_one_byte_changed_in_the_signed_range_is_broken(signing, tmp_path: Path) -> None:
    store, made = signing
    out = tmp_path / "t.pdf"
    assert sign_cli(store.module, store.env, "--output", str(out), "--certificate", made["rsa_sha256"]).returncode == 0
    data = bytearray(out.read_bytes())
    at = data.index(b"Document de test") if b"Document de test" in data else data.index(b"Test document")
    data[at] ^= 0x01
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(bytes(data))
    proc = run_cli_in_process("verify", str(bad), "--json", "--offline")
    assert proc.returncode == 2
    [sig] = json.loads(proc.stdout)["signatures"]
    assert sig["integrity"] == "broken" and "broken-digest" in sig["problems"]
    assert "Digest Mismatch" in pdfsig(bad)  # the independent verifier agrees


# ---- PIN rules, counted -------------------------------------------------------------------------


def test_a_right_pin_is_exactly_one_login(fault: FaultModule, outdir: Path) -> None:
    out = outdir / "ok.pdf"
    proc = sign_cli(fault.path, fault.env, "--output", str(out), "--certificate", _rsa(fault))
    assert proc.returncode == 0, proc.stderr
    assert fault.logins() == 1 and fault.failed_pins() == 0
    assert "Signature is Valid." in pdfsig(out)


def test_a_wrong_pin_leaves_no_file_costs_exactly_one_try_and_says_so(fault: FaultModule, outdir: Path) -> None:
    out = outdir / "never.pdf"
    proc = sign_cli(fault.path, fault.env, "--output", str(out), "--json", pin=WRONG)
    assert proc.returncode == 2
    assert fault.logins() == 1 and fault.failed_pins() == 1  # the counter went down by exactly one
    doc = json.loads(proc.stdout)
    assert (doc["outcome"], doc["file"], doc["state_now"]) == ("incorrect", None, "count-low")
    assert "The PIN is incorrect" in proc.stderr and "fewer tries are left" in proc.stderr
    assert leftovers(outdir) == [] and "Traceback" not in proc.stderr and WRONG not in proc.stderr
    second = sign_cli(fault.path, fault.env, "--output", str(out), pin=WRONG)
    assert second.returncode == 2 and "only one try is left" in second.stderr
    assert fault.logins() == 2 and leftovers(outdir) == []


def test_the_final_try_needs_final_try_and_a_locked_pin_is_never_sent(fault: FaultModule, outdir: Path) -> None:
    out = outdir / "t.pdf"
    fault.set_failed_pins(2)
    proc = sign_cli(fault.path, fault.env, "--output", str(out))
    assert proc.returncode == 2 and "--final-try" in proc.stderr and "PIN of token" not in proc.stderr
    assert fault.logins() == 0 and not out.exists()
    proc = sign_cli(fault.path, fault.env, "--output", str(out), "--final-try")
    assert proc.returncode == 0, proc.stderr
    assert fault.logins() == 1 and fault.failed_pins() == 0 and out.exists()
    fault.set_failed_pins(3)
    out.unlink()
    proc = sign_cli(fault.path, fault.env, "--output", str(out), "--final-try")
    assert proc.returncode == 2 and "no PIN was sent" in proc.stderr
    assert fault.logins() == 1 and not out.exists()


def test_no_pin_typed_sends_nothing(fault: FaultModule, outdir: Path) -> None:
    proc = sign_cli(fault.path, fault.env, "--output", str(outdir / "t.pdf"), pin="")
    assert proc.returncode == 2 and "no PIN entered" in proc.stderr
    assert fault.logins() == 0 and leftovers(outdir) == []


def _rsa(fault: FaultModule) -> str:
    return str(fault.store.objects(LABEL, "holder")[0]["sha256"])


def _request(fault: FaultModule) -> SignTestRequest:
    """The request a front-end makes, from a scan taken before the fault is switched on."""
    from certhelper.core.guidance import catalogue
    from certhelper.core.tokens.scan import take_snapshot

    snap = take_snapshot([Candidate(fault.path, "option")], catalogue.load(), timeout=30, now=now_utc())
    [(module, token)] = snap.tokens
    choice = choose_certificate(token, _rsa(fault), now_utc())
    assert choice.certificate is not None
    return SignTestRequest(module.path, token.serial, choice.certificate)


@pytest.mark.parametrize(
    ("kind", "function", "outcome"),
    [
        ("token_not_present", "C_Login", "token-absent"),
        ("device_removed", "C_FindObjectsInit", "token-absent"),
        ("segv", "C_FindObjectsInit", "error"),
        ("general_error", "C_FindObjectsInit", "sign-error"),
    ],
)
def test_a_removed_token_or_a_failing_module_writes_nothing(
    kind: str, function: str, outcome: str, fault: FaultModule, outdir: Path
) -> None:
    request = _request(fault)
    fault.configure(pin_tries=3, fault=kind, fault_function=function)
    out = outdir / "t.pdf"
    result = sign_test(request, PIN, out, now=now_utc(), offline=True, timeout=60)
    assert result.outcome == outcome
    assert result.path is None and leftovers(outdir) == []
    assert fault.logins() == 1


def test_a_token_without_a_usable_key_is_refused_before_any_login(softhsm: str, tmp_path: Path) -> None:
    store = build_store(
        tmp_path / "store",
        [
            {
                "label": "Sans clé",
                "objects": [
                    {
                        "kind": "holder",
                        "id": "03",
                        "label": "Sans clé",
                        "given_name": "Loïc",
                        "surname": "Morvan",
                        "organisation": "Commune",
                        "siren": "212201859",
                        "key": "none",
                    }
                ],
            }
        ],
    )
    out = tmp_path / "t.pdf"
    proc = sign_cli(store.module, store.env, "--output", str(out), pin="1234")
    assert proc.returncode == 2 and "no certificate valid today with its private key" in proc.stderr
    assert not out.exists()


def test_a_time_stamping_server_in_the_settings_makes_it_b_t(signing, tmp_path: Path) -> None:
    from tests.signing_tokens import make_soft_pki, tsa_server

    store, made = signing
    config = tmp_path / "config"
    (config / "certhelper").mkdir(parents=True)
    pki = make_soft_pki(tmp_path)
    out = tmp_path / "bt.pdf"
    with tsa_server(pki) as url:
        (config / "certhelper" / "settings.json").write_text(json.dumps({"version": 1, "timestamp_url": url}))
        env = {**store.env, "XDG_CONFIG_HOME": str(config)}
        proc = sign_cli(store.module, env, "--output", str(out), "--json", "--certificate", made["rsa_sha256"])
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["level"] == "B-T" and doc["verification"]["signatures"][0]["pades_level"] == "B-T"
    assert doc["verification"]["signatures"][0]["timestamped"] is True
    assert "Signature is Valid." in pdfsig(out)


def test_a_hanging_module_is_given_up_and_writes_nothing(fault: FaultModule, outdir: Path) -> None:
    request = _request(fault)
    fault.configure(pin_tries=3, fault="hang", fault_function="C_FindObjectsInit", hang_seconds=60)
    # The wait is sign_test's `timeout` (the command's is --timeout x 6, at least a minute): 2 s leaves the
    # child time to start and log in (a few tenths of a second), then the module hangs for a minute.
    result = sign_test(request, PIN, outdir / "t.pdf", now=now_utc(), offline=True, timeout=2)
    assert result.outcome == "timeout" and result.path is None and leftovers(outdir) == []
    assert fault.logins() == 1
