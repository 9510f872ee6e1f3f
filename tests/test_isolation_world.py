"""Measurement the page cannot tamper with, and what is inside shadow roots and frames (issue 13, items 1 and 2).

Each hostile page (``tests/fixtures/isolation/hostile.html?o=NAME``) replaces one built-in or DOM method before any
other script runs; its measured artifacts and the outcomes of PI-06, IN-02 and EL-05 must equal those of its plain
twin (the same file without ``o``), because the harness's page functions run in an isolated world of their own
(:mod:`harness.gather.worlds`). Shadow roots (open and closed) and frames (same-origin, cross-origin, out of
process) hold an ID number and a password form that the checks must find, naming where they are.
"""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from PIL import Image, ImageStat

from harness.report.annotate import prepare_screenshot

OVERRIDES = ["json", "promise", "array", "qsa", "gbcr", "gcs", "innertext", "tojson"]
CSP = {"sandbox": "sandbox", "script-src": "script-src 'none'; object-src 'none'"}
ID_PAGE = "/isolation/hostile.html"


def check(a, cid):
    return next(c for c in a.checks if c["id"] == cid)


def measured(a) -> dict:
    """What the checks read from a page, without what depends on the URL (link targets, the document's address)."""
    d = a.artifacts["dom"]
    return {
        "texts": [(t["selector"], t["text"], t["box"], t["font_size"]) for t in d["texts"]],
        "fields": [(f["selector"], f["type"], f["label"], f["box"], f["visible"]) for f in d["fields"]],
        "targets": [(t["selector"], t["name"], t["box"], t["inline"]) for t in d["targets"]],
        "forms": [(f["selector"], f["submit_texts"], f["password_fields"], f["visible"]) for f in d["forms"]],
        "visible_text": d["visible_text"], "password_fields": d["password_fields"], "node_count": d["node_count"],
        "layout": {w: (v["scroll_width"], v["client_width"], len(v["offenders"])) for w, v in a.artifacts["layout"].items()},
        "checks": {cid: (check(a, cid)["outcome"], check(a, cid).get("value"),
                         [(e.get("selector"), e.get("box"), e.get("text")) for e in check(a, cid).get("evidence", [])])
                   for cid in ("PI-06", "IN-02", "EL-05")},
    }


@pytest.fixture(scope="module")
def pages(audit, fixture_server):
    base = fixture_server.https_base
    urls = {"plain": base + ID_PAGE, **{o: f"{base}{ID_PAGE}?o={o}" for o in OVERRIDES},
            **{k: f"{base}{ID_PAGE}?csp={quote(v)}" for k, v in CSP.items()},
            "shadow": base + "/isolation/shadow.html", "frame": base + "/isolation/frames.html",
            "cross": base + "/isolation/frames.html?src=" + quote(base.replace("127.0.0.1", "localhost") + "/isolation/frame-child.html", safe="")}
    audit.prefetch([(u, set(), {}) for u in urls.values()])
    return {k: audit(u, needs=set()) for k, u in urls.items()}


def test_the_plain_twin_is_measured_as_it_is(pages):
    a = pages["plain"]
    assert a.artifacts["errors"] == {}
    pi = check(a, "PI-06")
    assert pi["outcome"] == "failed" and pi["value"] == 1
    assert [(e["selector"], e["text"]) for e in pi["evidence"]] == [("#idno", "6*************1230")]
    inn = check(a, "IN-02")
    assert inn["outcome"] == "failed" and [e["selector"] for e in inn["evidence"]] == ["#pw", "#login"]
    el = check(a, "EL-05")
    assert el["outcome"] == "failed" and el["value"] == 1
    assert el["evidence"][0]["selector"] == "#tiny" and el["evidence"][0]["box"][2:] == [20, 20]
    assert a.artifacts["dom"]["password_fields"] == 1 and "630102198001011230" in a.artifacts["dom"]["visible_text"]


@pytest.mark.parametrize("override", OVERRIDES)
def test_a_page_overriding_builtins_is_measured_like_its_twin(pages, override):
    a = pages[override]
    assert "errors" not in a.artifacts["errors"] and not {k: v for k, v in a.artifacts["errors"].items() if k in ("dom", "layout", "screenshot")}
    assert measured(a) == measured(pages["plain"])


@pytest.mark.parametrize("policy", sorted(CSP))
def test_a_page_under_a_content_security_policy_is_measured_like_its_twin(pages, policy):
    a = pages[policy]
    assert a.artifacts["navigation"]["headers"]["content-security-policy"] == CSP[policy]
    assert measured(a) == measured(pages["plain"])


def _stddev(jpeg: bytes, box, scale: float) -> float:
    img = Image.open(io.BytesIO(jpeg)).convert("L")
    x, y, w, h = box
    return ImageStat.Stat(img.crop((int(x * scale) + 2, int(y * scale) + 2, int((x + w) * scale) - 2, int((y + h) * scale) - 2))).stddev[0]


