"""Every front-end renders the same Assessment: same findings, same renewal state, same date text.

Real SoftHSM2 tokens, the real `certhelper` command (launcher.main, in this process: the process itself
adds nothing to what is compared here). Each front-end has one
function `<front-end>(scenario) -> {sha256: (renewal_state, date_text)}` (renewal states as
core.assessment.model.Renewal values, date_text as core.outputs.wording.format_day writes the end of
validity); FRONT_ENDS lists them. The GUI adds its own (window cards, tray tooltip) to FRONT_ENDS
from tests/gui/ — see `register_front_end`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from certhelper.core.clock import paris_day
from certhelper.core.outputs.wording import format_day
from tests.helpers import ORG, SIREN, Store, build_store, run_cli_in_process

LANG = "en"
Verdicts = dict[str, tuple[str, str]]  # sha256 -> (renewal state, date text)


def _holder(cid: str, given: str, surname: str, days_left: int, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "holder",
        "id": cid,
        "label": f"Certificat {given}",
        "given_name": given,
        "surname": surname,
        "organisation": ORG,
        "siren": SIREN,
        "days_before": 1000,
        "days_left": days_left,
        **extra,
    }


# Scenario name -> tokens. Holders' names are unique within a scenario (status text is matched by name).
SCENARIOS: dict[str, list[dict[str, Any]]] = {
    # 10 days from expiry with a 21-day lead time: order today, and no past date anywhere.
    "ten-days-left": [{"label": "Clé Mairie", "objects": [_holder("01", "Yann", "Le Gall", 10)]}],
    # A certificate whose private key is not on the token (the token shows the other pair's keys).
    "certificate-without-key": [
        {
            "label": "Clé Accueil",
            "objects": [_holder("01", "Anne", "Morvan", 400), _holder("02", "Erwan", "Guillou", 60, key="none")],
        }
    ],
    # A key that belongs to another certificate; one fine, one expired.
    "mismatch-and-expired": [
        {
            "label": "Clé Urbanisme",
            "objects": [
                _holder("01", "Iwen", "Le Roux", 300, key="mismatch"),
                _holder("02", "Soizic", "Bihan", -5, key="none"),
                _holder("03", "Tanguy", "Kerouac", 700),
            ],
        }
    ],
}


@dataclass
class Scenario:
    name: str
    store: Store
    env: dict[str, str]
    tmp: Path
    holders: dict[str, dict[str, Any]] = field(default_factory=dict)  # sha256 -> what the builder made
    cache: dict[str, Any] = field(default_factory=dict)

    def run(self, *args: str) -> Any:
        if args not in self.cache:
            self.cache[args] = run_cli_in_process(*args, "--module", self.store.module, "--lang", LANG, env=self.env)
        return self.cache[args]

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json").stdout)


_BUILT: dict[str, Store] = {}  # for the test session: the GUI's agreement test reads the same tokens


@pytest.fixture(scope="session")
def stores(softhsm: str, tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Store]:
    """Each scenario's tokens, built once per test session: reading a token does not change it."""

    def store(name: str) -> Store:
        if name not in _BUILT:
            _BUILT[name] = build_store(tmp_path_factory.mktemp(f"{name}-store"), SCENARIOS[name])
        return _BUILT[name]

    return store


@pytest.fixture(scope="module", params=sorted(SCENARIOS))
def scenario(
    request: pytest.FixtureRequest, stores: Callable[[str], Store], tmp_path_factory: pytest.TempPathFactory
) -> Scenario:
    tmp = tmp_path_factory.mktemp(request.param)
    store = stores(request.param)
    env = {
        **store.env,
        "CERTHELPER_OFFLINE": "1",  # trust has its own tests; no network here
        "XDG_DATA_HOME": str(tmp / "data"),
        "XDG_CONFIG_HOME": str(tmp / "config"),
    }
    made = Scenario(request.param, store, env, tmp)
    for token in store.description["tokens"]:
        for obj in token["objects"]:
            if obj["kind"] == "holder":
                made.holders[obj["sha256"]] = obj
    return made


def _day_text(iso: str) -> str:
    return format_day(dt.datetime.fromisoformat(iso.replace("Z", "+00:00")), LANG)


# --- one function per front-end: {sha256: (renewal state, date text)} ---------------------------------


