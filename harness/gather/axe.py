"""Optional gather stage ``axe``: run axe-core (the copy bundled by axe-playwright-python) on the loaded page.

Accessibility rules are not ours to write: the checks AX-01, AX-02, AX-04 and EL-04 only read what axe-core
reports. The stage runs every axe rule tagged WCAG 2.0 level A or AA (``wcag2a``, ``wcag2aa``; GB/T 37668-2019
is based on WCAG 2.0) once per load, so that checks can pick their rules by parameter and saved artifacts can be
re-audited with other rule lists.

Artifact ``artifacts["axe"]`` (JSON-serialisable, compact)::

    {"version": "4.12.1", "tags": [...], "url": ...,
     "violations": [rule], "incomplete": [rule],        # rule = {"id", "impact", "tags" (wcag* only), "help",
                                                         #  "help_url", "node_count", "nodes": [node]}
     "passes": [{"id", "node_count"}], "inapplicable": [rule id]}
    node = {"target": [CSS selector], "impact", "html" (≤ 200 chars), "summary" (axe's failure summary, ≤ 400
            chars), "box": [x, y, w, h] CSS px document coordinates, or None}

At most ``MAX_NODES`` nodes are kept per rule (``node_count`` is the full count). Passing rules carry no nodes
(axe is asked for ``resultTypes: violations, incomplete``). Time: about 0.5 s on a small page.
"""

from __future__ import annotations

from . import GatherRun, register_stage

#: axe-core tags run: WCAG 2.0 level A and AA.
TAGS = ["wcag2a", "wcag2aa"]
#: Nodes kept per rule.
MAX_NODES = 30

_RUN_JS = """
async (opts) => {
  if (!window.axe) throw new Error("axe-core did not load in the page");
  const r = await window.axe.run(document, {runOnly: {type: "tag", values: opts.tags},
                                            resultTypes: ["violations", "incomplete"], elementRef: true});
  const sx = window.scrollX, sy = window.scrollY;
  const round = (v) => Math.round(v * 10) / 10;
  const box = (el) => {
    if (!el || !el.getBoundingClientRect) return null;
    const b = el.getBoundingClientRect();
    return [round(b.left + sx), round(b.top + sy), round(b.width), round(b.height)];
  };
  const sel = (t) => Array.isArray(t) ? t.join(" >>> ") : String(t);
  const nodes = (list) => list.slice(0, opts.maxNodes).map((n) => ({
    target: (n.target || []).map(sel), impact: n.impact || null, html: String(n.html || "").slice(0, 200),
    summary: String(n.failureSummary || "").slice(0, 400), box: box(n.element)}));
  const rule = (x) => ({id: x.id, impact: x.impact || null, tags: x.tags.filter((t) => t.startsWith("wcag")),
                        help: x.help, help_url: x.helpUrl, node_count: x.nodes.length, nodes: nodes(x.nodes)});
  return {version: window.axe.version, tags: opts.tags, url: r.url,
          violations: r.violations.map(rule), incomplete: r.incomplete.map(rule),
          passes: r.passes.map((x) => ({id: x.id, node_count: x.nodes.length})),
          inapplicable: r.inapplicable.map((x) => x.id)};
}
"""

_AXE_SOURCE: str | None = None


def axe_source() -> str:
    """The axe-core script bundled by axe-playwright-python (read once).

    Raises:
        ImportError: axe-playwright-python is not installed.
    """
    global _AXE_SOURCE
    if _AXE_SOURCE is None:
        from axe_playwright_python.base import AXE_SCRIPT

        _AXE_SOURCE = AXE_SCRIPT
    return _AXE_SOURCE


async def _axe(run: GatherRun) -> None:
    # Evaluated (not a <script> tag) so that the page's Content-Security-Policy cannot block it.
    await run.evaluate(axe_source())
    run.artifacts["axe"] = await run.evaluate(_RUN_JS, {"tags": TAGS, "maxNodes": MAX_NODES})


register_stage("axe", _axe, order=60)
