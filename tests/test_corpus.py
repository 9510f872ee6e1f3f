"""The corpus of real layouts (tests/corpus): pages written in this project the way Chinese government H5 apps
are built (app shells with inner scrolling and fixed tab bars, lib-flexible and vw viewports, hairline borders,
action sheets, pickers, dialogs, swipe cells, long forms, uni-app/Vant/WeUI-like elements, failing images, icon
fonts), each audited in real Chromium and compared with the outcomes measured by hand in
``tests/corpus/expected.json`` ({page: {check id: {"outcome", "how"}}}: ``how`` says how the expectation was
measured, from the page's own stylesheet, independently of the harness's code).

A second test runs axe-core itself (the copy axe-playwright-python bundles) on each page as the peer of the
checks that have one (named by ``peer`` in each check's ``check.json``) and compares its verdict with the
check's; every disagreement must be the one the check's definition explains (``peer.differs``), tested page by
page by the check's entry in ``PEER_DIFFERENCES``; any other disagreement fails the test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness import checks as checks_mod

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
CHECKS = ["UI-01", "UI-06", "TX-01", "EL-02", "EL-03", "EL-04", "EL-05", "AX-01", "AX-02", "AX-03", "PI-05", "PI-06", "IN-02"]


def _audits(audit, fixture_server, checklist):
    """Every corpus page audited once (a few loads at once), with the stages and variant loads the checks need."""
    stages, variants = checks_mod.needs([checklist.by_id[c] for c in CHECKS])
    needs = stages | variants
    urls = {page: f"{fixture_server.https_base}/corpus/{page}" for page in EXPECTED["pages"]}
    audit.prefetch([(u, needs, {}) for u in urls.values()])
    return {page: audit(u, needs=needs) for page, u in urls.items()}


def test_corpus_pages_exist_and_expectations_are_complete():
    """At least 25 pages; each names every check with an outcome and a line of how it was measured."""
    pages = EXPECTED["pages"]
    assert len(pages) >= 25
    for page, exp in pages.items():
        assert (CORPUS / page).is_file(), page
        assert set(exp) == set(CHECKS), f"{page}: {set(CHECKS) ^ set(exp)}"
        for cid, e in exp.items():
            assert e["outcome"] in ("passed", "failed", "cantTell", "inapplicable"), (page, cid)
            assert len(e.get("how", "")) >= 15, f"{page} {cid}: say how it was measured"


def test_corpus_agrees_with_hand_measurements(audit, fixture_server, checklist):
    """The harness's outcome of each check on each corpus page is the one measured by hand."""
    audits = _audits(audit, fixture_server, checklist)
    rows, bad = [], []
    for page, exp in EXPECTED["pages"].items():
        got = {c["id"]: c for c in audits[page].checks}
        for cid in CHECKS:
            g = got.get(cid, {}).get("outcome", "missing")
            ok = g == exp[cid]["outcome"]
            rows.append(f"{'  ' if ok else '✗ '}{page:34} {cid:6} hand={exp[cid]['outcome']:12} harness={g:12} {'' if ok else got.get(cid, {}).get('message', '')[:110]}")
            if not ok:
                bad.append(rows[-1])
    agree = {cid: sum(1 for p, e in EXPECTED["pages"].items() if {c["id"]: c["outcome"] for c in audits[p].checks}.get(cid) == e[cid]["outcome"]) for cid in CHECKS}
    print("\n".join(rows))
    print("agreement with hand measurements: " + ", ".join(f"{c} {n}/{len(EXPECTED['pages'])}" for c, n in agree.items()))
    assert not bad, "disagreements with the hand measurements:\n" + "\n".join(bad)


#: The checks with an axe-core peer that the corpus runs (their ``peer`` in check.json).
AXE_PEERED = ["EL-04", "EL-05", "AX-01", "AX-02", "AX-03"]