def status_text(s: Scenario) -> Verdicts:
    """Parsed from `certhelper status`: the holder line, then "Valid until …" / "EXPIRED since …" and the renewal line."""
    lines = s.run("status").stdout.splitlines()
    by_holder = {h["holder"]: sha for sha, h in s.holders.items()}
    out: Verdicts = {}
    for n, line in enumerate(lines):
        name = line.strip().split(" — ")[0]
        if name not in by_holder:
            continue
        block = []
        for following in lines[n + 1 :]:
            if following.strip().split(" — ")[0] in by_holder or not following.startswith("      "):
                break
            block.append(following.strip())
        text = "\n".join(block)
        date = re.search(r"(?:Valid until|EXPIRED since) (\d{1,2} \w+ \d{4})", text)
        assert date, text
        if "EXPIRED since" in text:
            state = "expired"
        elif "order the new certificate today" in text:
            state = "order-now"
        elif "order the new certificate by" in text:
            state = "plan"
        else:
            state = "fine"
        out[by_holder[name]] = (state, date.group(1))
    return out


def status_json(s: Scenario) -> Verdicts:
    doc = s.json("status")
    return {
        c["sha256"]: (c["renewal"]["state"], _day_text(c["not_after"]))
        for m in doc["modules"]
        for t in m["tokens"]
        for c in t["certificates"]
        if not c["is_ca"]
    }


_RENEWAL_CODES = {"cert-expired": "expired", "cert-renew-now": "order-now", "cert-expiring": "plan"}


def diagnose_json(s: Scenario) -> Verdicts:
    """The renewal finding of each certificate (none: fine), dated by its not_after param (a Paris day)."""
    out: Verdicts = {sha: ("fine", _day_text(h["not_after"])) for sha, h in s.holders.items()}
    for f in s.json("diagnose")["findings"]:
        if f["code"] in _RENEWAL_CODES:
            out[f["certificate"]] = (
                _RENEWAL_CODES[f["code"]],
                format_day(dt.date.fromisoformat(f["params"]["not_after"]), LANG),
            )
    return out


def report_json(s: Scenario) -> Verdicts:
    target = s.tmp / "report.json"
    if "report" not in s.cache:
        proc = run_cli_in_process(
            "report", "--module", s.store.module, "--lang", LANG, "--force", "-o", str(target), env=s.env
        )
        assert proc.returncode == 0, proc.stderr
        s.cache["report"] = json.loads(target.read_text(encoding="utf-8"))
    doc = s.cache["report"]
    return {
        c["sha256"]: (c["renewal"]["state"], _day_text(c["not_after"])) for c in doc["certificates"] if not c["is_ca"]
    }


FrontEnd = Callable[[Scenario], Verdicts]
FRONT_ENDS: dict[str, FrontEnd] = {
    "status text": status_text,
    "status --json": status_json,
    "diagnose --json": diagnose_json,
    "report json": report_json,
}


def register_front_end(name: str, front_end: FrontEnd) -> None:
    """The hook for other front-ends (the window's cards, the tray tooltip): same signature, same answers."""
    FRONT_ENDS[name] = front_end


def expected(s: Scenario) -> Verdicts:
    """From what the builder made, by the documented rule (Paris days, order by = end - 21 - 7 days)."""
    now = dt.datetime.now(dt.UTC)
    out: Verdicts = {}
    for sha, h in s.holders.items():
        end = dt.datetime.fromisoformat(h["not_after"].replace("Z", "+00:00"))
        order_by = paris_day(end) - dt.timedelta(days=28)
        if end <= now:
            state = "expired"
        elif order_by <= paris_day(now):
            state = "order-now"
        elif (paris_day(end) - paris_day(now)).days <= 90:
            state = "plan"
        else:
            state = "fine"
        out[sha] = (state, format_day(end, LANG))
    return out


# --- the tests -------------------------------------------------------------------------------------


@pytest.mark.parametrize("front_end", sorted(FRONT_ENDS))
def test_renewal_state_and_date_text_agree(scenario: Scenario, front_end: str) -> None:
    assert FRONT_ENDS[front_end](scenario) == expected(scenario)


def test_findings_agree(scenario: Scenario) -> None:
    diagnosed = scenario.json("diagnose")
    codes = sorted((f["code"], f["certificate"] or "") for f in diagnosed["findings"])
    status = scenario.json("status")
    assert sorted((f["code"], f["certificate"] or "") for f in status["findings"]) == codes
    report_json(scenario)
    assert sorted((f["code"], f["certificate"] or "") for f in scenario.cache["report"]["findings"]) == codes
    # Per certificate, the status JSON carries the codes of the findings about it, and the worst severity.
    for cert in (c for m in status["modules"] for t in m["tokens"] for c in t["certificates"]):
        assert sorted(cert["findings"]) == sorted({code for code, sha in codes if sha == cert["sha256"]})
    # check: the same severity, as a plugin state; the same problems named on its line.
    check = scenario.run("check")
    assert check.returncode == {"ok": 0, "info": 0, "warning": 1, "critical": 2}[diagnosed["severity"]]
    assert status["severity"] == diagnosed["severity"] == scenario.cache["report"]["severity"]
    # The key: status says "no matching key" exactly for the certificates diagnose names in cert-without-key.
    without_key = {sha for code, sha in codes if code == "cert-without-key"}
    keyless = {
        c["sha256"]
        for m in status["modules"]
        for t in m["tokens"]
        for c in t["certificates"]
        if c["key_match"] == "missing"
    }
    assert keyless == without_key
    assert status["modules"][0]["tokens"][0]["certificates"]  # something was read