def test_id_numbers_in_open_and_closed_shadow_roots_fail_pi06_and_are_pixelated(pages):
    a = pages["shadow"]
    pi = check(a, "PI-06")
    assert pi["outcome"] == "failed" and pi["value"] == 2
    ev = {e["selector"]: e for e in pi["evidence"]}
    assert set(ev) == {"#open-host >>> p", "#closed-host >>> p"}
    assert ev["#open-host >>> p"]["text"] == "4*************3316" and ev["#closed-host >>> p"]["text"] == "6*************4564"
    # The two shadow paragraphs sit one below the other under the 56 px title: 28 px type, 16 px padding.
    assert ev["#open-host >>> p"]["box"][:3] == [0, 56, 375] and ev["#closed-host >>> p"]["box"][1] > 100
    inn = check(a, "IN-02")
    assert inn["outcome"] == "failed" and [e["selector"] for e in inn["evidence"]] == ["#closed-host >>> form > input"]
    # The stored screenshot (what the runner writes: harness.report.annotate.prepare_screenshot) is pixelated there.
    raw, meta = a.screenshot, a.artifacts["screenshot"]
    stored, smeta = prepare_screenshot(raw, meta, a.checks, 375)
    for e in pi["evidence"]:
        before, after = _stddev(raw, e["box"], meta["scale"]), _stddev(stored, e["box"], smeta["scale"])
        assert before > 40 and after < before * 0.6, (e["selector"], before, after)
    title_box = a.artifacts["dom"]["texts"][0]["box"]  # 我的证件, not personal: left as it is
    assert a.artifacts["dom"]["texts"][0]["text"] == "我的证件"
    assert _stddev(stored, title_box, smeta["scale"]) > 0.6 * _stddev(raw, title_box, meta["scale"])


@pytest.mark.parametrize("kind", ["frame", "cross"])
def test_a_frame_holding_an_id_number_and_a_password_form_fails_naming_the_frame(pages, fixture_server, kind):
    a = pages[kind]
    frames = a.artifacts["dom"]["frames"]
    host = "localhost" if kind == "cross" else "127.0.0.1"
    assert len(frames) == 1 and frames[0]["url"].startswith(f"https://{host}:") and frames[0]["url"].endswith("/isolation/frame-child.html")
    assert frames[0]["cross_origin"] is (kind == "cross") and frames[0]["shown"] is True
    assert frames[0]["box"] == [7, 66, 360, 160]  # the iframe's content box: 56 px below the title, 10 px margin, 7 px left
    ref = {"url": frames[0]["url"], "index": 0}
    pi = check(a, "PI-06")
    assert pi["outcome"] == "failed" and pi["value"] == 1
    assert pi["evidence"][0]["frame"] == ref and pi["evidence"][0]["text"] == "6*************4564"
    assert pi["evidence"][0]["box"][:2] == [7, 66]  # the frame's first paragraph, in the top document's coordinates
    inn = check(a, "IN-02")
    assert inn["outcome"] == "failed"
    assert {e["value"]: e.get("frame") for e in inn["evidence"]}["password field"] == ref
    raw, meta = a.screenshot, a.artifacts["screenshot"]
    stored, smeta = prepare_screenshot(raw, meta, a.checks, 375)
    box = pi["evidence"][0]["box"]
    before, after = _stddev(raw, box, meta["scale"]), _stddev(stored, box, smeta["scale"])
    assert before > 20 and after < before * 0.6


class _SitePerProcess:
    """The fixture server's Chromium flags plus --site-per-process: every cross-site frame out of process."""

    def __init__(self, server):
        self.server = server

    def chromium_args(self):
        return self.server.chromium_args() + ["--site-per-process"]


def test_an_out_of_process_frame_is_walked_through_its_own_session(checklist, fixture_server):
    from conftest import LiveAuditor

    base = fixture_server.https_base
    url = base + "/isolation/frames.html?src=" + quote(base.replace("127.0.0.1", "localhost") + "/isolation/frame-child.html", safe="")
    live = LiveAuditor(checklist, _SitePerProcess(fixture_server))
    try:
        a = live(url, needs=set())
    finally:
        live.close()
    frames = a.artifacts["dom"]["frames"]
    assert [(f["out_of_process"], f["cross_origin"], f["box"]) for f in frames] == [(True, True, [7, 66, 360, 160])]
    pi, inn = check(a, "PI-06"), check(a, "IN-02")
    assert pi["outcome"] == "failed" and pi["evidence"][0]["frame"]["url"].startswith("https://localhost:")
    assert pi["evidence"][0]["box"][:2] == [7, 66]
    assert inn["outcome"] == "failed" and any(e.get("frame", {}).get("index") == 0 for e in inn["evidence"])