def _el04_decided(a, got: str, peer: str) -> str | None:
    """EL-04's difference (check.json peer.differs): axe left color-contrast nodes incomplete and the harness
    decided every one of them (icon glyphs are not text; colours computed past hairline pseudo-elements)."""
    inc = [n for r in a.artifacts["axe"].get("incomplete", []) if r["id"] == "color-contrast" for n in r["nodes"]]
    if peer == "cantTell" and got in ("passed", "failed") and inc and all(n.get("decided") for n in inc):
        kinds = sorted({n["decided"]["kind"] for n in inc})
        return f"axe incomplete on {len(inc)} node(s), all decided by the harness ({', '.join(kinds)})"
    return None


def _el05_wcag_sized(a, got: str, peer: str) -> str | None:
    """EL-05's difference (check.json peer.differs): every target EL-05 fails meets WCAG 2.5.8, which axe
    target-size checks: at least 24 × 24 CSS px, or a 24 px circle on it that meets no other target."""
    if not (got == "failed" and peer == "passed"):
        return None
    ev = next(c for c in a.checks if c["id"] == "EL-05")["evidence"]
    boxes = [t["box"] for t in a.artifacts["dom"]["targets"]]

    def spaced(b):
        cx, cy = b[0] + b[2] / 2, b[1] + b[3] / 2
        for o in boxes:
            if o == b:
                continue
            dx, dy = max(o[0] - cx, 0, cx - o[0] - o[2]), max(o[1] - cy, 0, cy - o[1] - o[3])
            small = o[2] < 24 or o[3] < 24
            ox, oy = o[0] + o[2] / 2, o[1] + o[3] / 2
            if (dx * dx + dy * dy) ** 0.5 < 12 or (small and ((ox - cx) ** 2 + (oy - cy) ** 2) ** 0.5 < 24):
                return False
        return True

    sizes = [e["box"] for e in ev]
    if sizes and all((b[2] >= 24 and b[3] >= 24) or spaced(b) for b in sizes):
        return f"{len(sizes)} target(s) under 44 px that meet WCAG 2.5.8 (24 px or spacing): the stricter MIIT 44 px rule"
    return None


#: Per check, the test of the one difference from its axe-core peer that its check.json's ``peer.differs``
#: explains: (audit, harness outcome, axe outcome) -> the reason, or None (then the disagreement fails the test).
PEER_DIFFERENCES = {"EL-04": _el04_decided, "EL-05": _el05_wcag_sized}


def _axe_peer(gather_browser, url: str, rules: list[str]) -> dict:
    """axe-core itself (the bundled copy) run with ``rules`` on ``url`` in a 375 × 667 mobile context (DPR 2):
    {rule id: "violations" | "incomplete" | "passes" | "inapplicable"}."""
    from harness.devices import get as device
    from harness.gather.axe import axe_source

    async def run():
        d = device("mobile-375")
        ctx = await gather_browser._state["browser"].new_context(viewport=d["viewport"], device_scale_factor=d["device_scale_factor"],
                                                                 is_mobile=True, has_touch=True, user_agent=d["user_agent"])
        try:
            page = await ctx.new_page()
            await page.goto(url, wait_until="load")
            await page.evaluate(axe_source())
            r = await page.evaluate("(rules) => axe.run(document, {runOnly: {type: 'rule', values: rules}})", rules)
        finally:
            await ctx.close()
        out = {x["id"]: "inapplicable" for x in r.get("inapplicable", [])}
        for kind in ("passes", "incomplete", "violations"):
            for x in r[kind]:
                out[x["id"]] = kind
        return out

    return gather_browser.engine.call(run(), timeout=90)


def _peer_outcome(states: dict, rules: list[str]) -> str:
    """One outcome from axe-core's per-rule result, as harness.checks.axe_results maps it: any violation failed,
    else any incomplete cantTell, else any pass passed, else inapplicable."""
    got = [states.get(r, "inapplicable") for r in rules]
    for kind, outcome in (("violations", "failed"), ("incomplete", "cantTell"), ("passes", "passed")):
        if kind in got:
            return outcome
    return "inapplicable"