def test_certificate_without_key_is_said_everywhere(stores: Callable[[str], Store], tmp_path: Path) -> None:
    """Acceptance: status, diagnose --json (a finding) and check all say the key is missing."""
    store = stores("certificate-without-key")
    env = {**store.env, "CERTHELPER_OFFLINE": "1", "XDG_DATA_HOME": str(tmp_path / "data")}
    keyless = next(o for o in store.objects("Clé Accueil", "holder") if o["key"] == "none")
    args = ("--module", store.module, "--lang", LANG)
    status = run_cli_in_process("status", *args, env=env).stdout
    after = status.split(keyless["holder"], 1)[1].splitlines()[1:]
    block = "\n".join(
        line for line in after[: next((n for n, x in enumerate(after) if not x.startswith("      ")), None)]
    )
    assert "no matching key on the token" in block
    diagnosed = json.loads(run_cli_in_process("diagnose", "--json", *args, env=env).stdout)
    (finding,) = [f for f in diagnosed["findings"] if f["code"] == "cert-without-key"]
    assert finding["certificate"] == keyless["sha256"] and finding["severity"] == "warning"
    check = run_cli_in_process("check", *args, env=env)
    assert check.returncode == 1 and "has no private key" in check.stdout and keyless["holder"] in check.stdout


def test_no_past_order_date_anywhere(stores: Callable[[str], Store], tmp_path: Path) -> None:
    """Acceptance: 10 days from expiry, lead time 21: every output says to order today, none shows the past date."""
    store = stores("ten-days-left")
    env = {**store.env, "CERTHELPER_OFFLINE": "1", "XDG_DATA_HOME": str(tmp_path / "data")}
    (made,) = store.objects("Clé Mairie", "holder")
    end = dt.datetime.fromisoformat(made["not_after"].replace("Z", "+00:00"))
    past = paris_day(end) - dt.timedelta(days=28)
    assert past < paris_day(dt.datetime.now(dt.UTC))
    forbidden = {past.isoformat(), format_day(past, "en"), format_day(past, "fr")}
    outputs: dict[str, str] = {}
    for lang in ("en", "fr"):
        args = ("--module", store.module, "--lang", lang)
        outputs[f"status {lang}"] = run_cli_in_process("status", *args, env=env).stdout
        outputs[f"status json {lang}"] = run_cli_in_process("status", "--json", *args, env=env).stdout
        outputs[f"diagnose {lang}"] = run_cli_in_process("diagnose", *args, env=env).stdout
        outputs[f"diagnose json {lang}"] = run_cli_in_process("diagnose", "--json", *args, env=env).stdout
        outputs[f"check {lang}"] = run_cli_in_process("check", *args, env=env).stdout
        outputs[f"remind {lang}"] = run_cli_in_process("remind", "--scan", *args, env=env).stdout
        outputs[f"remind json {lang}"] = run_cli_in_process("remind", "--json", "--lang", lang, env=env).stdout
        for suffix in (".json", ".html"):
            target = tmp_path / f"report-{lang}{suffix}"
            assert run_cli_in_process("report", *args, "-o", str(target), env=env).returncode == 0
            outputs[f"report {lang}{suffix}"] = target.read_text(encoding="utf-8")
        ics = tmp_path / f"deadlines-{lang}.ics"
        assert run_cli_in_process("calendar", "--lang", lang, "-o", str(ics), env=env).returncode == 0
        outputs[f"calendar {lang}"] = ics.read_text(encoding="utf-8")
    for name, text in outputs.items():
        assert text, name
        assert not [f for f in forbidden if f in text], f"{name} shows the past order date"
    assert "order the new certificate today" in outputs["status en"]
    assert "aujourd'hui" in outputs["status fr"]
    assert "Order the new certificate today" in outputs["remind en"]
    doc = json.loads(outputs["status json en"])
    renewal = doc["modules"][0]["tokens"][0]["certificates"][0]["renewal"]
    assert (renewal["state"], renewal["order_by"], renewal["order_today"]) == ("order-now", None, True)
