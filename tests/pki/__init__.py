"""A test PKI with real responders on 127.0.0.1, built at test time.

- OCSP: `openssl ocsp` (an independent implementation) answering from an index file;
- CRL and CA Issuers: a small HTTP server that counts every request (to prove "no network attempt").
Root -> issuing CA -> holders (issued into SoftHSM2 tokens by certhelper.demo.softhsm with "ca": "pki").
"""

from __future__ import annotations

import datetime as dt
import http.server
import shutil
import socket
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from certhelper.demo.chain import Authority, make_ca

ROOT_CN, CA_CN, ORG = "Certhelper Test Root", "Certhelper Test CA", "Certhelper Tests"

POLL_S = 0.05  # how often the HTTP servers look for shutdown(): stopping one waits this long, not 0.5 s


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Counter:
    requests: list[str] = field(default_factory=list)


class _Handler(http.server.BaseHTTPRequestHandler):
    files: ClassVar[dict[str, bytes]] = {}  # set per PKI on a subclass (see LocalPKI.start)
    counter: ClassVar[Counter] = Counter()

    def do_GET(self) -> None:
        self.counter.requests.append(self.path)
        body = self.files.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header(
            "Content-Type", "application/pkix-crl" if self.path.endswith(".crl") else "application/pkix-cert"
        )
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # only when standing in for the OCSP responder (LocalPKI.start_counting)
        self.counter.requests.append("POST " + self.path)
        self.send_error(503)

    def log_message(self, format: str, *args: object) -> None:
        return


