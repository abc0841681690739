"""`certhelper sign-test`: prove the token's key signs — a PAdES test PDF, signed, written, verified.

The PIN rules are the PIN test's: nothing is sent when the PIN is locked, nor at the final try
without --final-try; one C_Login; the PIN is read without echo from a terminal, or as one line on
standard input otherwise, and dropped. Nothing is written unless the signature succeeded.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from certhelper.cli.commands import common
from certhelper.cli.commands.verify import signature_lines
from certhelper.cli.options import EXIT_ERROR, EXIT_OK, add_module_options, output_path
from certhelper.cli.text import Text
from certhelper.core.model import Module, Snapshot, Token
from certhelper.core.settings import offline_wanted

_OUTCOMES = {
    "incorrect": "The PIN is incorrect: nothing was signed and no file was written. Do not try again at random: the token locks after a few wrong tries.",
    "locked": "The token says the PIN is locked: nothing was signed. Ask your provider to unlock it (ChamberSign: support@chambersign.fr).",
    "refused-locked": "The PIN is locked: no PIN was sent, nothing was signed. Ask your provider to unlock it (ChamberSign: support@chambersign.fr).",
    "needs-confirmation": "Only one try is left: a wrong PIN would lock the token. No PIN was sent; add --final-try if you are sure of your PIN.",
    "token-absent": "The token is no longer there: plug it in and try again. Nothing was written.",
    "no-certificate": "The chosen certificate is no longer on the token. Nothing was written.",
    "no-key": "The token has no private key for this certificate: it cannot sign with it. Nothing was written.",
    "module-error": "The token's driver could not be loaded: {detail}. Nothing was written.",
    "sign-error": "The token refused to sign: {detail}. Nothing was written.",
    "write-error": "The document was signed but could not be written: {detail}.",
    "timeout": "The token did not answer in time. Nothing was written.",
    "error": "The signature test failed: {detail}. Nothing was written.",
}

_STATE_NOW = {
    "locked": "The token is now locked.",
    "final-try": "The token now says only one try is left: do not try again, ask for an unlock instead.",
    "count-low": "The token now says a wrong PIN was entered: fewer tries are left.",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sign-test", help="sign a test PDF with the token's key (PAdES), then check the signature"
    )
    parser.set_defaults(command="sign_test")  # the module's name (argparse would keep "sign-test")
    add_module_options(parser)
    common.add_json_option(parser)
    parser.add_argument("--output", "-o", type=output_path, metavar="FILE", help="where to write the signed PDF")
    parser.add_argument("--serial", help="serial number of the token (needed when several are plugged)")
    parser.add_argument(
        "--certificate", metavar="SHA256", help="the certificate to sign with: its SHA-256 or the start of it"
    )
    parser.add_argument(
        "--final-try",
        "--yes-final-try",
        dest="final_try",
        action="store_true",
        help="allow the signature when the token says only one try is left (a wrong PIN then locks it)",
    )


def _pick(snap: Snapshot, serial: str | None) -> list[tuple[Module, Token]]:
    return [(m, tok) for m, tok in snap.tokens if serial is None or tok.serial == serial]


def _fail(message: str) -> int:
    print(f"certhelper: {message}", file=sys.stderr)
    return EXIT_ERROR


def read_pin(t: Text, token: Token) -> str:
    """Without echo from a terminal; one line from standard input otherwise (a pipe, a test)."""
    prompt = t("PIN of token {label} (serial {serial}): ", label=token.label, serial=token.serial)
    try:
        if sys.stdin is not None and sys.stdin.isatty():
            return getpass.getpass(prompt)
        line = sys.stdin.readline() if sys.stdin is not None else ""
        return line.rstrip("\r\n")
    except (EOFError, KeyboardInterrupt):
        return ""


def _default_output(now_text: str) -> Path:
    return Path.cwd() / f"test-signature-{now_text}.pdf"


def run(args: argparse.Namespace) -> int:
    from certhelper.core.clock import now_utc
    from certhelper.core.signing.selection import choose_certificate
    from certhelper.core.signing.selftest import SignTestRequest, sign_test
    from certhelper.core.tokens.pin_check import refusal

    t = common.text(args)
    cat = common.load_catalogue(args)
    found = common.candidates(args, cat)
    if not found:
        return _fail(common.no_module_message(args))
    snap = common.scan(args, cat, found)
    common.report_module_errors(args, snap)
    chosen = _pick(snap, args.serial)
    if not chosen:
        return _fail(t("no token with serial {serial}", serial=args.serial) if args.serial else t("no token plugged"))
    if len(chosen) > 1:
        serials = ", ".join(tok.serial for _, tok in chosen)
        return _fail(t("several tokens are plugged ({serials}): choose one with --serial", serials=serials))
    module, token = chosen[0]
    now = now_utc()
    choice = choose_certificate(token, args.certificate, now)
    if choice.outcome == "no-match":
        return _fail(t("no certificate on this token starts with {prefix}", prefix=args.certificate))
    if choice.outcome == "ambiguous":
        return _fail(t("several certificates start with {prefix}: give more characters", prefix=args.certificate))
    if choice.certificate is None:
        return _fail(t("this token has no certificate valid today with its private key: nothing to sign with"))
    cert = choice.certificate
    refused = refusal(token.pin, args.final_try)
    if refused:
        return _fail(t(_OUTCOMES[refused], detail=""))
    pin: str | None = None
    if token.pin.protected_auth_path:
        print(t("Enter the PIN on the token's own keypad or window."), file=sys.stderr)
    else:
        pin = read_pin(t, token)
        if not pin:
            return _fail(t("no PIN entered: nothing was sent"))
    settings = common.settings(args)
    output = Path(args.output) if args.output else _default_output(now.strftime("%Y%m%d-%H%M%S"))
    request = SignTestRequest(
        module=module.path,
        serial=token.serial,
        certificate=cert,
        lang=t.lang,
        timestamp_url=settings.timestamp_url,
        confirm_final_try=args.final_try,
    )
    offline = offline_wanted(settings, bool(getattr(args, "offline", False)))
    timeout = max(getattr(args, "timeout", 20.0) * 6, 60.0)
    result = sign_test(request, pin, output, now=now, offline=offline, timeout=timeout)
    pin = None
    if args.json:
        common.print_json({"schema": 1, "serial": token.serial, "module": module.path, **result.to_dict()})
    if result.outcome != "signed":
        _fail(t(_OUTCOMES.get(result.outcome, _OUTCOMES["error"]), detail=result.detail or "?"))
        if result.state_now:
            _fail(t(_STATE_NOW[result.state_now]))
        return EXIT_ERROR
    report = result.verification
    intact = report is not None and report.signatures and all(s.integrity == "intact" for s in report.signatures)
    if not args.json:
        print(t("The token's key signed the test document: {file}", file=result.path))
        print(t("Signer: {signer} (certificate {sha256})", signer=result.signer, sha256=result.certificate_sha256[:16]))
        print(t("Format: PAdES (ETSI.CAdES.detached), level {level}", level=result.level))
        if report is not None:
            for sig in report.signatures:
                print("\n".join(signature_lines(t, sig)))
    if not intact:
        return _fail(t("The signed document does not verify: the token's signature cannot be trusted."))
    return EXIT_OK
