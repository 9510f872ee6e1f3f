"""Hand-made artifacts of one loaded H5 page, for the unit tests of the checks that read the page's load, its
DOM walk and its layout (AV-01, AV-02, AX-03, EL-03, EL-05, IN-02, PI-06, SE-01, TX-01, UI-01, UI-02) and of
the engine's handling of missing artifacts (``tests/test_check_evaluation.py``).

The shapes are those :func:`harness.gather.gather` returns, reduced to what these checks read: a 375 × 667 CSS
px phone, an H5 system, a committed HTTPS load (status 200, load event at 100 ms), no errors.
"""

from __future__ import annotations


def art(dom=None, **kw):
    """Artifacts of a page that loaded fine; ``dom`` (a dict) adds a DOM walk with empty lists for the keys it
    does not set; ``kw`` replaces top-level artifacts (``navigation``, ``layout``, ``screenshot`` …)."""
    base = {"device": {"viewport": {"width": 375, "height": 667}, "name": "t"}, "target": {"system_kind": "h5"},
            "navigation": {"url": "https://x/", "final_url": "https://x/", "ok": True, "status": 200, "load_ms": 100,
                           "error": None, "committed": True},
            "errors": {}, "network": [], "console": [], "page_errors": []}
    if dom is not None:
        base["dom"] = {"visible_text": "", "texts": [], "targets": [], "fields": [], "forms": [], "resources": [],
                       "font_histogram": [], "doc": {"visual_scale": 1}, **dom}
    base.update(kw)
    return base


def text(t, fs=16, lh=24, **kw):
    """A text record of the DOM walk (``dom.texts[]``): text ``t`` in a ``<p>``, font size ``fs`` and line height
    ``lh`` in CSS px, not a heading nor in a control; ``kw`` adds or replaces fields (``selector``, ``heading`` …)."""
    return {"selector": kw.pop("selector", "p"), "tag": "p", "text": t, "chars": len(t.replace(" ", "")), "font_size": fs,
            "line_height": lh, "heading": False, "in_control": False, "box": [0, 0, 100, 20], **kw}
