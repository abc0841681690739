"""`certhelper pin --serial S`: test the token's PIN once, with the rules that keep it from locking.

The PIN is asked with getpass (never an option: it would land in the shell history), sent once,
and dropped. Locked: refused. Final try: refused unless --yes-final-try.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from certhelper.cli.commands import common
from certhelper.cli.options import EXIT_ERROR, EXIT_OK, add_module_options
from certhelper.core.model import Module, Snapshot, Token


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pin", help="test the token's PIN once (never at the last try without --yes-final-try)"
    )
    add_module_options(parser)
    common.add_json_option(parser)
    parser.add_argument("--serial", help="serial number of the token (needed when several are plugged)")
    parser.add_argument(
        "--yes-final-try",
        action="store_true",
        help="allow the test when the token says only one try is left (a wrong PIN then locks it)",
    )


def _pick(snap: Snapshot, serial: str | None) -> list[tuple[Module, Token]]:
    return [(m, t) for m, t in snap.tokens if serial is None or t.serial == serial]


def _outcome_message(outcome: str, detail: str) -> tuple[str, str]:
    messages = {
        "ok": "The PIN is correct.",
        "incorrect": "The PIN is incorrect. Do not try again at random: the token locks after a few wrong tries.",
        "locked": "The token says the PIN is locked: ask your provider to unlock it (ChamberSign: support@chambersign.fr).",
        "refused-locked": "The PIN is locked: no PIN was sent. Ask your provider to unlock it (ChamberSign: support@chambersign.fr).",
        "needs-confirmation": "Only one try is left: a wrong PIN would lock the token. No PIN was sent; add --yes-final-try if you are sure.",
        "token-absent": "The token is no longer there: plug it in and try again.",
        "error": "The PIN could not be tested: {detail}",
    }
    return messages.get(outcome, messages["error"]), detail


# How the token's state changed after a wrong PIN (PKCS#11 gives flags, not a counter).
_STATE_NOW = {
    "locked": "The token is now locked.",
    "final-try": "The token now says only one try is left: do not try again, ask for an unlock instead.",
    "count-low": "The token now says a wrong PIN was entered: fewer tries are left.",
}


def run(args: argparse.Namespace) -> int:
    from certhelper.core.tokens.pin_check import check_pin, refusal

    t = common.text(args)
    cat = common.load_catalogue(args)
    found = common.candidates(args, cat)
    if not found:
        print(f"certhelper: {common.no_module_message(args)}", file=sys.stderr)
        return EXIT_ERROR
    snap = common.snapshot(args, cat, found)
    chosen = _pick(snap, args.serial)
    if not chosen:
        message = t("no token with serial {serial}", serial=args.serial) if args.serial else t("no token plugged")
        print(f"certhelper: {message}", file=sys.stderr)
        return EXIT_ERROR
    if len(chosen) > 1:
        serials = ", ".join(tok.serial for _, tok in chosen)
        print(
            f"certhelper: {t('several tokens are plugged ({serials}): choose one with --serial', serials=serials)}",
            file=sys.stderr,
        )
        return EXIT_ERROR
    module, token = chosen[0]
    refused = refusal(token.pin, args.yes_final_try)
    pin: str | None = None
    if refused is None:
        if token.pin.protected_auth_path:
            print(t("Enter the PIN on the token's own keypad or window."), file=sys.stderr)
        else:
            try:
                pin = getpass.getpass(
                    t("PIN of token {label} (serial {serial}): ", label=token.label, serial=token.serial)
                )
            except (EOFError, KeyboardInterrupt):
                pin = ""
            if not pin:
                print(f"certhelper: {t('no PIN entered: nothing was sent')}", file=sys.stderr)
                return EXIT_ERROR
        result = check_pin(
            module.path, token.serial, pin, confirm_final_try=args.yes_final_try, timeout=args.timeout * 6
        )
        pin = None
        outcome, detail, pin_sent, state_now = result.outcome, result.detail, result.pin_sent, result.state_now
        before, after = vars(result.before), vars(result.after) if result.after else None
        error = result.error
    else:
        outcome, detail, pin_sent, state_now, before, after = refused, "", False, None, vars(token.pin), None
        error = ""
    template, detail = _outcome_message(outcome, detail)
    # A plain sentence from the error code; the library's own text only with --verbose (and in the JSON).
    said = t.reason({"code": error, "detail": detail}, verbose=getattr(args, "verbose", False), kind="pin")
    message = t(template, detail=said)
    if args.json:
        common.print_json(
            {
                "schema": 1,
                "serial": token.serial,
                "module": module.path,
                "outcome": outcome,
                "pin_sent": pin_sent,
                "detail": detail,
                "error": error or None,
                "before": before,
                "after": after,
                "state_now": state_now,
            }
        )
    stream = sys.stdout if outcome == "ok" and not args.json else sys.stderr
    print(message if outcome == "ok" else f"certhelper: {message}", file=stream)
    if state_now:
        print(f"certhelper: {t(_STATE_NOW[state_now])}", file=sys.stderr)
    return EXIT_OK if outcome == "ok" else EXIT_ERROR
