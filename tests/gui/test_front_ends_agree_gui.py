"""The window's cards and the tray's tooltip in the cross-front-end agreement (tests/test_front_ends_agree.py).

Same SoftHSM2 scenarios, same expected answers ({sha256: (renewal state, date text)}, by the documented
rule), read from the GUI instead of the command line: the window's certificate cards, and the
certificate the tray's tooltip names. Both render the Assessment the window receives.
"""

from __future__ import annotations

import re
from pathlib import Path

from certhelper.core.tokens.discovery import Candidate
from tests.gui.conftest import shown, snapshot_of
from tests.gui.test_window_agrees import tray_tooltip, window_renewals
from tests.test_front_ends_agree import LANG, Scenario, Verdicts, expected

# the scenario fixture (module-scoped, one per scenario), shared with the command-line front-ends
from tests.test_front_ends_agree import scenario as scenario
from tests.test_front_ends_agree import stores as stores


def window_cards(s: Scenario, make_window, catalogue, monkeypatch, qtbot) -> tuple[Verdicts, object]:
    window = make_window(LANG, [Candidate(s.store.module, "option")])
    assessment = shown(window, snapshot_of(s.store, catalogue, monkeypatch), qtbot)
    return window_renewals(window), assessment


_TOOLTIP = re.compile(r"^(?P<holder>.+): (?:expired on|ends on) (?P<date>\d{1,2} \w+ \d{4}), order (?P<when>.+)$")


def tray_line(s: Scenario, tooltip: str) -> Verdicts:
    """The certificate the tooltip's second line names, with the state its words say."""
    by_holder = {h["holder"]: sha for sha, h in s.holders.items()}
    lines = tooltip.splitlines()
    if len(lines) < 2:
        return {}
    match = _TOOLTIP.match(lines[1])
    assert match, lines[1]
    when = match["when"]
    state = "expired" if " expired on " in lines[1] else "order-now" if when.endswith("today") else "plan"
    return {by_holder[match["holder"]]: (state, match["date"])}


def test_window_cards_agree(scenario: Scenario, make_window, catalogue, monkeypatch, qtbot, lang_en) -> None:
    cards, _ = window_cards(scenario, make_window, catalogue, monkeypatch, qtbot)
    assert cards == expected(scenario)


def test_tray_tooltip_agrees(
    scenario: Scenario, make_window, catalogue, monkeypatch, qtbot, tmp_path: Path, lang_en
) -> None:
    _, assessment = window_cards(scenario, make_window, catalogue, monkeypatch, qtbot)
    tooltip = tray_tooltip(assessment, LANG, tmp_path / "remembered.json")
    named = tray_line(scenario, tooltip)
    want = expected(scenario)
    due = {sha: v for sha, v in want.items() if v[0] != "fine"}
    if not due:
        assert named == {}, tooltip
        return
    assert len(named) == 1 and set(named) <= set(due), (tooltip, due)
    ((sha, verdict),) = named.items()
    assert verdict == want[sha], tooltip
    # the soonest: no other certificate to renew ends before the one named
    ends = {sha: scenario.holders[sha]["not_after"] for sha in due}
    assert ends[sha] == min(ends.values()), tooltip
