"""Drivers that crash, hang or fail, and tokens pulled out mid-read, against the fault module.

Each case runs the real `certhelper` command (in this process: each module is still read in its own
child process, where the driver crashes or hangs) with two modules: the fault module (SoftHSM2 behind
a driver that misbehaves on purpose) and plain SoftHSM2. The bad one is named on one clear line,
the good one is still read, and the exit code says "warning" (1), or "error" (2) when nothing
could be read. The JSON gives a stable code (core.errors) with the library's text as `detail`; the
line a person reads is a plain sentence, the library's text only with --verbose.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.fault_module.control import FaultModule
from tests.helpers import Store, run_cli_in_process

pytest_plugins = ["tests.fault_module.fixtures"]  # builds the fault module; make_fault, reliability_numbers

CRASHES = [
    ("segv", "C_Initialize", "SIGSEGV"),
    ("abort", "C_GetSlotList", "SIGABRT"),
    ("segv", "C_GetTokenInfo", "SIGSEGV"),
    ("abort", "C_OpenSession", "SIGABRT"),
    ("segv", "C_FindObjects", "SIGSEGV"),
    ("segv", "C_GetAttributeValue", "SIGSEGV"),
]


# The exit code is the assessment's one severity (core.assessment.severity): when the good module's
# token is read, its expired certificate and mismatched key make it critical, whatever the bad module.
MAIN_TOKEN_EXIT = 2


def status(fault: FaultModule, *modules: str, timeout: str = "20") -> tuple[dict, subprocess.CompletedProcess[str]]:
    proc = run_cli_in_process(
        "status", "--json", "--timeout", timeout, *[a for m in modules for a in ("--module", m)], env=fault.env
    )
    assert "Traceback" not in proc.stderr + proc.stdout
    return json.loads(proc.stdout), proc


def lines_naming(proc: subprocess.CompletedProcess[str], path: str) -> list[str]:
    return [line for line in proc.stderr.splitlines() if path in line]


@pytest.mark.parametrize(("kind", "function", "signal_name"), CRASHES)
def test_a_crashing_driver_is_named_and_the_other_module_is_still_read(
    kind: str, function: str, signal_name: str, main_store: Store, make_fault, inject
) -> None:
    fault = make_fault(main_store)
    inject(f"pkcs11:{kind}@{function}")
    fault.configure(fault=kind, fault_function=function)
    doc, proc = status(fault, fault.path, main_store.module)
    assert proc.returncode == MAIN_TOKEN_EXIT, proc.stderr
    bad, good = doc["modules"]
    assert bad["path"] == fault.path and bad["tokens"] == []
    assert bad["error"]["code"] == "crashed" and bad["error"]["signal"] == signal_name
    assert good["error"] is None and good["tokens"][0]["label"] == "Mairie de Plérin"
    assert len(good["tokens"][0]["certificates"]) == 4
    [line] = lines_naming(proc, fault.path)
    assert "the driver crashed" in line and signal_name not in line  # the signal is for --verbose
    assert fault.faults() == [f"fault {kind} {function}"]


@pytest.mark.faults("pkcs11:segv@C_GetTokenInfo")
def test_a_crash_when_it_is_the_only_module_is_an_error_in_french_too(main_store: Store, make_fault) -> None:
    fault = make_fault(main_store)
    fault.configure(fault="segv", fault_function="C_GetTokenInfo")
    proc = run_cli_in_process("status", "--module", fault.path, env={**fault.env, "LANG": "fr_FR.UTF-8"})
    assert proc.returncode == 2
    [line] = lines_naming(proc, fault.path)
    assert "le pilote s'est arrêté brutalement" in line and "impossible de lire le module" in line
    assert "SIGSEGV" not in line and "crash" not in line
    assert "Traceback" not in proc.stderr + proc.stdout
    verbose = run_cli_in_process(
        "--verbose", "status", "--module", fault.path, env={**fault.env, "LANG": "fr_FR.UTF-8"}
    )
    [line] = [x for x in lines_naming(verbose, fault.path) if "impossible de lire le module" in x]
    assert "le pilote s'est arrêté brutalement" in line and "SIGSEGV" in line


@pytest.mark.parametrize(
    ("function", "where"),
    [
        ("C_Initialize", "module"),  # cannot even be loaded
        ("C_GetSlotList", "module"),
        ("C_GetTokenInfo", "module"),
        ("C_OpenSession", "token"),  # the module answers, this token cannot be read
    ],
)
def test_a_driver_returning_general_error_is_reported_where_it_failed(
    function: str, where: str, main_store: Store, make_fault, inject
) -> None:
    fault = make_fault(main_store)
    inject(f"pkcs11:general_error@{function}")
    fault.configure(fault="general_error", fault_function=function)
    doc, proc = status(fault, fault.path, main_store.module)
    assert proc.returncode == (MAIN_TOKEN_EXIT if where == "module" else 1)  # the same token, unread: a warning
    bad, good = doc["modules"]
    assert good["error"] is None and good["tokens"][0]["certificates"]
    if where == "module":
        code = "not-pkcs11" if function == "C_Initialize" else "scan-failed"
        assert bad["error"]["code"] == code and "GeneralError" in bad["error"]["detail"] and not bad["tokens"]
        [line] = lines_naming(proc, fault.path)
        assert "GeneralError" not in line and ("driver" in line)
    else:
        assert bad["error"] is None
        [token] = bad["tokens"]
        assert token["error"]["code"] == "read-failed" and "GeneralError" in token["error"]["detail"]
        assert token["certificates"] == []
    assert fault.faults()


@pytest.mark.faults("pkcs11:general_error@C_GetAttributeValue")
def test_a_driver_failing_every_attribute_read_marks_the_token_unread_not_the_app(
    main_store: Store, make_fault
) -> None:
    fault = make_fault(main_store)
    fault.configure(fault="general_error", fault_function="C_GetAttributeValue")
    doc, proc = status(fault, fault.path)
    assert proc.returncode == 1
    [token] = doc["modules"][0]["tokens"]
    assert token["label"] == "Mairie de Plérin" and token["certificates"] == []
    assert token["error"]["code"] == "read-failed" and "GeneralError" in token["error"]["detail"]
    text = run_cli_in_process("status", "--module", fault.path, env=fault.env)
    assert "could not be read: reading the token failed" in text.stdout and "GeneralError" not in text.stdout
    verbose = run_cli_in_process("--verbose", "status", "--module", fault.path, env=fault.env)
    assert "reading the token failed" in verbose.stdout and "GeneralError" in verbose.stdout


@pytest.mark.parametrize("function", ["C_GetTokenInfo", "C_FindObjects"])
def test_a_hanging_driver_is_cut_off_by_the_timeout(function: str, main_store: Store, make_fault, inject) -> None:
    fault = make_fault(main_store)
    inject(f"pkcs11:hang@{function}")
    fault.configure(fault="hang", fault_function=function, hang_seconds=3600)
    # --timeout: not the default 20 s; half a second, which the good module is read well within.
    doc, proc = status(fault, fault.path, main_store.module, timeout="0.5")
    assert proc.returncode == MAIN_TOKEN_EXIT
    bad, good = doc["modules"]
    assert bad["path"] == fault.path and bad["error"]["code"] == "timed-out" and bad["error"]["seconds"] == 0.5
    assert good["tokens"][0]["label"] == "Mairie de Plérin"
    [line] = lines_naming(proc, fault.path)
    assert "the driver did not answer within 0.5\u00a0s" in line
    assert fault.faults() == [f"fault hang {function}"]


GONE = ["token_not_present", "device_removed", "session_handle_invalid"]


@pytest.mark.parametrize("kind", GONE)
@pytest.mark.parametrize(
    ("function", "after"), [("C_GetAttributeValue", 3), ("C_FindObjects", 1), ("C_FindObjectsInit", 1)]
)
def test_a_token_pulled_mid_read_is_reported_removed_and_the_next_scan_is_clean(
    kind: str, function: str, after: int, main_store: Store, make_fault, inject
) -> None:
    fault = make_fault(main_store)
    inject(f"pkcs11:{kind}@{function}")  # the token removed mid-read, as each driver reports it
    fault.configure(fault=kind, fault_function=function, fault_after=after)
    doc, proc = status(fault, fault.path)
    assert proc.returncode == 1
    module = doc["modules"][0]
    assert module["error"] is None
    [token] = module["tokens"]
    assert token["error"] == {"code": "token-removed", "detail": None} and token["label"] == "Mairie de Plérin"
    assert fault.faults() == [f"fault {kind} {function}"]

    fault.configure()  # plugged back in
    doc, proc = status(fault, fault.path)
    [token] = doc["modules"][0]["tokens"]
    assert token["error"] is None and len(token["certificates"]) == 4 and len(token["unreadable"]) == 1


@pytest.mark.faults("pkcs11:token_not_present@C_GetTokenInfo")
def test_a_token_pulled_before_its_objects_are_read_is_simply_not_there(main_store: Store, make_fault) -> None:
    fault = make_fault(main_store)
    fault.configure(fault="token_not_present", fault_function="C_GetTokenInfo")
    doc, _ = status(fault, fault.path, main_store.module)
    assert doc["modules"][0]["error"] is None and doc["modules"][0]["tokens"] == []
    assert doc["modules"][1]["tokens"][0]["label"] == "Mairie de Plérin"
    assert fault.faults() == ["fault token_not_present C_GetTokenInfo"]


@pytest.mark.faults("pkcs11:device_removed@C_GetAttributeValue")
def test_the_text_output_says_the_token_went_away_then_reads_it_once_back(main_store: Store, make_fault) -> None:
    fault = make_fault(main_store)
    fault.configure(fault="device_removed", fault_function="C_GetAttributeValue", fault_after=2)
    proc = run_cli_in_process("status", "--module", fault.path, env=fault.env)
    assert proc.returncode == 1
    assert "the token was removed during the reading" in proc.stdout
    fault.configure(removed=1)  # still out: no token, and nothing wrong with the module
    proc = run_cli_in_process("status", "--module", fault.path, env=fault.env)
    assert "no token plugged" in proc.stdout and proc.stderr == ""
    fault.configure()
    proc = run_cli_in_process("status", "--module", fault.path, env=fault.env)
    assert "the token was removed" not in proc.stdout and proc.stdout.count("Commune de Plérin") == 4


@pytest.mark.parametrize(("kind", "function"), [("segv", "C_GetTokenInfo"), ("hang", "C_GetSlotList")])
def test_diagnose_and_check_report_the_failed_driver_as_module_load_failed(
    kind: str, function: str, main_store: Store, make_fault, inject
) -> None:
    fault = make_fault(main_store)
    fault.configure(fault=kind, fault_function=function)
    inject(f"pkcs11:{kind}@{function}")
    alone = ("--timeout", "0.5", "--module", fault.path)  # a hang costs each command half a second
    proc = run_cli_in_process("diagnose", "--json", *alone, env=fault.env)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr  # the only driver is unusable: critical
    [failed] = [f for f in json.loads(proc.stdout)["findings"] if f["code"] == "module-load-failed"]
    assert failed["params"]["module"] == fault.path and failed["severity"] == "critical"
    proc = run_cli_in_process("check", *alone, env=fault.env)  # Nagios: 2 = CRITICAL
    assert proc.returncode == 2 and proc.stdout.startswith("CERTHELPER CRITICAL")

    proc = run_cli_in_process("diagnose", "--json", *alone, "--module", main_store.module, env=fault.env)
    findings = json.loads(proc.stdout)["findings"]
    assert [f["params"]["module"] for f in findings if f["code"] == "module-load-failed"] == [fault.path]
    assert any(f["code"] == "cert-expired" for f in findings)  # the good module's token was still diagnosed
    assert len(fault.faults()) == 3  # one per command: each scan met the fault once
