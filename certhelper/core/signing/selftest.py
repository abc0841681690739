""" "Will my signature work?": sign a test PDF with the token's key, write it, verify it.

The signature runs in a child process (sign_child): a vendor module that crashes or hangs cannot
take the window or the command down, and the PIN reaches it on a pipe only. The file is written
here, atomically, and only once the child has returned a signed PDF: a wrong PIN, a removed token
or a failing module leaves nothing behind.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import json
import logging
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from certhelper.core.files import atomic_write_bytes
from certhelper.core.model import Certificate, PinState
from certhelper.core.signing.verify import VerifyOptions, VerifyReport, verify_pdf
from certhelper.core.tokens.pin_check import PinCheckResult

logger = logging.getLogger(__name__)

# What can happen; front-ends map each code to a sentence.
OUTCOMES = (
    "signed",  # signed, written, verified
    "incorrect",  # wrong PIN (the token counted one try)
    "locked",  # the token said the PIN is locked when we logged in
    "refused-locked",  # locked before: no PIN sent
    "needs-confirmation",  # final try and no confirmation: no PIN sent
    "token-absent",  # the token went away
    "no-certificate",  # the chosen certificate is no longer on the token
    "no-key",  # the certificate has no private key on the token
    "module-error",  # the module could not be loaded
    "sign-error",  # the module refused to sign (mechanism, key usage, time-stamp server…)
    "write-error",  # signed, but the file could not be written
    "timeout",  # the child did not answer in time
    "error",  # anything else (the child died…)
)
DEFAULT_TIMEOUT = 180.0  # a PIN pad, then a time-stamp server: give them time
SUBFILTER = "ETSI.CAdES.detached"


@dataclass(frozen=True)
class SignTestRequest:
    module: str
    serial: str
    certificate: Certificate
    lang: str = "fr"
    timestamp_url: str | None = None
    confirm_final_try: bool = False


@dataclass(frozen=True)
class SignTestResult:
    outcome: str  # one of OUTCOMES
    before: PinState
    after: PinState | None = None  # None when no PIN was sent
    detail: str = ""  # technical detail, for "Détails"/--verbose
    path: Path | None = None  # the signed PDF, only when outcome == "signed"
    signer: str = ""
    certificate_sha256: str = ""
    level: str = ""  # the level asked for: B-B, or B-T with a time-stamp server
    verification: VerifyReport | None = None

    @property
    def pin_sent(self) -> bool:
        return self.after is not None

    @property
    def state_now(self) -> str | None:
        """How the PIN flags got worse with this try: "locked", "final-try", "count-low" or None."""
        return PinCheckResult(self.outcome, self.before, self.after).state_now

    def to_dict(self) -> dict[str, object]:
        return {
            "outcome": self.outcome,
            "file": str(self.path) if self.path else None,
            "signer": self.signer,
            "certificate_sha256": self.certificate_sha256,
            "subfilter": SUBFILTER if self.outcome == "signed" else None,
            "level": self.level or None,
            "pin_sent": self.pin_sent,
            "before": dataclasses.asdict(self.before),
            "after": dataclasses.asdict(self.after) if self.after else None,
            "state_now": self.state_now,
            "detail": self.detail,
            "verification": self.verification.to_dict() if self.verification else None,
        }


def _child(payload: str, timeout: float) -> tuple[dict[str, object] | None, str, str]:
    """Run the child; (answer, outcome when no answer, detail)."""
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "certhelper.core.signing.sign_child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        return None, "error", f"cannot start the signature ({exc.strerror})"
    try:
        out, _ = proc.communicate(payload.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return None, "timeout", f"the token did not answer within {timeout:.0f} s"
    if proc.returncode != 0:
        return None, "error", f"the module stopped the signature (exit code {proc.returncode})"
    try:
        answer = json.loads(out)
    except ValueError as exc:
        return None, "error", f"unreadable answer ({exc})"
    return (answer if isinstance(answer, dict) else None), "error", "unreadable answer"


def sign_test(
    request: SignTestRequest,
    pin: str | None,
    output: Path,
    *,
    now: dt.datetime,
    offline: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
) -> SignTestResult:
    """Sign the test PDF once with `pin` (None: the token's PIN pad), write it to `output`, verify it."""
    cert = request.certificate
    level = "B-T" if request.timestamp_url else "B-B"

    def result(outcome: str, before: PinState, after: PinState | None = None, detail: str = "") -> SignTestResult:
        return SignTestResult(
            outcome, before, after, detail, signer=cert.holder, certificate_sha256=cert.sha256, level=level
        )

    message = {
        "module": request.module,
        "serial": request.serial,
        "pin": pin,
        "confirm_final_try": request.confirm_final_try,
        "certificate_sha256": cert.sha256,
        "holder": cert.holder,
        "when": now.isoformat(),
        "lang": request.lang,
        "timestamp_url": request.timestamp_url,
    }
    payload = json.dumps(message)
    message.clear()
    pin = None
    answer, failure, detail = _child(payload, timeout)
    payload = ""
    if answer is None:
        logger.warning("self-test signature on token %s: %s", request.serial, failure)
        return result(failure, PinState(), detail=detail)
    outcome = str(answer.get("outcome", "error"))
    outcome = outcome if outcome in OUTCOMES else "error"
    before_raw = answer.get("before")
    before = PinState(**before_raw) if isinstance(before_raw, dict) else PinState()
    after_raw = answer.get("after")
    after = PinState(**after_raw) if isinstance(after_raw, dict) else None
    detail = str(answer.get("detail", ""))
    logger.info("self-test signature on token %s: %s", request.serial, outcome)  # never the PIN
    if outcome != "signed":
        return result(outcome, before, after, detail)
    try:
        atomic_write_bytes(output, base64.b64decode(str(answer["pdf"])))
    except OSError as exc:
        return result("write-error", before, after, f"{output}: {exc.strerror}")
    report = verify_pdf(output, offline=offline, options=VerifyOptions(offline=offline, now=now))
    return dataclasses.replace(result("signed", before, after), path=output, verification=report)
