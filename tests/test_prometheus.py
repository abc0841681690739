"""Prometheus textfile metrics, parsed with prometheus_client's own parser."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from certhelper.core.guidance import catalogue as catalogue_mod
from certhelper.core.model import Module, PinState, Snapshot, Token
from certhelper.core.outputs.prometheus import metrics_text
from certhelper.core.tokens.discovery import Candidate
from certhelper.core.tokens.scan import take_snapshot
from certhelper.core.workstation.drivers import detect_drivers
from tests.driver_layouts import IDOPTE, lay_out, run_processes
from tests.helpers import MAIN_TOKEN, Store, run_cli


def samples(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    out: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            out.setdefault(sample.name, []).append((sample.labels, sample.value))
    return out


def test_cli_metrics_on_the_main_token(main_store: Store, tmp_path: Path) -> None:
    lay_out(tmp_path, IDOPTE["linux"])
    run_processes(tmp_path, ["idocachesrv"])
    now = "2030-01-01T00:00:00Z"
    env = {**main_store.env, "CERTHELPER_SYSROOT": str(tmp_path), "CERTHELPER_NOW": now}
    proc = run_cli("status", "--format", "prometheus", "--module", main_store.module, env=env)
    assert proc.stdout.endswith("\n") and "Traceback" not in proc.stderr
    got = samples(proc.stdout)
    serial = main_store.token("Mairie de Plérin")["serial"]
    holders = {o["sha256"]: o for o in main_store.objects("Mairie de Plérin", "holder")}
    not_after = {s[0]["sha256"]: s[1] for s in got["certhelper_certificate_not_after_timestamp_seconds"]}
    assert set(not_after) == set(holders)
    pinned = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    for sha, obj in holders.items():
        end = dt.datetime.fromisoformat(obj["not_after"])
        assert not_after[sha] == int(end.timestamp())
        days = next(v for labels, v in got["certhelper_certificate_days_left"] if labels["sha256"] == sha)
        assert days == (end - pinned).total_seconds() // 86400
    assert all(labels["token_serial"] == serial for labels, _ in got["certhelper_certificate_days_left"])
    pin = {labels["flag"]: v for labels, v in got["certhelper_token_pin_flag"] if labels["token_serial"] == serial}
    assert pin == {"count_low": 0, "final_try": 0, "locked": 0}
    present = {labels["driver"]: v for labels, v in got["certhelper_driver_present"]}
    assert present["idopte"] == 1 and present["hashlogic"] == 0
    assert got["certhelper_driver_service_running"] == [({"driver": "idopte", "service": "idocachesrv"}, 1)]
    assert got["certhelper_tokens"] == [({}, 1)]
    assert got["certhelper_module_up"] == [({"module": main_store.module}, 1)]
    # Labels carry serials and fingerprints only, never a holder's name.
    for personal in ("Hélène", "LE GOFF", "helene.legoff", MAIN_TOKEN["objects"][0]["siren"]):
        assert personal not in proc.stdout


def test_pin_flags_and_awkward_labels() -> None:
    # Built by hand: SoftHSM2 never sets the final-try flag, and no real module path has a quote.
    now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    token = Token(0, "slot", "Clé", "Idopte", "IAS", 'S"1\\2', PinState(final_try=True, count_low=True))
    module = Module("C:\\Program Files\\Smart Card Middleware\\bin\\idoPKCS.dll", "catalogue:idopte", tokens=(token,))
    broken = Module("/usr/lib/broken.so", "option", error="file not found")
    text = metrics_text(
        Snapshot(now, (module, broken)), detect_drivers(catalogue_mod.load([]), sysroot="/nonexistent"), now
    )
    got = samples(text)
    assert {(labels["module"], v) for labels, v in got["certhelper_module_up"]} == {
        (module.path, 1),
        ("/usr/lib/broken.so", 0),
    }
    pin = {labels["flag"]: v for labels, v in got["certhelper_token_pin_flag"]}
    assert pin == {"count_low": 1, "final_try": 1, "locked": 0}
    assert got["certhelper_token_info"][0][0]["token_serial"] == 'S"1\\2'
    assert "certhelper_certificate_days_left" not in got  # no certificate, no sample


def test_two_tokens_both_counted(two_token_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOFTHSM2_CONF", str(two_token_store.conf))
    cat = catalogue_mod.load([])
    snap = take_snapshot([Candidate(two_token_store.module, "option")], cat)
    got = samples(metrics_text(snap, detect_drivers(cat, sysroot="/nonexistent"), snap.taken_at))
    assert got["certhelper_tokens"] == [({}, 2)]
    serials = {labels["token_serial"] for labels, _ in got["certhelper_certificate_not_after_timestamp_seconds"]}
    assert serials == {t["serial"] for t in two_token_store.description["tokens"]}


def test_a_token_seen_through_two_modules_gives_each_series_once(
    main_store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The same SoftHSM2 library under a second path (as a p11-kit registration and a catalogue path
    # can both name one driver): node_exporter rejects a file with duplicate series.
    twin = tmp_path / "libsofthsm2-twin.so"
    twin.symlink_to(main_store.module)
    monkeypatch.setenv("SOFTHSM2_CONF", str(main_store.conf))
    cat = catalogue_mod.load([])
    snap = take_snapshot([Candidate(main_store.module, "option"), Candidate(str(twin), "option")], cat)
    assert len(snap.tokens) == 2  # one token, read through both paths
    got = samples(metrics_text(snap, detect_drivers(cat, sysroot="/nonexistent"), snap.taken_at))
    for name, series in got.items():
        keys = [tuple(sorted(labels.items())) for labels, _ in series]
        assert len(keys) == len(set(keys)), name
    assert got["certhelper_tokens"] == [({}, 1)]