@dataclass
class LocalPKI:
    dir: Path
    root: Authority
    ca: Authority
    http_port: int
    ocsp_port: int
    counter: Counter = field(default_factory=Counter)
    files: dict[str, bytes] = field(default_factory=dict)  # served over HTTP: the CRL and the CA certificate
    _http: http.server.ThreadingHTTPServer | None = None
    _ocsp: subprocess.Popen[str] | None = None
    _counting_ocsp: http.server.ThreadingHTTPServer | None = None

    @property
    def ocsp_url(self) -> str:
        return f"http://127.0.0.1:{self.ocsp_port}/"

    @property
    def crl_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/ca.crl"

    @property
    def ca_issuers_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/ca.cer"

    @property
    def pki_spec(self) -> dict[str, str]:
        return {"cert": str(self.dir / "ca.pem"), "key": str(self.dir / "ca.key")}

    def anchors_dir(self, config_home: Path) -> Path:
        """Install the test root as an administrator's anchor under `config_home` (XDG_CONFIG_HOME)."""
        target = config_home / "certhelper" / "catalogue" / "anchors"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.dir / "root.pem", target / "certhelper-test-root.pem")
        return target

    def publish(self, revoked_ocsp: list[int], revoked_crl_only: list[int], good: list[int], now: dt.datetime) -> None:
        """Write the OCSP index (good + OCSP-revoked) and the CRL (every revoked serial)."""
        when = now - dt.timedelta(days=1)
        lines = []
        expiry = (now + dt.timedelta(days=365)).strftime("%y%m%d%H%M%SZ")
        for serial in good:
            lines.append(f"V\t{expiry}\t\t{serial:X}\tunknown\t/CN=good")
        for serial in revoked_ocsp:
            lines.append(
                f"R\t{expiry}\t{when.strftime('%y%m%d%H%M%SZ')},keyCompromise\t{serial:X}\tunknown\t/CN=revoked"
            )
        (self.dir / "index.txt").write_text("\n".join(lines) + "\n")
        (self.dir / "index.txt.attr").write_text("unique_subject = no\n")
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.ca.name)
            .last_update(now - dt.timedelta(hours=1))
            .next_update(now + dt.timedelta(days=2))
            .add_extension(x509.CRLNumber(1), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.ca.key.public_key()), critical=False)
        )
        for serial in [*revoked_ocsp, *revoked_crl_only]:
            entry = (
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(when)
                .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
                .build()
            )
            builder = builder.add_revoked_certificate(entry)
        crl = builder.sign(self.ca.key, hashes.SHA256())
        self.files["/ca.crl"] = crl.public_bytes(Encoding.DER)
        self.files["/ca.cer"] = self.ca.certificate.public_bytes(Encoding.DER)

    def start(self) -> None:
        handler = type("Handler", (_Handler,), {"counter": self.counter, "files": self.files})
        self._http = http.server.ThreadingHTTPServer(("127.0.0.1", self.http_port), handler)
        threading.Thread(target=self._http.serve_forever, args=(POLL_S,), daemon=True).start()
        self._ocsp = subprocess.Popen(
            [
                "openssl",
                "ocsp",
                "-index",
                str(self.dir / "index.txt"),
                "-port",
                str(self.ocsp_port),
                "-rsigner",
                str(self.dir / "ca.pem"),
                "-rkey",
                str(self.dir / "ca.key"),
                "-CA",
                str(self.dir / "ca.pem"),
                "-nmin",
                "60",
                "-timeout",
                "5",  # one request at a time: a silent client must not block the others for long
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Ready when it says so: a probe connection would hold this single-threaded responder.
        assert self._ocsp.stderr is not None
        for line in self._ocsp.stderr:
            if "waiting for OCSP client connections" in line:
                break
        else:
            self.stop()
            raise RuntimeError("openssl ocsp did not start")
        threading.Thread(target=self._ocsp.stderr.read, daemon=True).start()

    def start_counting(self) -> None:
        """Listeners on both responder ports that only count requests: proof of "no network attempt"."""
        handler = type("Handler", (_Handler,), {"counter": self.counter, "files": self.files})
        self._http = http.server.ThreadingHTTPServer(("127.0.0.1", self.http_port), handler)
        self._counting_ocsp = http.server.ThreadingHTTPServer(("127.0.0.1", self.ocsp_port), handler)
        for server in (self._http, self._counting_ocsp):
            threading.Thread(target=server.serve_forever, args=(POLL_S,), daemon=True).start()

    def stop(self) -> None:
        if self._counting_ocsp is not None:
            self._counting_ocsp.shutdown()
            self._counting_ocsp.server_close()
            self._counting_ocsp = None
        if self._http is not None:
            self._http.shutdown()
            self._http.server_close()
            self._http = None
        if self._ocsp is not None:
            self._ocsp.terminate()
            self._ocsp.wait(10)
            if self._ocsp.stderr is not None:
                self._ocsp.stderr.close()
            self._ocsp = None


def build_pki(directory: Path, now: dt.datetime) -> LocalPKI:
    directory.mkdir(parents=True, exist_ok=True)
    root = make_ca(ROOT_CN, ORG, not_before=now - dt.timedelta(days=30), years=10)
    ca = make_ca(CA_CN, ORG, parent=root, not_before=now - dt.timedelta(days=30), years=5)
    (directory / "root.pem").write_bytes(root.certificate.public_bytes(Encoding.PEM))
    (directory / "ca.pem").write_bytes(ca.certificate.public_bytes(Encoding.PEM))
    (directory / "ca.key").write_bytes(ca.key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    return LocalPKI(directory, root, ca, free_port(), free_port())


TOKEN_HOLDERS = {  # the same three cases, on a real SoftHSM2 token (for the scan and the CLI)
    "good": ("Bon", True),
    "revoked-ocsp": ("Révoqué", True),
    "revoked-crl": ("Listé", False),
}


def token_spec(pki: LocalPKI) -> list[dict[str, object]]:
    objects: list[dict[str, object]] = [
        {
            "kind": "holder",
            "id": f"0{n + 1}",
            "label": case,
            "given_name": name,
            "surname": "Jeton",
            "organisation": "Commune de Test",
            "siren": "212201859",
            "ca": "pki",
            "crl_url": pki.crl_url,
            **({"ocsp_url": pki.ocsp_url} if ocsp else {}),
        }
        for n, (case, (name, ocsp)) in enumerate(TOKEN_HOLDERS.items())
    ]
    objects.append({"kind": "ca", "which": "pki", "id": "ca", "label": "AC de test"})
    return [{"label": "Jeton PKI", "objects": objects}]
