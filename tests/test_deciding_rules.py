"""The small rules that decide an exit code or whether a PIN is sent, pinned at their boundaries.

Pure functions, no token, no process: fast enough to be mutmut's judge (`make mutate`). Each case is
chosen to kill a mutant: every branch, every boundary (0 s, 3600 s), every flag alone and together.
"""

from __future__ import annotations

import pytest

from certhelper.cli.options import EXIT_ERROR, EXIT_OK, EXIT_WARNING, MAX_TIMEOUT, module_path, output_path, timeout
from certhelper.core.assessment import severity
from certhelper.core.assessment.findings import Finding, most_severe_first
from certhelper.core.assessment.model import Severity
from certhelper.core.model import PinState
from certhelper.core.outputs import nagios
from certhelper.core.tokens.pin_check import PinCheckResult, refusal

# ---- PIN guards -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "confirm", "expected"),
    [
        (PinState(), False, None),
        (PinState(), True, None),
        (PinState(count_low=True), False, None),
        (PinState(final_try=True), False, "needs-confirmation"),
        (PinState(final_try=True), True, None),
        (PinState(locked=True), False, "refused-locked"),
        (PinState(locked=True), True, "refused-locked"),  # confirming never unlocks
        (PinState(locked=True, final_try=True), False, "refused-locked"),  # locked is checked first
        (PinState(locked=True, final_try=True), True, "refused-locked"),
    ],
)
def test_refusal(flags: PinState, confirm: bool, expected: str | None) -> None:
    assert refusal(flags, confirm_final_try=confirm) == expected


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (PinState(), None, None),  # no login tried
        (PinState(), PinState(), None),
        (PinState(), PinState(count_low=True), "count-low"),
        (PinState(), PinState(count_low=True, final_try=True), "final-try"),
        (PinState(), PinState(count_low=True, final_try=True, locked=True), "locked"),
        (PinState(count_low=True), PinState(count_low=True), None),  # not worse than before
        (PinState(count_low=True), PinState(count_low=True, final_try=True), "final-try"),
        (PinState(final_try=True), PinState(final_try=True, locked=True), "locked"),
        (PinState(final_try=True), PinState(final_try=True), None),
        (PinState(locked=True), PinState(locked=True), None),
    ],
)
def test_state_now_says_only_what_got_worse(before: PinState, after: PinState | None, expected: str | None) -> None:
    result = PinCheckResult("incorrect", before, after)
    assert result.state_now == expected
    assert result.pin_sent is (after is not None)


# ---- exit codes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("severities", "worst", "exit_code", "state"),
    [
        ([], "ok", EXIT_OK, severity.NAGIOS_OK),
        (["ok"], "ok", EXIT_OK, severity.NAGIOS_OK),
        (["info"], "info", EXIT_OK, severity.NAGIOS_OK),  # notices only: nothing to do
        (["info", "ok"], "info", EXIT_OK, severity.NAGIOS_OK),
        (["warning"], "warning", EXIT_WARNING, severity.NAGIOS_WARNING),
        (["info", "warning", "ok"], "warning", EXIT_WARNING, severity.NAGIOS_WARNING),
        (["critical"], "critical", EXIT_ERROR, severity.NAGIOS_CRITICAL),
        (["warning", "critical", "info"], "critical", EXIT_ERROR, severity.NAGIOS_CRITICAL),
    ],
)
def test_severities_to_exit_codes(severities: list[str], worst: str, exit_code: int, state: int) -> None:
    found = severity.worst(severities)
    assert found == Severity(worst)
    assert severity.exit_code(found) == exit_code and severity.exit_code(worst) == exit_code
    assert severity.nagios_code(found) == state