def test_corpus_checks_against_their_axe_peer(audit, fixture_server, checklist, gather_browser):
    """Each check with an axe-core peer agrees with axe on every corpus page, or the disagreement is one its
    definition explains (PEER_DIFFERENCES, reasons from ``peer.differs``)."""
    audits = _audits(audit, fixture_server, checklist)
    peers = {cid: checks_mod.get(cid).raw["peer"] for cid in AXE_PEERED}
    all_rules = sorted({r for p in peers.values() for r in p["rules"]})
    rows, unexplained, agree = [], [], {cid: 0 for cid in AXE_PEERED}
    for page in EXPECTED["pages"]:
        states = _axe_peer(gather_browser, f"{fixture_server.https_base}/corpus/{page}", all_rules)
        got = {c["id"]: c["outcome"] for c in audits[page].checks}
        for cid in AXE_PEERED:
            peer = _peer_outcome(states, peers[cid]["rules"])
            if cid == "AX-03":  # axe passes a page whose rules apply and pass; inapplicable does not occur
                peer = "failed" if peer == "failed" else "passed"
            same = peer == got[cid]
            agree[cid] += same
            why = None if same or cid not in PEER_DIFFERENCES else PEER_DIFFERENCES[cid](audits[page], got[cid], peer)
            rows.append(f"{'  ' if same else ('~ ' if why else '✗ ')}{page:34} {cid:6} harness={got[cid]:12} axe={peer:12} {why or ''}")
            if not same and not why:
                unexplained.append(rows[-1])
    print("\n".join(rows))
    print("agreement with axe-core: " + ", ".join(f"{c} {n}/{len(EXPECTED['pages'])} vs {'/'.join(peers[c]['rules'][:2])}" for c, n in agree.items()))
    assert not unexplained, "disagreements with axe-core that no check definition explains:\n" + "\n".join(unexplained)


#: The checks whose peer is a Lighthouse audit (``peer.tool`` "lighthouse" in check.json), run from tests/peers.
LIGHTHOUSE_PEERED = ["UI-01", "UI-06", "TX-01"]
PEERS = Path(__file__).parent / "peers"


