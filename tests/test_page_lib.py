"""The in-page helper library (harness/gather/page_lib.js) and its loader (harness/gather/page_functions.py): every
script of harness/gather is wrapped with the library in scope, and the helpers give what the scripts gave before
they shared them (selector paths per script, the four visibility tests, one tap-target definition)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.gather import _FUNCTION_EXPR
from harness.gather.page_functions import LIBRARY, library, page_function

GATHER = Path(__file__).resolve().parent.parent / "harness" / "gather"
SCRIPTS = sorted(p.stem for p in GATHER.glob("*.js") if p.stem != LIBRARY)
INIT_SCRIPTS = {"page_init", "privacy_init"}  # plain scripts (installed with add_init_script as they are)


@pytest.mark.parametrize("name", SCRIPTS)
def test_every_script_is_wrapped_with_the_library(name):
    src = page_function(name)
    assert library() in src and page_function(name) is src  # cached
    if name in INIT_SCRIPTS:
        assert src.startswith("(() => {") and src.rstrip().endswith("})();")
    else:
        assert src.startswith("(__pageArg) => {") and _FUNCTION_EXPR.match(src)


def test_the_library_is_no_page_function():
    with pytest.raises(ValueError):
        page_function(LIBRARY)


PAGE = """<!doctype html><html><head><meta charset=utf-8></head><body>
<div id=dup></div><div id=dup></div>
<section><div><div><div><div><div><div><div><a id=deep href=#>deep</a></div></div></div></div></div></div></div></section>
<p><a href=#1>one</a><a href=#2>two</a></p>
<div role=button><a href=#n>nested</a></div>
<p style="opacity:0"><span id=faded>faded</span></p>
<p style="visibility:hidden"><span id=hid>hidden</span></p>
<div id=off style="position:absolute;left:-500px;width:100px;height:10px"></div>
<div id=empty></div>
<svg class=x width=10 height=10></svg>
</body></html>"""

PROBE = """() => {
  const q = (s) => document.querySelector(s);
  const a = q("#deep"), two = q("a[href='#2']");
  a.removeAttribute("id");
  const paths = {};
  for (const [k, o] of Object.entries({ walk: { max: 10, rootPair: true }, body: { max: 10, top: "body" },
                                         plain: { max: 10 }, short: { max: 8 } })) {
    const p = makeCssPath(o);
    paths[k] = [p(a), p(two), p(document.body), p(document.documentElement), p(null)];
  }
  const vis = {};
  for (const id of ["faded", "hid", "off", "empty"]) {
    const el = q("#" + id);
    vis[id] = [isRendered(el), isVisible(el), isVisibleOnPage(el, el.getBoundingClientRect()), isVisibleAnyOpacity(el)];
  }
  return { paths, vis, targets: Array.from(tapTargets()).map((el) => el.textContent),
           clean: clean("  a \\n b "), own: ownText(q("p")), svgClass: classText(q("svg")),
           union: unionRect([{ left: 0, top: 0, right: 5, bottom: 5, width: 5, height: 5 },
                             { left: 10, top: 10, right: 10.5, bottom: 20, width: 0.5, height: 10 }]) };
}"""


@pytest.mark.browser
def test_helpers_in_chromium():
    from playwright.sync_api import sync_playwright

    from harness.browser import BrowserOptions

    opts = BrowserOptions()
    # The library is pasted into a function around the probe, as page_function does for a script.
    script = f"() => {{\n{library()}\nreturn JSON.stringify(({PROBE})());\n}}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=opts.executable(), args=opts.launch_args(), headless=True)
        page = browser.new_page(viewport={"width": 400, "height": 800})
        page.set_content(PAGE)
        got = json.loads(page.evaluate(script))
        assert page.evaluate("typeof makeCssPath") == "undefined"  # nothing reaches the page's global scope
        browser.close()
    nine = "section > div > div > div > div > div > div > div > a"  # 9 steps below body
    two = "p:nth-of-type(1) > a:nth-of-type(2)"
    # dom_walk.js (rootPair) goes on to html past max, the others stop at 10 steps; layout_probe.js ends at body.
    assert got["paths"] == {
        "walk": ["html > body > " + nine, "html > body > " + two, "html > body", "html", ""],
        "body": ["body > " + nine, "body > " + two, "body", "html", ""],
        "plain": ["body > " + nine, "html > body > " + two, "html > body", "html", ""],
        "short": [" > ".join(nine.split(" > ")[-8:]), "html > body > " + two, "html > body", "html", ""],
    }
    # [isRendered, isVisible, isVisibleOnPage, isVisibleAnyOpacity]
    assert got["vis"] == {"faded": [False, False, False, True], "hid": [False, False, False, False],
                          "off": [True, True, False, True], "empty": [True, False, False, False]}
    assert got["targets"] == ["deep", "one", "two", "nested"]  # the link inside role=button is not a target of its own
    assert got["clean"] == "a b" and got["own"] == "" and got["svgClass"] == ""
    assert got["union"] == {"left": 0, "top": 0, "right": 5, "bottom": 5, "width": 5, "height": 5}