def test_the_codes_themselves() -> None:
    assert (EXIT_OK, EXIT_WARNING, EXIT_ERROR) == (0, 1, 2)
    assert (severity.EXIT_OK, severity.EXIT_WARNING, severity.EXIT_CRITICAL) == (0, 1, 2)
    codes = (severity.NAGIOS_OK, severity.NAGIOS_WARNING, severity.NAGIOS_CRITICAL, severity.NAGIOS_UNKNOWN)
    assert codes == (0, 1, 2, 3)
    assert nagios.UNKNOWN == 3


def test_unknown_severity_text_is_refused() -> None:
    with pytest.raises(ValueError):
        severity.exit_code("fatal")


def test_most_severe_first() -> None:
    found = most_severe_first([Finding("a", "info"), Finding("b", "critical"), Finding("c", "warning")])
    assert [f.code for f in found] == ["b", "c", "a"]


def test_nagios_unknown_and_its_line() -> None:
    result = nagios.unknown("catalogue | broken")
    assert result.code == nagios.UNKNOWN and result.state == "UNKNOWN"
    assert result.line == "CERTHELPER UNKNOWN - catalogue / broken"  # "|" would start the perfdata


# ---- command-line values --------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["0.001", "1", "20", "3600", str(MAX_TIMEOUT), "1e3"])
def test_timeouts_accepted(text: str) -> None:
    assert timeout(text) == float(text)


@pytest.mark.parametrize("text", ["0", "-0", "-1", "3600.001", "1e9", "nan", "inf", "-inf", "", "x", "1 s"])
def test_timeouts_refused(text: str) -> None:
    with pytest.raises(ValueError):
        timeout(text)


def test_the_timeout_ceiling_is_an_hour() -> None:
    assert MAX_TIMEOUT == 3600.0


@pytest.mark.parametrize("text", ["", " ", "\t", "a\0b"])
def test_module_paths_refused(text: str) -> None:
    with pytest.raises(ValueError):
        module_path(text)
    with pytest.raises(ValueError):
        output_path(text)


@pytest.mark.parametrize("text", ["libidop11.so", "/nonexistent/x.so", " x"])
def test_module_paths_accepted(text: str) -> None:
    assert module_path(text) == text


def test_output_paths(tmp_path) -> None:
    import os

    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "file.json").write_text("{}")
    assert output_path("-") == "-"
    assert output_path(str(tmp_path / "file.json")) == str(tmp_path / "file.json")  # --force decides later
    assert output_path(str(tmp_path)) == str(tmp_path)  # a folder: the command names it itself
    assert output_path(str(tmp_path / "new.ics")) == str(tmp_path / "new.ics")
    with pytest.raises(ValueError):
        output_path(str(tmp_path / "fifo"))


def test_a_dash_is_standard_output_even_where_a_special_file_is_named_dash(tmp_path, monkeypatch) -> None:
    import os

    monkeypatch.chdir(tmp_path)
    os.mkfifo("-")
    assert output_path("-") == "-"


def test_a_finding_as_json_keeps_every_field_under_its_name() -> None:
    finding = Finding("cert-expired", "critical", "S1", "ab" * 32, {"days": -3}, "renewal")
    assert finding.to_dict() == {
        "code": "cert-expired",
        "severity": "critical",
        "token": "S1",
        "certificate": "ab" * 32,
        "params": {"days": -3},
        "guide": "renewal",
    }
    assert finding.to_dict()["params"] is not finding.params  # a copy: the JSON side cannot change the finding
    assert [Finding("x", s).rank for s in ("critical", "warning", "info")] == [0, 1, 2]


# ---- the plugin's line (check) -----------------------------------------------------------------------


