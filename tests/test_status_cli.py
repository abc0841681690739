"""`certhelper status` on real SoftHSM2 tokens, cross-checked with pkcs11-tool, openssl and cryptography."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import pytest
from cryptography import x509

from tests.helpers import ORG, SIREN, SIRET, Store, run_cli_in_process


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """No revocation or AIA requests from these tests (CERTHELPER_OFFLINE): trust has its own tests."""
    monkeypatch.setenv("CERTHELPER_OFFLINE", "1")


def status_json(store: Store, *extra: str) -> tuple[dict, subprocess.CompletedProcess[str]]:
    proc = run_cli_in_process("status", "--json", "--module", store.module, *extra, env=store.env)
    return json.loads(proc.stdout), proc


def certs_by_label(doc: dict) -> dict[str, dict]:
    token = doc["modules"][0]["tokens"][0]
    return {c["label"]: c for c in token["certificates"]}


def test_status_json_reports_every_certificate_with_its_parsed_fields(main_store: Store) -> None:
    doc, proc = status_json(main_store)
    # The exit code is the assessment's severity (core.assessment.severity): an expired certificate is critical.
    assert proc.returncode == 2 and doc["severity"] == "critical", proc.stderr
    assert doc["schema"] == 2
    module = doc["modules"][0]
    assert module["path"] == main_store.module and module["error"] is None
    token = module["tokens"][0]
    made = main_store.token("Mairie de Plérin")
    assert token["label"] == "Mairie de Plérin" and token["serial"] == made["serial"]
    assert token["manufacturer"] == "SoftHSM project" and token["model"] == "SoftHSM v2"
    assert token["pin"] == {
        **token["pin"],
        "count_low": False,
        "final_try": False,
        "locked": False,
        "initialized": True,
    }

    certs = certs_by_label(doc)
    holders = main_store.objects("Mairie de Plérin", "holder")
    assert set(certs) == {h["label"] for h in holders}
    for made_cert in holders:
        cert = certs[made_cert["label"]]
        parsed = x509.load_der_x509_certificate(bytes.fromhex(made_cert["der_hex"]))
        assert cert["id"] == made_cert["id"]
        assert cert["sha256"] == made_cert["sha256"]
        assert cert["holder"] == made_cert["holder"]
        assert cert["subject"] == parsed.subject.rfc4514_string()
        assert cert["issuer"] == parsed.issuer.rfc4514_string()
        assert cert["not_after"] == made_cert["not_after"]
        assert cert["not_before"] == parsed.not_valid_before_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert cert["organisation"] == ORG
        assert (cert["siren"], cert["siret"]) == (SIREN, SIRET)
        assert cert["assurance"] == "RGS**"  # "qualified" is core.trust.classify's (its own tests)
        assert cert["key_usage"] == ["digital_signature", "content_commitment"]
        assert cert["extended_key_usage"] == ["client_auth", "email_protection"]
        assert cert["qc_statements"] == [] and cert["policies"] == ["1.2.250.1.999.1.1"]  # NG RGS: no QC statement
        assert cert["serial_number"] == format(parsed.serial_number, "x")

    assert certs["Signature Hélène"]["email"] == "helene.legoff@example.fr"
    assert certs["Signature Hélène"]["days_left"] in (894, 895)
    assert certs["Authentification Gaël"]["days_left"] in (14, 15)
    # Schema 2: what the assessment decided, per certificate.
    gael, loic, anne = certs["Authentification Gaël"], certs["Ancien certificat"], certs["Clé échangée"]
    assert gael["renewal"] == {
        "state": "order-now",
        "days_left": gael["days_left"],
        "order_by": None,  # the last safe order date is past: never shown, order today
        "order_today": True,
        "lead_time_days": 21,
        "safety_margin_days": 7,
    }
    assert (
        certs["Signature Hélène"]["renewal"]["state"] == "fine" and certs["Signature Hélène"]["key_match"] == "matches"
    )
    assert (loic["renewal"]["state"], loic["key_match"], loic["severity"]) == ("expired", "missing", "critical")
    assert "cert-without-key" in loic["findings"] and "cert-expired" in loic["findings"]
    assert (anne["key_match"], anne["severity"], anne["findings"]) == ("mismatch", "critical", ["key-mismatch"])
    assert gael["revocation"]["status"] == "not-checked" and gael["chain"]["status"] in ("not-built", "incomplete")
    assert certs["Ancien certificat"]["days_left"] in (-11, -10)


def test_keys_are_matched_to_certificates_and_orphans_reported(main_store: Store) -> None:
    doc, _ = status_json(main_store)
    certs = certs_by_label(doc)
    assert certs["Signature Hélène"]["has_private_key"] is True
    assert certs["Signature Hélène"]["key_matches"] is True
    assert certs["Ancien certificat"]["has_private_key"] is False  # certificate without key
    assert certs["Clé échangée"]["key_matches"] is False  # a key with its CKA_ID, but another public key
    keys = {k["id"]: k for k in doc["modules"][0]["tokens"][0]["keys"]}
    assert keys["09"]["certificate_sha256"] is None  # key without certificate
    assert keys["01"]["certificate_sha256"] == certs["Signature Hélène"]["sha256"]


def test_garbage_object_is_reported_unreadable_and_the_rest_still_read(main_store: Store) -> None:
    doc, proc = status_json(main_store)
    unreadable = doc["modules"][0]["tokens"][0]["unreadable"]
    assert [(u["id"], u["label"]) for u in unreadable] == [("0a", "objet abîmé")]
    assert unreadable[0]["code"] == "truncated" and unreadable[0]["detail"]  # typed: core.errors.OBJECT_CODES
    assert len(doc["modules"][0]["tokens"][0]["certificates"]) == 4
    assert "Traceback" not in proc.stderr


@pytest.mark.skipif(shutil.which("pkcs11-tool") is None, reason="OpenSC is installed by make test")
def test_labels_and_ids_match_pkcs11_tool(main_store: Store) -> None:
    listing = subprocess.run(
        ["pkcs11-tool", "--module", main_store.module, "--list-objects", "--type", "cert"],
        capture_output=True,
        env={**main_store.env, "PATH": "/usr/bin:/bin"},
        check=True,
    ).stdout.decode("utf-8", "replace")
    theirs = set(re.findall(r"label:\s+(.*?)\n(?:.*\n)*?\s+ID:\s+([0-9a-f]+)", listing))
    doc, _ = status_json(main_store)
    token = doc["modules"][0]["tokens"][0]
    ours = {(c["label"], c["id"]) for c in token["certificates"]} | {(u["label"], u["id"]) for u in token["unreadable"]}
    assert ours == theirs


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is part of Debian's base system")
def test_fingerprint_dates_and_subject_match_openssl(main_store: Store, tmp_path) -> None:
    doc, _ = status_json(main_store)
    cert = certs_by_label(doc)["Signature Hélène"]
    der = tmp_path / "cert.der"
    der.write_bytes(bytes.fromhex(main_store.objects("Mairie de Plérin", "holder")[0]["der_hex"]))
    out = subprocess.run(
        [
            "openssl",
            "x509",
            "-inform",
            "DER",
            "-in",
            str(der),
            "-noout",
            "-fingerprint",
            "-sha256",
            "-enddate",
            "-serial",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fingerprint = re.search(r"Fingerprint=([0-9A-F:]+)", out).group(1).replace(":", "").lower()
    assert cert["sha256"] == fingerprint
    end = dt.datetime.strptime(re.search(r"notAfter=(.*)", out).group(1).strip(), "%b %d %H:%M:%S %Y %Z")
    assert cert["not_after"] == end.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert int(cert["serial_number"], 16) == int(re.search(r"serial=([0-9A-F]+)", out).group(1), 16)


def test_text_summary_in_french_and_english(main_store: Store) -> None:
    fr = run_cli_in_process("status", "--module", main_store.module, env={**main_store.env, "LANG": "fr_FR.UTF-8"})
    assert "Hélène LE GOFF — Commune de Plérin (SIREN 212201859)" in fr.stdout
    assert "Niveau RGS**, émis par ChamberSign France CA3 NG RGS" in fr.stdout  # CA3 NG RGS: not qualified
    assert re.search(r"Valide jusqu'au \d+ \w+ \d{4} \(encore 1[45] jours\)", fr.stdout)
    assert "EXPIRÉ depuis le" in fr.stdout
    assert "objet illisible « objet abîmé »" in fr.stdout
    en = run_cli_in_process("status", "--module", main_store.module, env={**main_store.env, "LANG": "en_GB.UTF-8"})
    assert re.search(r"Valid until \d+ [A-Z]\w+ \d{4} \(1[45] days left\)", en.stdout)
    assert "Level RGS**, issued by ChamberSign France CA3 NG RGS" in en.stdout


def test_two_tokens_are_both_read(two_token_store: Store) -> None:
    doc, proc = status_json(two_token_store)
    assert proc.returncode == 2 and doc["severity"] == "critical", proc.stderr  # two tokens at once: critical
    labels = sorted(t["label"] for t in doc["modules"][0]["tokens"])
    assert labels == ["Clé Gaël", "Clé Hélène"]


def test_token_with_200_certificates(bulk_store: Store) -> None:
    doc, proc = status_json(bulk_store)
    assert proc.returncode == {"ok": 0, "info": 0, "warning": 1, "critical": 2}[doc["severity"]], proc.stderr
    certs = doc["modules"][0]["tokens"][0]["certificates"]
    assert len(certs) == 200
    assert {c["sha256"] for c in certs} == {o["sha256"] for o in bulk_store.objects("Beaucoup")}


def test_module_without_token_says_so(empty_store: Store) -> None:
    proc = run_cli_in_process("status", "--module", empty_store.module, env=empty_store.env)
    assert proc.returncode == 1
    assert "no token plugged" in proc.stdout


@pytest.mark.skipif(shutil.which("pkcs11-tool") is None, reason="OpenSC is installed by make test")
@pytest.mark.parametrize("key_type", ["EC:prime256v1", "rsa:2048"])
def test_public_key_of_a_key_pair_matches_what_pkcs11_tool_exports(key_type: str, softhsm: str, tmp_path) -> None:
    from tests.helpers import build_store

    store = build_store(tmp_path, [{"label": "Paire", "objects": []}])
    tool = ["pkcs11-tool", "--module", store.module]
    env = {**store.env, "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [*tool, "--login", "--pin", "1234", "--keypairgen", "--key-type", key_type, "--id", "42", "--label", "paire"],
        env=env,
        capture_output=True,
        check=True,
    )
    spki = tmp_path / "pub.der"
    subprocess.run(
        [*tool, "--read-object", "--type", "pubkey", "--id", "42", "-o", str(spki)],
        env=env,
        capture_output=True,
        check=True,
    )
    doc, _ = status_json(store)
    keys = doc["modules"][0]["tokens"][0]["keys"]
    import hashlib

    assert [(k["id"], k["public_key_sha256"]) for k in keys] == [("42", hashlib.sha256(spki.read_bytes()).hexdigest())]
