""" "Test my PIN": one login, asked for by the user, with the rules that keep a token from locking.

- The token's flags are read again just before the login (the window's snapshot may be old).
- A locked PIN is never sent; at the final try it is sent only with `confirm_final_try`.
- A token with a protected authentication path (PIN pad, vendor dialog) is logged in through it,
  without a PIN from us.
- The C_Login runs in a child process: vendor code that crashes or hangs cannot take the caller
  (the window) down. The child is a fresh interpreter rather than a fork because the GUI process
  has threads, and fork with threads may deadlock; the PIN travels on its stdin, never in argv,
  the environment, a log or a file.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from certhelper.core.model import PinState

logger = logging.getLogger(__name__)

OUTCOMES = ("ok", "incorrect", "locked", "refused-locked", "needs-confirmation", "token-absent", "error")
# Why an "error" outcome happened (PinCheckResult.error); sentences in resources/i18n/reasons.toml [pin].
ERRORS = ("module-unusable", "no-pin", "cannot-start", "timed-out", "stopped", "bad-answer", "login-failed")
DEFAULT_TIMEOUT = 120.0  # a PIN pad waits for the person: give them time


@dataclass(frozen=True)
class PinCheckResult:
    outcome: str  # one of OUTCOMES
    before: PinState  # flags read just before the (possible) login
    after: PinState | None = None  # flags after the login; None when no login was tried
    detail: str = ""  # the library's own text, for "Détails" only
    error: str = ""  # outcome "error": one of ERRORS

    @property
    def pin_sent(self) -> bool:
        return self.after is not None

    @property
    def state_now(self) -> str | None:
        """What the token says after the try, when it got worse: "locked", "final-try", "count-low"."""
        after = self.after
        if after is None:
            return None
        for name, now, was in (
            ("locked", after.locked, self.before.locked),
            ("final-try", after.final_try, self.before.final_try),
            ("count-low", after.count_low, self.before.count_low),
        ):
            if now and not was:
                return name
        return None


def refusal(pin: PinState, confirm_final_try: bool) -> str | None:
    """Why a login must not be tried with these flags (an outcome code), or None to go ahead."""
    if pin.locked:
        return "refused-locked"
    if pin.final_try and not confirm_final_try:
        return "needs-confirmation"
    return None


def _find_token(lib: Any, serial: str) -> Any | None:
    for slot in lib.get_slots(token_present=True):
        try:
            token = slot.get_token()
        except Exception:  # a slot emptied between the list and the read
            continue
        if bytes(token.serial).decode("utf-8", "replace").strip().rstrip("\x00").strip() == serial:
            return token
    return None


def _run_login(request: dict[str, Any]) -> dict[str, Any]:
    """In the child: re-read the flags, apply the rules, log in once, read the flags again."""
    import pkcs11
    from pkcs11 import exceptions as px

    from certhelper.core.errors import ModuleLoadError
    from certhelper.core.tokens.pkcs11_scan import load_library, pin_state

    empty = PinState()
    try:
        lib = load_library(request["module"])
    except ModuleLoadError as exc:
        return {"outcome": "error", "error": "module-unusable", "before": vars(empty), "detail": exc.reason}
    token = _find_token(lib, request["serial"])
    if token is None:
        return {"outcome": "token-absent", "before": vars(empty), "detail": ""}
    before = pin_state(int(token.flags))
    refused = refusal(before, bool(request.get("confirm_final_try")))
    if refused:
        return {"outcome": refused, "before": vars(before), "detail": ""}
    pin = request.get("pin")
    if pin is None and not before.protected_auth_path:
        return {"outcome": "error", "error": "no-pin", "before": vars(before), "detail": ""}
    secret: Any = pkcs11.PROTECTED_AUTH if before.protected_auth_path and pin is None else pin
    outcome, detail, error = "ok", "", ""
    try:
        with token.open(user_pin=secret):
            pass
    except px.PinIncorrect:
        outcome = "incorrect"
    except px.PinLocked:
        outcome = "locked"
    except (px.TokenNotPresent, px.NoSuchToken):
        outcome = "token-absent"
    except Exception as exc:
        outcome, detail, error = "error", type(exc).__name__, "login-failed"
    finally:
        secret = pin = None
        request.pop("pin", None)
    after_token = _find_token(lib, request["serial"])
    after = pin_state(int(after_token.flags)) if after_token is not None else before
    return {"outcome": outcome, "error": error, "before": vars(before), "after": vars(after), "detail": detail}


def _result(data: dict[str, Any]) -> PinCheckResult:
    after = data.get("after")
    outcome = data.get("outcome", "error") if data.get("outcome") in OUTCOMES else "error"
    error = str(data.get("error") or "")
    return PinCheckResult(
        outcome=outcome,
        before=PinState(**data.get("before", {})),
        after=PinState(**after) if isinstance(after, dict) else None,
        detail=str(data.get("detail", "")),
        error=(error if error in ERRORS else "bad-answer") if outcome == "error" else "",
    )


def check_pin(
    module_path: str,
    token_serial: str,
    pin: str | None,
    *,
    confirm_final_try: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> PinCheckResult:
    """Try the PIN once on the token `token_serial` of `module_path`; pin None uses the PIN pad."""
    request = {"module": module_path, "serial": token_serial, "pin": pin, "confirm_final_try": confirm_final_try}
    payload = json.dumps(request)
    request.clear()
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "certhelper.core.tokens.pin_check"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        return PinCheckResult("error", PinState(), detail=str(exc.strerror or exc), error="cannot-start")
    try:
        out, _ = proc.communicate(payload.encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        logger.warning("PIN check on token %s did not answer within %.0f s", token_serial, timeout)
        return PinCheckResult("error", PinState(), detail=f"no answer within {timeout:.0f} s", error="timed-out")
    finally:
        payload = ""
    if proc.returncode != 0:
        logger.warning("PIN check child ended with code %s", proc.returncode)
        return PinCheckResult("error", PinState(), detail=f"exit code {proc.returncode}", error="stopped")
    try:
        result = _result(json.loads(out))
    except (ValueError, TypeError) as exc:
        return PinCheckResult("error", PinState(), detail=str(exc), error="bad-answer")
    logger.info("PIN check on token %s: %s", token_serial, result.outcome)  # the outcome only, never the PIN
    return result


def _child_main() -> int:
    from certhelper.core.quiet import silence_python_warnings

    silence_python_warnings()
    request = json.loads(sys.stdin.read() or "{}")
    try:
        answer = _run_login(request)
    except Exception as exc:  # the parent turns this into a message
        answer = {"outcome": "error", "error": "login-failed", "before": vars(PinState()), "detail": type(exc).__name__}
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