def test_the_plugin_line_names_the_three_worst_findings_and_counts_the_rest() -> None:
    from tests.test_mutation_survivors import CAT, big_assessment, small_assessment

    busy = nagios.check_result(big_assessment(), CAT, "en", "all good")
    assert (busy.code, busy.state) == (nagios.CRITICAL, "CRITICAL")
    assert busy.line == (
        "CERTHELPER CRITICAL - 4 tokens are plugged in at the same time; Token “tok S1”: last PIN try left; "
        "Jeanne Martin's certificate expired on 26 November 2026 (+18) | days_left=-3;28:;0: tokens=4;;;0 "
        "certificates=7;;;0 critical=6;;;0 warning=15;;;0"
    )  # 21 critical and warning findings (the 4 notices are not counted); a CA certificate is not counted
    drivers = nagios.check_result(small_assessment(), CAT, "en", "all good")
    assert (drivers.code, drivers.state) == (nagios.WARNING, "WARNING")
    assert drivers.line == (
        "CERTHELPER WARNING - The Idopte driver is not installed; The former Hashlogic driver is installed; "
        "The hlsvc service is not running (+1) | tokens=0;;;0 certificates=0;;;0 critical=0;;;0 warning=4;;;0"
    )  # no certificate: no days_left


def test_the_plugin_line_with_exactly_three_findings_and_with_notices_only() -> None:
    import dataclasses

    from tests.test_mutation_survivors import CAT, small_assessment

    three = dataclasses.replace(small_assessment(), findings=small_assessment().findings[:3])
    assert nagios.check_result(three, CAT, "en").line.split(" | ")[0] == (
        "CERTHELPER WARNING - The Idopte driver is not installed; The former Hashlogic driver is installed; "
        "The hlsvc service is not running"
    )  # no "(+0)"
    notices = dataclasses.replace(small_assessment(), findings=(Finding("no-token", "info"),), severity=Severity.INFO)
    ok = nagios.check_result(notices, CAT, "en", "nothing to do | really")
    assert (ok.code, ok.line) == (
        nagios.OK,
        "CERTHELPER OK - nothing to do / really | tokens=0;;;0 certificates=0;;;0 critical=0;;;0 warning=0;;;0",
    )
    assert nagios.check_result(notices, CAT, "en").line.startswith("CERTHELPER OK - - | ")


def test_the_plugin_line_names_the_token_from_the_snapshot_and_speaks_the_language_asked() -> None:
    import dataclasses

    from tests.test_mutation_survivors import CAT, big_assessment, small_assessment

    bare = dataclasses.replace(big_assessment(), findings=(Finding("pin-final-try", "critical", "S1"),))
    line = nagios.check_result(bare, CAT, "en").line
    assert line.startswith("CERTHELPER CRITICAL - Token “tok S1”: last PIN try left | ")  # its label, not "S1"
    assert nagios.check_result(small_assessment(), CAT, "fr").line.startswith(
        "CERTHELPER WARNING - Le pilote Idopte n'est pas installé; L'ancien pilote Hashlogic est installé; "
    )  # the state stays in English: monitoring tools read it


# ---- the PIN check's answer from its child -------------------------------------------------------------


def test_the_childs_answer_is_read_strictly() -> None:
    """Only a known outcome is believed; anything else is an error, and an error always says which one."""
    from certhelper.core.tokens.pin_check import _result

    flags = {"locked": False, "final_try": True, "count_low": True, "protected_auth_path": False}
    got = _result({"outcome": "incorrect", "before": {}, "after": flags, "detail": "CKR_PIN_INCORRECT"})
    assert got == PinCheckResult("incorrect", PinState(), PinState(**flags), "CKR_PIN_INCORRECT", "")
    assert got.state_now == "final-try"
    assert _result({"outcome": "ok", "before": flags, "error": "login-failed"}) == PinCheckResult(
        "ok", PinState(**flags)
    )  # an error code without an error outcome is dropped; no "after": no PIN was sent
    assert _result({"outcome": "unlocked!", "before": {}}) == PinCheckResult("error", PinState(), error="bad-answer")
    assert _result({}) == PinCheckResult("error", PinState(), error="bad-answer")
    assert _result({"outcome": "error", "error": "no-pin"}).error == "no-pin"
    assert _result({"outcome": "error", "error": "oops"}).error == "bad-answer"
    assert _result({"outcome": "error", "after": "locked"}).after is None
    assert _result({"outcome": "ok", "detail": 42}).detail == "42"
