"""CT-04 on hand-made artifacts (the fixture pages in fixtures/ run in real Chromium in tests/test_check_fixtures.py)."""

from tests.checkrun import run


def _art(entries, greyed=()):
    return {"target": {"system_kind": "h5"}, "entry_grid": {"groups": 1 if entries else 0, "entries": entries, "greyed": list(greyed)}}


def test_greyed_entries_fail_with_why():
    g = {"selector": "#grid > a:nth-of-type(5)", "box": [12, 150, 82, 82], "text": "异地转移", "why": ["opacity 0.45", "grayscale(1)"]}
    o = run("CT-04", _art(8, [g]))
    assert o.outcome == "failed" and o.value == 1
    assert o.evidence[0]["selector"] == "#grid > a:nth-of-type(5)" and o.evidence[0]["note"] == "opacity 0.45, grayscale(1)"
    assert "异地转移" in o.message_zh


def test_clean_grid_passes_and_no_grid_is_inapplicable():
    assert run("CT-04", _art(8)).outcome == "passed"
    assert run("CT-04", _art(0)).outcome == "inapplicable"