def _lighthouse(fixture_server, pages: list[str], audits: list[str]) -> dict:
    """Lighthouse 11 (tests/peers, installed by ``scripts/setup.sh --peers``) on each corpus page, under the
    harness's mobile-375 viewport (375 × 667 CSS px, DPR 2), in the harness's Chromium: {page: {audit id: {score,
    displayValue, …}}}. Raises AssertionError naming the set-up command when Node or the peers are missing."""
    import os
    import shutil
    import subprocess

    from harness.browser import BrowserOptions
    from harness.devices import get as device

    node = shutil.which("node")
    assert node and (PEERS / "node_modules" / "lighthouse").is_dir(), \
        "Lighthouse is not installed in tests/peers: run scripts/setup.sh --peers (./run-tests.sh does)"
    d = device("mobile-375")
    urls = {f"{fixture_server.https_base}/corpus/{p}": p for p in pages}
    env = {**os.environ, "PEER_CHROME_FLAGS": json.dumps(fixture_server.chromium_args())}
    proc = subprocess.run([node, str(PEERS / "lighthouse_audits.mjs"), BrowserOptions().executable(),
                           str(d["viewport"]["width"]), str(d["viewport"]["height"]), str(d["device_scale_factor"]),
                           ",".join(audits), *urls], capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, f"lighthouse_audits.mjs exited {proc.returncode}: {proc.stderr[-2000:]}"
    return {urls[u]: r for u, r in json.loads(proc.stdout).items()}


def _lighthouse_outcome(result: dict | None) -> str:
    """A Lighthouse audit's score as an outcome: 1 passed, 0 failed, null (not applicable) inapplicable."""
    if not result or result.get("error"):
        return "cantTell"
    return {1: "passed", 0: "failed", None: "inapplicable"}.get(result["score"], "failed")


def test_corpus_checks_against_their_lighthouse_peer(audit, fixture_server, checklist):
    """UI-01, UI-06 and TX-01 agree with their Lighthouse audits (content-width, tap-targets, font-size) on every
    corpus page, or the disagreement is one the check's ``peer.differs`` explains (LIGHTHOUSE_DIFFERENCES)."""
    audits = _audits(audit, fixture_server, checklist)
    peers = {cid: checks_mod.get(cid).raw["peer"] for cid in LIGHTHOUSE_PEERED}
    lh = _lighthouse(fixture_server, list(EXPECTED["pages"]), sorted({r for p in peers.values() for r in p["rules"]}))
    rows, unexplained, agree = [], [], {cid: 0 for cid in LIGHTHOUSE_PEERED}
    for page in EXPECTED["pages"]:
        got = {c["id"]: c for c in audits[page].checks}
        for cid in LIGHTHOUSE_PEERED:
            rule = peers[cid]["rules"][0]
            peer = _lighthouse_outcome(lh[page].get(rule))
            mine = got[cid]["outcome"]
            same = peer == mine
            agree[cid] += same
            why = None if same else LIGHTHOUSE_DIFFERENCES[cid](audits[page], lh[page].get(rule) or {}, mine, peer)
            rows.append(f"{'  ' if same else ('~ ' if why else '✗ ')}{page:34} {cid:6} harness={mine:12} {rule}={peer:12} "
                        f"{why or (lh[page].get(rule) or {}).get('displayValue') or ''}")
            if not same and not why:
                unexplained.append(rows[-1])
    print("\n".join(rows))
    print("agreement with Lighthouse 11: " + ", ".join(f"{c} {n}/{len(EXPECTED['pages'])} vs {peers[c]['rules'][0]}" for c, n in agree.items()))
    assert not unexplained, "disagreements with Lighthouse that no check definition explains:\n" + "\n".join(unexplained)


def _lh_unscaled_viewport(a, lh: dict, mine: str, peer: str) -> str | None:
    """The difference all three checks' ``peer.differs`` give for lib-flexible pages: Lighthouse fails a page whose
    viewport has initial-scale below 1 as "not optimized for mobile" (content-width compares the 2× layout
    viewport with the window; font-size and tap-targets then fail outright), while the harness measures what is
    seen, CSS px times the initial scale."""
    from harness.checks.viewport_scale import effective_scale

    scale = effective_scale(a.artifacts)
    if mine == "passed" and peer == "failed" and scale < 1 and "viewport" in (lh.get("explanation") or ""):
        return f"initial-scale {scale:g} (lib-flexible): Lighthouse judges the viewport, the harness what is seen"
    return None


def _ui01(a, lh: dict, mine: str, peer: str) -> str | None:
    """UI-01's ``peer.differs``: content cut off by overflow-x:hidden on html/body cannot be reached, which
    content-width (innerWidth against the window) passes; and the lib-flexible viewport."""
    msg = next(c for c in a.checks if c["id"] == "UI-01")["message"]
    if mine == "failed" and peer == "passed" and "overflow-x: hidden" in msg:
        return "cut off by overflow-x:hidden on html/body: unreachable, which content-width passes"
    return _lh_unscaled_viewport(a, lh, mine, peer)


def _ui06(a, lh: dict, mine: str, peer: str) -> str | None:
    """UI-06's ``peer.differs``: tap-targets never fails targets of at least 48 × 48 CSS px, so two large targets
    laid over each other (a floating button over a cell, a cell left under a fixed tab bar) pass it; UI-06 fails
    any overlap; and the lib-flexible viewport."""
    ev = next(c for c in a.checks if c["id"] == "UI-06").get("evidence") or []
    boxes = [e.get("box") for e in ev]
    if mine == "failed" and peer == "passed" and ev and all(b and b[2] >= 48 and b[3] >= 48 and "overlaps" in e.get("note", "")
                                                           for e, b in zip(ev, boxes)):
        return f"{len(ev)} overlap(s) of targets ≥ 48 × 48 px, which tap-targets does not fail"
    return _lh_unscaled_viewport(a, lh, mine, peer)


#: Per check, the test of the differences from its Lighthouse audit that its ``peer.differs`` explains:
#: (audit, Lighthouse audit result, harness outcome, Lighthouse outcome) -> the reason, or None (then it fails).
LIGHTHOUSE_DIFFERENCES = {"UI-01": _ui01, "UI-06": _ui06, "TX-01": _lh_unscaled_viewport}
