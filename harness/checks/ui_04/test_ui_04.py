"""UI-04 on hand-made artifacts: white space, the exact and contains modes, an unknown mode, no title."""

from __future__ import annotations

from tests.checkrun import run
from tests.load_artifacts import art


def test_ui04_whitespace_and_modes():
    a = art(dom={"title": " 青松 便民 "}, target={"service_name": "青松便民"})
    assert run("UI-04", a).outcome == "passed"
    assert run("UI-04", art(dom={"title": "青松便民-首页"}, target={"service_name": "青松便民"})).outcome == "failed"
    assert run("UI-04", art(dom={"title": "青松便民-首页"}, target={"service_name": "青松便民"}), match="contains").outcome == "passed"
    assert run("UI-04", a, match="fuzzy").outcome == "error"
    assert run("UI-04", art(dom={"title": ""}, target={"service_name": "x"})).message.startswith("no <title>")
