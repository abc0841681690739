"""Test tokens for the signature tests: a SoftHSM2 token with an RSA-2048 holder (as ChamberSign's)
plus an ECDSA P-256 holder, and the CA certificates of the EC holder's chain written as PEM files.

The EC key is generated on the token (the demo builder makes RSA keys only), in a process of its own:
a PKCS#11 library caches its token list per process.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import io
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers import MAIN_TOKEN, ROOT, Store, build_store

PIN = "735951"  # distinctive, so that a test can look for it in a PDF and not find it by chance
LABEL = "Clé signature"
EC_ID = "ec"
EC_HOLDER = "Nolwenn KERJEAN"

_ADD_EC_HOLDER = r"""
import datetime as dt, hashlib, json, sys
import pkcs11
from pkcs11 import Attribute, KeyType
from pkcs11.util.ec import encode_ec_public_key, encode_named_curve_parameters
from cryptography.hazmat.primitives.serialization import Encoding, load_der_public_key
from certhelper.demo.chain import chambersign_like_chain, holder_certificate
from certhelper.demo.softhsm import _store_certificate, softhsm_module

spec = json.loads(sys.stdin.read())
now = dt.datetime.now(dt.UTC)
root, issuing = chambersign_like_chain(now)
token = pkcs11.lib(softhsm_module()).get_token(token_label=spec["label"])
with token.open(rw=True, user_pin=spec["pin"]) as session:
    params = session.create_domain_parameters(
        KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1")}, local=True
    )
    key_id = bytes.fromhex(spec["id"])
    pub, _ = params.generate_keypair(store=True, id=key_id, label="Signature ECDSA", private_template={Attribute.SENSITIVE: True})
    public = load_der_public_key(encode_ec_public_key(pub))
    cert = holder_certificate(issuing, public, given_name="Nolwenn", surname="Kerjean", organisation="Commune de Plérin",
                              siren="212201859", not_before=now - dt.timedelta(days=10), not_after=now + dt.timedelta(days=700))
    der = cert.public_bytes(Encoding.DER)
    _store_certificate(session, key_id, "Signature ECDSA", der, cert.subject.public_bytes())
for name, authority in (("root", root), ("issuing", issuing)):
    with open(f"{spec['dir']}/{name}.pem", "wb") as fh:
        fh.write(authority.certificate.public_bytes(Encoding.PEM))
print(json.dumps({"sha256": hashlib.sha256(der).hexdigest()}))
"""


def build_signing_store(directory: Path) -> tuple[Store, dict[str, Any]]:
    """The RSA holder of the main token and an EC holder on one token; (store, {"ec_sha256", "rsa_sha256"})."""
    store = build_store(directory, [{"label": LABEL, "pin": PIN, "objects": [MAIN_TOKEN["objects"][0]]}])
    proc = subprocess.run(
        [sys.executable, "-c", _ADD_EC_HOLDER],
        input=json.dumps({"label": LABEL, "pin": PIN, "id": EC_ID, "dir": str(directory)}),
        capture_output=True,
        text=True,
        env={**os.environ, **store.env},
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    rsa = store.objects(LABEL, "holder")[0]
    return store, {
        "ec_sha256": json.loads(proc.stdout)["sha256"],
        "rsa_sha256": rsa["sha256"],
        "rsa_holder": rsa["holder"],
    }


# ---- a software PKI, a local time-stamping server, and software signatures (for the verifier) ----


@dataclass
class SoftPki:
    """A root CA, a holder and a TSA, all made by `cryptography` for one test run."""

    dir: Path
    root_pem: Path
    holder_name: str
    holder_key: Any  # cryptography private key
    holder_cert: Any  # cryptography certificate
    root_key: Any
    root_cert: Any
    tsa_key: Any
    tsa_cert: Any


def _cert(
    subject: str,
    issuer_key: Any,
    issuer_name: Any,
    public: Any,
    *,
    ca: bool = False,
    eku: Any = None,
    ocsp_url: str | None = None,
) -> Any:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"), x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name or name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=30))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        builder = builder.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        )
    if eku is not None:
        builder = builder.add_extension(x509.ExtendedKeyUsage([eku]), critical=True)
    if ocsp_url:
        access = x509.AccessDescription(
            x509.oid.AuthorityInformationAccessOID.OCSP, x509.UniformResourceIdentifier(ocsp_url)
        )
        builder = builder.add_extension(x509.AuthorityInformationAccess([access]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def make_soft_pki(directory: Path, holder: str = "Erwan LE TEST", ocsp_url: str | None = None) -> SoftPki:
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509.oid import ExtendedKeyUsageOID

    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = _cert("Racine de test certhelper", root_key, None, root_key.public_key(), ca=True)
    holder_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    holder_cert = _cert(holder, root_key, root.subject, holder_key.public_key(), ocsp_url=ocsp_url)
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa_cert = _cert(
        "Horodatage de test", root_key, root.subject, tsa_key.public_key(), eku=ExtendedKeyUsageOID.TIME_STAMPING
    )
    root_pem = directory / "test-root.pem"
    root_pem.write_bytes(root.public_bytes(Encoding.PEM))
    return SoftPki(directory, root_pem, holder, holder_key, holder_cert, root_key, root, tsa_key, tsa_cert)


def _asn1_cert(cert: Any) -> Any:
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def _asn1_key(key: Any) -> Any:
    from asn1crypto import keys
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

    return keys.PrivateKeyInfo.load(key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption()))


@contextlib.contextmanager
def tsa_server(pki: SoftPki) -> Iterator[str]:
    """An RFC 3161 server on 127.0.0.1 (pyHanko's DummyTimeStamper behind http.server); yields its URL."""
    from asn1crypto import tsp
    from pyhanko.sign.timestamps import DummyTimeStamper

    stamper = DummyTimeStamper(
        _asn1_cert(pki.tsa_cert), _asn1_key(pki.tsa_key), certs_to_embed=[_asn1_cert(pki.root_cert)]
    )

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: Any) -> None:  # quiet
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)  # shutdown() in 50 ms
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()


