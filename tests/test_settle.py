"""The settle stage in real Chromium: the DOM is read once the page has settled on facts (no request pending until
its body is read, no short timer pending, no DOM change, for the quiet window in the page's own time), not on a
timer; a page that never settles is read when settle_ms runs out."""

from __future__ import annotations

import pytest

from harness.gather import GatherOptions

#: The load's budget as the checklist sets it (settle_ms, settle_quiet_ms), with only the built-in stages.
OPTS = dict(settle_ms=3000, settle_quiet_ms=150)


@pytest.fixture(scope="module")
def load(gather_browser, fixture_server):
    """``load(path, **gather_options) -> artifacts``: one load of ``tests/fixtures/settle/<path>`` in real
    Chromium (built-in stages only, no screenshot)."""

    def do(path: str, **options):
        opts = GatherOptions(**{**OPTS, "screenshot": False, **options})
        return gather_browser.gather(f"{fixture_server.https_base}/settle/{path}", opts).artifacts

    return do


def test_a_chain_of_slow_bodies_is_read_to_its_end(load):
    """Four fetches one after another, each body 300 ms after its headers (longer than the quiet window): a fetch
    counts until its body is read, so the DOM walk sees what renders after the last one."""
    a = load("slow-bodies.html")
    assert not a["errors"], a["errors"]
    text = a["dom"]["visible_text"]
    assert "全部加载完成" in text and "医保缴费" in text and "正在加载" not in text, (text, a["settle"])
    s = a["settle"]
    assert s["quiet"] is True and s["pending"] == 0 and s["requests"] == 0 and s["timers"] == 0, s
    bodies = [r for r in a["network"] if "step.json" in r["url"]]
    assert len(bodies) == 4 and not any(r.get("unfinished") for r in bodies), bodies


def test_a_chain_of_slow_bodies_is_read_to_its_end_on_a_starved_renderer(load):
    """The same page with the renderer's CPU throttled sixfold (CDP Emulation.setCPUThrottlingRate): quiet is
    measured in the page's own time, so a renderer that cannot run does not look quiet."""
    a = load("slow-bodies.html", cpu_slowdown=6)
    assert not a["errors"], a["errors"]
    assert "全部加载完成" in a["dom"]["visible_text"] and "正在加载" not in a["dom"]["visible_text"], a["settle"]
    assert a["settle"]["quiet"] is True, a["settle"]


def test_a_body_read_later_counts_until_read(load):
    """The page reads the response's body 250 ms after its headers (a timer longer than the quiet window), and
    the body arrives 600 ms after them: the load's network log has the request pending until the body has
    arrived, then the page's read of it is pending, so the DOM walk sees what the body renders."""
    a = load("late-read.html")
    assert not a["errors"], a["errors"]
    assert "全部加载完成" in a["dom"]["visible_text"] and "正在加载" not in a["dom"]["visible_text"], a["settle"]
    assert a["settle"]["quiet"] is True and a["settle"]["requests"] == 0, a["settle"]


def test_short_timers_are_waited_out(load):
    """Six timers of 100 ms (shorter than the quiet window), one after another, change nothing until the last
    renders the content: a pending short timer keeps the page from being quiet."""
    a = load("timer-chain.html")
    assert not a["errors"], a["errors"]
    assert "全部加载完成" in a["dom"]["visible_text"] and "正在准备" not in a["dom"]["visible_text"], a["settle"]
    assert a["settle"]["quiet"] is True and a["settle"]["timers"] == 0, a["settle"]


def test_an_animation_loop_is_not_pending_work(load):
    """A requestAnimationFrame loop drawing on a canvas for ever is an animation: the page settles (quiet) well
    before settle_ms."""
    a = load("animation.html")
    assert not a["errors"], a["errors"]
    s = a["settle"]
    assert s["quiet"] is True and s["waited"] < OPTS["settle_ms"], s
    assert "页面内容已就绪" in a["dom"]["visible_text"]


def test_a_page_that_never_settles_is_read_when_settle_ms_runs_out(load):
    """A 50 ms timer re-armed for ever: never quiet, so settling ends after settle_ms of the page's time with
    quiet false and the pending timer named, and the DOM is read as it is then."""
    a = load("restless.html", settle_ms=1000)
    assert not a["errors"], a["errors"]
    s = a["settle"]
    assert s["quiet"] is False and s["timers"] >= 1 and s["live"] >= 1000 and s["waited"] >= s["live"], s
    assert "永不安静" in a["dom"]["visible_text"]
