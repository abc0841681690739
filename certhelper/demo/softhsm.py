"""Build SoftHSM2 tokens holding a ChamberSign-like chain, for the demo and the test suite.

Run as `python -m certhelper.demo.softhsm SPEC.json` (or call `build()` in a fresh process): a
PKCS#11 library caches its token list, so tokens are built in a process of their own and read by
others. The spec names tokens and their objects; the JSON printed on stdout describes what was made.

Spec: {"dir": "...", "tokens": [{"label": "...", "pin": "1234", "objects": [...]}]}
objects: {"kind": "holder", "id": "01", "label": "...", "given_name", "surname", "organisation",
          "siren", "days_before": 200, "days_left": 900, "email", "key": "token|none|mismatch",
          "ca": "ca3-ng-rgs|ca3-qualified-eid|ca3-ng-qualified-eid|pki",
          "policy": "1.2.250.1.96.1.8.2.6" (under a qualified CA; its QC statements follow),
          "qualified": false (default: whether the CA is a qualified service),
          "ocsp_url", "crl_url", "ca_issuers_url"}
         {"kind": "key-only", "id": "09", "label": "..."}
         {"kind": "garbage", "id": "0a", "label": "...", "value_hex": "..."}
         {"kind": "ca", "which": "root|issuing|ca3-qualified-eid|ca3-ng-qualified-eid|pki"}
"pki" (optional): {"cert": "issuing CA PEM", "key": "its private key PEM"}: an outside CA (a test PKI
with live OCSP/CRL responders) that holders with "ca": "pki" are issued by.
         {"kind": "bulk", "count": 200}
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from certhelper.demo.chain import (
    DUAL_USE_POLICY,
    Authority,
    Hierarchy,
    chambersign_like_hierarchy,
    holder_certificate,
    qc_statements_for_policy,
)

SOFTHSM_MODULE_PATHS = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
SO_PIN = "12345678"


def softhsm_module() -> str | None:
    return next((p for p in SOFTHSM_MODULE_PATHS if os.path.exists(p)), None)


def write_config(directory: Path) -> Path:
    """A private SoftHSM2 store in `directory`; returns the file to put in SOFTHSM2_CONF."""
    tokens = directory / "tokens"
    tokens.mkdir(parents=True, exist_ok=True)
    conf = directory / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n")
    return conf


def init_token(conf: Path, label: str, pin: str) -> None:
    util = shutil.which("softhsm2-util")
    if util is None:
        raise RuntimeError("softhsm2-util not found: apt-get install softhsm2")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    subprocess.run(
        [util, "--init-token", "--free", "--label", label, "--pin", pin, "--so-pin", SO_PIN],
        env=env,
        check=True,
        capture_output=True,
    )


def remove_token(conf: Path, label: str) -> None:
    util = shutil.which("softhsm2-util") or "softhsm2-util"
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    subprocess.run([util, "--delete-token", "--token", label], env=env, check=True, capture_output=True)


def _rsa_public_from_token(pub: Any) -> rsa.RSAPublicKey:
    from pkcs11 import Attribute

    n = int.from_bytes(pub[Attribute.MODULUS], "big")
    e = int.from_bytes(pub[Attribute.PUBLIC_EXPONENT], "big")
    return rsa.RSAPublicNumbers(e, n).public_key()


# RSA-2048 key pairs are made once per machine (in the user cache, or CERTHELPER_DEMO_KEYS: the test
# suite shares one folder between its workers) and put on each token built, as a card issuer's
# personalisation puts a key pair on a card: generating them on the token costs ~0.2 s each, most of
# the time of building a test store. Within one build every key pair is distinct (the n-th made).
_KEYS_MADE_THIS_BUILD = [0]


def _demo_rsa_key(index: int) -> rsa.RSAPrivateKey:
    from cryptography.hazmat.primitives.serialization import (
        NoEncryption,
        PrivateFormat,
        load_der_private_key,
    )

    from certhelper.core.files import atomic_write_bytes
    from certhelper.paths import user_cache_dir

    folder = os.environ.get("CERTHELPER_DEMO_KEYS") or str(user_cache_dir() / "demo-keys")
    path = Path(folder) / f"rsa2048-{index:02d}.der"
    try:
        # Our own file, written below: OpenSSL's check of an RSA key on load costs ~45 ms a key.
        key = load_der_private_key(path.read_bytes(), None, unsafe_skip_rsa_key_validation=True)
        if isinstance(key, rsa.RSAPrivateKey) and key.key_size == 2048:
            return key
    except (OSError, ValueError):
        pass
    made = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with contextlib.suppress(OSError):  # a read-only cache: this build still has its key
        atomic_write_bytes(path, made.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption()))
    return made


def _keypair_on_token(session: Any, key_id: bytes, label: str, private_visible: bool) -> rsa.RSAPublicKey:
    """Put the build's next demo RSA key pair on the token, as generate_keypair would leave it."""
    from pkcs11 import Attribute, KeyType, ObjectClass

    key = _demo_rsa_key(_KEYS_MADE_THIS_BUILD[0])
    _KEYS_MADE_THIS_BUILD[0] += 1
    numbers = key.private_numbers()

    def big(value: int) -> bytes:
        return value.to_bytes((value.bit_length() + 7) // 8, "big")

    common = {Attribute.KEY_TYPE: KeyType.RSA, Attribute.TOKEN: True, Attribute.ID: key_id, Attribute.LABEL: label}
    public = {
        Attribute.MODULUS: big(numbers.public_numbers.n),
        Attribute.PUBLIC_EXPONENT: big(numbers.public_numbers.e),
    }
    session.create_object(
        {**common, **public, Attribute.CLASS: ObjectClass.PUBLIC_KEY, Attribute.VERIFY: True, Attribute.ENCRYPT: True}
    )
    session.create_object(
        {
            **common,
            **public,
            Attribute.CLASS: ObjectClass.PRIVATE_KEY,
            Attribute.PRIVATE: not private_visible,
            Attribute.SENSITIVE: True,
            Attribute.EXTRACTABLE: False,
            Attribute.SIGN: True,
            Attribute.DECRYPT: True,
            Attribute.PRIVATE_EXPONENT: big(numbers.d),
            Attribute.PRIME_1: big(numbers.p),
            Attribute.PRIME_2: big(numbers.q),
            Attribute.EXPONENT_1: big(numbers.dmp1),
            Attribute.EXPONENT_2: big(numbers.dmq1),
            Attribute.COEFFICIENT: big(numbers.iqmp),
        }
    )
    return key.public_key()


def _store_certificate(session: Any, key_id: bytes, label: str, der: bytes, subject: bytes) -> None:
    from pkcs11 import Attribute, CertificateType, ObjectClass

    template = {
        Attribute.CLASS: ObjectClass.CERTIFICATE,
        Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
        Attribute.TOKEN: True,
        Attribute.PRIVATE: False,
        Attribute.ID: key_id,
        Attribute.LABEL: label,
        Attribute.VALUE: der,
    }
    template[Attribute.SUBJECT] = subject  # SoftHSM2 refuses a certificate without one
    session.create_object(template)


def _outside_ca(pki: dict[str, Any] | None) -> Authority | None:
    if not pki:
        return None
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    cert = x509.load_pem_x509_certificate(Path(pki["cert"]).read_bytes())
    key = load_pem_private_key(Path(pki["key"]).read_bytes(), None)
    return Authority(cert.subject, key, cert)


def _issuer_of(spec: dict[str, Any], hierarchy: Hierarchy, outside: Authority | None) -> Authority:
    which = spec.get("ca", "ca3-ng-rgs")
    if which == "pki":
        if outside is None:
            raise ValueError('"ca": "pki" needs a "pki" entry in the spec')
        return outside
    return hierarchy.by_name(which)


def _holder(
    session: Any,
    spec: dict[str, Any],
    hierarchy: Hierarchy,
    outside: Authority | None,
    now: dt.datetime,
    private_visible: bool,
) -> dict[str, Any]:
    key_id = bytes.fromhex(spec["id"])
    label = spec.get("label", spec["surname"])
    mode = spec.get("key", "token")
    public: rsa.RSAPublicKey | ec.EllipticCurvePublicKey
    if mode == "token":
        public = _keypair_on_token(session, key_id, label, private_visible)
    elif mode == "mismatch":  # a key pair with this CKA_ID, but the certificate is for another key
        _keypair_on_token(session, key_id, label, private_visible)
        public = ec.generate_private_key(ec.SECP256R1()).public_key()
    else:
        public = ec.generate_private_key(ec.SECP256R1()).public_key()
    not_before = now - dt.timedelta(days=spec.get("days_before", 200))
    not_after = now + dt.timedelta(days=spec.get("days_left", 900), hours=spec.get("hours", 1))
    issuing = _issuer_of(spec, hierarchy, outside)
    which = spec.get("ca", "ca3-ng-rgs")
    qualified_ca = which in ("ca3-qualified-eid", "ca3-ng-qualified-eid")
    policy = spec.get("policy", DUAL_USE_POLICY if qualified_ca else None)
    qualified = spec.get("qualified", qualified_ca)
    extra: dict[str, Any] = {}
    if policy:
        extra["policies"] = (policy,)
        if qualified and qualified_ca:
            extra["qc_statements"] = qc_statements_for_policy(policy)
    cert = holder_certificate(
        issuing,
        public,
        given_name=spec["given_name"],
        surname=spec["surname"],
        organisation=spec["organisation"],
        siren=spec["siren"],
        not_before=not_before,
        not_after=not_after,
        email=spec.get("email"),
        qualified=qualified,
        ocsp_url=spec.get("ocsp_url"),
        crl_url=spec.get("crl_url"),
        ca_issuers_url=spec.get("ca_issuers_url"),
        **extra,
    )
    der = cert.public_bytes(Encoding.DER)
    _store_certificate(session, key_id, label, der, cert.subject.public_bytes())
    return {
        "kind": "holder",
        "id": spec["id"],
        "label": label,
        "sha256": hashlib.sha256(der).hexdigest(),
        "holder": f"{spec['given_name']} {spec['surname'].upper()}",
        "not_after": cert.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "key": mode,
        "serial": cert.serial_number,
        "issuer": cert.issuer.rfc4514_string(),
        "der_hex": der.hex(),
    }


def build(spec: dict[str, Any], now: dt.datetime | None = None) -> dict[str, Any]:
    """Create the tokens of `spec` in the SoftHSM2 store `spec["dir"]`; describe what was made."""
    import pkcs11

    now = now or dt.datetime.now(dt.UTC)
    _KEYS_MADE_THIS_BUILD[0] = 0
    directory = Path(spec["dir"])
    conf = write_config(directory)
    os.environ["SOFTHSM2_CONF"] = str(conf)
    for token in spec["tokens"]:
        init_token(conf, token["label"], token.get("pin", "1234"))
    module = softhsm_module()
    if module is None:
        raise RuntimeError("SoftHSM2 is not installed: apt-get install softhsm2")
    lib = pkcs11.lib(module)
    lib.reinitialize()
    hierarchy = chambersign_like_hierarchy(now)
    root, issuing = hierarchy.root, hierarchy.ng_rgs
    outside = _outside_ca(spec.get("pki"))
    result: dict[str, Any] = {"module": module, "conf": str(conf), "tokens": []}
    for tspec in spec["tokens"]:
        token = lib.get_token(token_label=tspec["label"])
        made: list[dict[str, Any]] = []
        private_visible = tspec.get("private_visible", False)
        with token.open(rw=True, user_pin=tspec.get("pin", "1234")) as session:
            for obj in tspec.get("objects", []):
                kind = obj["kind"]
                if kind == "holder":
                    made.append(_holder(session, obj, hierarchy, outside, now, private_visible))
                elif kind == "key-only":
                    _keypair_on_token(session, bytes.fromhex(obj["id"]), obj.get("label", "orphan key"), False)
                    made.append({"kind": "key-only", "id": obj["id"], "label": obj.get("label", "orphan key")})
                elif kind == "garbage":
                    value = bytes.fromhex(obj.get("value_hex", "3082deadbeef"))
                    # SoftHSM2 wants a CKA_SUBJECT; a real token may hold anything in CKA_VALUE
                    subject = issuing.name.public_bytes()
                    _store_certificate(session, bytes.fromhex(obj["id"]), obj.get("label", "garbage"), value, subject)
                    made.append({"kind": "garbage", "id": obj["id"], "label": obj.get("label", "garbage")})
                elif kind == "ca":
                    which = obj.get("which", "issuing")
                    if which == "pki" and outside is not None:
                        authority = outside
                    else:
                        authority = {"root": root, "issuing": issuing}.get(which) or hierarchy.by_name(which)
                    der = authority.certificate.public_bytes(Encoding.DER)
                    subject = authority.certificate.subject.public_bytes()
                    _store_certificate(session, bytes.fromhex(obj.get("id", "")), obj.get("label", "CA"), der, subject)
                    made.append({"kind": "ca", "sha256": hashlib.sha256(der).hexdigest()})
                elif kind == "bulk":
                    made.extend(_bulk(session, obj.get("count", 200), issuing, now))
                else:
                    raise ValueError(f"unknown object kind {kind!r}")
        result["tokens"].append(
            {
                "label": tspec["label"],
                "serial": token.serial.decode().strip(),
                "pin": tspec.get("pin", "1234"),
                "objects": made,
            }
        )
    return result


def _bulk(session: Any, count: int, issuing: Any, now: dt.datetime) -> list[dict[str, Any]]:
    public = ec.generate_private_key(ec.SECP256R1()).public_key()
    made = []
    for n in range(count):
        cert = holder_certificate(
            issuing,
            public,
            given_name="Agent",
            surname=f"Numéro{n:03d}",
            organisation="Communauté de communes de Test",
            siren="200067999",
            not_before=now - dt.timedelta(days=10),
            not_after=now + dt.timedelta(days=30 + n),
        )
        der = cert.public_bytes(Encoding.DER)
        key_id = n.to_bytes(2, "big")
        _store_certificate(session, key_id, f"bulk {n:03d}", der, cert.subject.public_bytes())
        made.append({"kind": "bulk", "id": key_id.hex(), "sha256": hashlib.sha256(der).hexdigest()})
    return made


def build_in_new_process(
    directory: Path, tokens: list[dict[str, Any]], pki: dict[str, str] | None = None
) -> dict[str, Any]:
    """`build` in a fresh Python process (this one may already hold a PKCS#11 library and its token list)."""
    spec: dict[str, Any] = {"dir": str(directory), "tokens": tokens}
    if pki:
        spec["pki"] = pki
    proc = subprocess.run(
        [sys.executable, "-m", "certhelper.demo.softhsm"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"building SoftHSM2 tokens failed: {proc.stderr.strip()[-2000:]}")
    return dict(json.loads(proc.stdout))


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8")) if argv else json.load(sys.stdin)
    json.dump(build(spec), sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