def software_sign(pdf: bytes, pki: SoftPki, *, subfilter: str = "pades", timestamp_url: str | None = None) -> bytes:
    """Sign `pdf` with the PKI's holder key in software (pyHanko's SimpleSigner)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(pki.holder_cert),
        signing_key=_asn1_key(pki.holder_key),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(pki.root_cert)]),
    )
    chosen = fields.SigSeedSubFilter.PADES if subfilter == "pades" else fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED
    meta = signers.PdfSignatureMetadata(field_name="Signature1", subfilter=chosen, md_algorithm="sha256")
    stamper = HTTPTimeStamper(timestamp_url) if timestamp_url else None
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer, timestamper=stamper)
    return bytes(out.getvalue())


class OcspResponder:
    """An OCSP responder on 127.0.0.1 answering for the PKI's root (cryptography's OCSP builder);
    start it first (the holder certificate names its URL), then give it the PKI."""

    def __init__(self) -> None:
        self.pki: SoftPki | None = None
        self.revoked: set[int] = set()
        self.asked = 0
        responder = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                self._answer(body)

            def do_GET(self) -> None:
                import base64
                import urllib.parse

                self._answer(base64.b64decode(urllib.parse.unquote(self.path.rsplit("/", 1)[-1])))

            def _answer(self, body: bytes) -> None:
                answer = responder.respond(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/ocsp-response")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:  # quiet
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/ocsp"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()  # shutdown() in 50 ms

    def respond(self, body: bytes) -> bytes:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.serialization import Encoding
        from cryptography.x509 import ReasonFlags, ocsp

        assert self.pki is not None
        self.asked += 1
        request = ocsp.load_der_ocsp_request(body)
        now = dt.datetime.now(dt.UTC)
        revoked = request.serial_number in self.revoked
        builder = ocsp.OCSPResponseBuilder().add_response(
            cert=self.pki.holder_cert,
            issuer=self.pki.root_cert,
            algorithm=hashes.SHA256() if isinstance(request.hash_algorithm, hashes.SHA256) else hashes.SHA1(),
            cert_status=ocsp.OCSPCertStatus.REVOKED if revoked else ocsp.OCSPCertStatus.GOOD,
            this_update=now - dt.timedelta(minutes=5),
            next_update=now + dt.timedelta(hours=1),
            revocation_time=now - dt.timedelta(days=1) if revoked else None,
            revocation_reason=ReasonFlags.key_compromise if revoked else None,
        )
        builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, self.pki.root_cert)
        for extension in request.extensions:  # echo the nonce
            builder = builder.add_extension(extension.value, extension.critical)
        return builder.sign(self.pki.root_key, hashes.SHA256()).public_bytes(Encoding.DER)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
