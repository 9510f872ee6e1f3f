"""Optional gather stage ``axe``: run axe-core (the copy bundled by axe-playwright-python) on the loaded page.

Accessibility rules are not ours to write: the accessibility and contrast checks only read what axe-core
reports. The stage runs every axe rule tagged WCAG 2.0 level A or AA (``wcag2a``, ``wcag2aa``; GB/T 37668-2019
is based on WCAG 2.0) once per load, so that checks can pick their rules by parameter and saved artifacts can be
re-audited with other rule lists.

Artifact ``artifacts["axe"]`` (JSON-serialisable, compact)::

    {"version": "4.12.1", "tags": [...], "url": ...,
     "violations": [rule], "incomplete": [rule],        # rule = {"id", "impact", "tags" (wcag* only), "help",
                                                         #  "help_url", "node_count", "nodes": [node]}
     "passes": [{"id", "node_count"}], "inapplicable": [rule id]}
    node = {"target": [CSS selector], "impact", "html" (≤ 200 chars), "summary" (axe's failure summary, ≤ 400
            chars), "box": [x, y, w, h] CSS px document coordinates, or None,
            "decided"?: (incomplete color-contrast nodes the stage could decide without a person)
                {"kind": "not_text", "reason"} (only icon glyphs, axe's nonBmp) or
                {"kind": "computed", "ratio", "required" (4.5, or 3 for large text), "fg", "bg" (#rrggbb),
                 "px" (font size, CSS px)}
                (axe's pseudoContent where the pseudo-elements paint only borders or 1–2 px lines)}

At most ``MAX_NODES`` nodes are kept per rule (``node_count`` is the full count). Passing rules carry no nodes
(axe is asked for ``resultTypes: violations, incomplete``).

Time: axe's ``color-contrast`` rule alone costs as much as all the others together (it walks the element stack
under every text), so the stage runs it apart, on one representative of each group of text elements that must
have the same contrast: the same computed colour, font size and weight, opacity, and the same nearest ancestor
that paints a background, with no positioned element in between (text that may sit over something else is always
its own group). axe's verdict on the representative is reported for every member of its group (``node_count``
counts them all; their selectors and boxes are the harness's own). About 0.1–0.3 s on a typical page.
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
  const base = {runOnly: {type: "tag", values: opts.tags}, resultTypes: ["violations", "incomplete"], elementRef: true};
  // 1. Every rule but color-contrast, on the whole document.
  const r = await window.axe.run(document, {...base, rules: {"color-contrast": {enabled: false}}});
  // 2. color-contrast on one representative per group of text elements that must contrast alike.
  const groups = new Map(), members = new Map();
  // The nearest ancestor painting a background, and the opacity of the path to it; null when the text may sit
  // over something else (a positioned element or a filter on the way): such text is judged alone.
  const bgOwner = (el) => {
    let alpha = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const cs = getComputedStyle(e);
      if (e !== el && cs.position !== "static") return null;
      if (cs.filter !== "none" || cs.mixBlendMode !== "normal") return null;
      alpha *= parseFloat(cs.opacity);
      if (cs.backgroundImage !== "none" || (cs.backgroundColor !== "transparent" && !/rgba\\([^)]*,\\s*0\\)$/.test(cs.backgroundColor))) return [e, alpha];
    }
    return [document.documentElement, alpha];
  };
  let unique = 0;
  const ownerIds = new Map();
  for (const el of document.body ? document.body.querySelectorAll("*") : []) {
    let own = false;
    for (const c of el.childNodes) if (c.nodeType === 3 && c.data.trim()) { own = true; break; }
    if (!own) continue;
    const cs = getComputedStyle(el);
    const found = cs.position === "static" ? bgOwner(el) : null;
    let key;
    if (found === null) key = "u" + (unique++);
    else {
      const [owner, alpha] = found;
      if (!ownerIds.has(owner)) ownerIds.set(owner, ownerIds.size);
      key = [cs.color, cs.fontSize, cs.fontWeight, alpha, cs.textShadow, ownerIds.get(owner)].join("|");
    }
    if (!groups.has(key)) groups.set(key, el);
    const rep = groups.get(key);
    if (!members.has(rep)) members.set(rep, []);
    members.get(rep).push(el);
  }
  const reps = Array.from(members.keys());
  let cc = {violations: [], incomplete: [], passes: []};
  if (reps.length) {
    cc = await window.axe.run({include: reps.map((e) => [e])},
                              {...base, runOnly: {type: "rule", values: ["color-contrast"]}, resultTypes: ["violations", "incomplete", "passes"]});
  }
  const sx = window.scrollX, sy = window.scrollY;
  const round = (v) => Math.round(v * 10) / 10;
  const box = (el) => {
    if (!el || !el.getBoundingClientRect) return null;
    const b = el.getBoundingClientRect();
    return [round(b.left + sx), round(b.top + sy), round(b.width), round(b.height)];
  };
  const path = (el) => {
    const parts = [];
    for (let e = el; e && e.nodeType === 1 && parts.length < 8; e = e.parentElement) {
      if (e.id && /^[A-Za-z][\\w-]*$/.test(e.id) && document.querySelectorAll("#" + e.id).length === 1) { parts.unshift("#" + e.id); break; }
      let part = e.localName;
      const p = e.parentElement;
      if (p) { const same = Array.from(p.children).filter((c) => c.localName === e.localName); if (same.length > 1) part += ":nth-of-type(" + (same.indexOf(e) + 1) + ")"; }
      parts.unshift(part);
    }
    return parts.join(" > ");
  };
  const sel = (t) => Array.isArray(t) ? t.join(" >>> ") : String(t);
  const node = (n) => ({target: (n.target || []).map(sel), impact: n.impact || null, html: String(n.html || "").slice(0, 200),
                        summary: String(n.failureSummary || "").slice(0, 400), box: box(n.element),
                        ...(n._decided ? {decided: n._decided} : {})});
  const rule = (x) => ({id: x.id, impact: x.impact || null, tags: x.tags.filter((t) => t.startsWith("wcag")),
                        help: x.help, help_url: x.helpUrl, node_count: x.nodes.length, nodes: x.nodes.slice(0, opts.maxNodes).map(node)});
  // Spread each representative's verdict over its group (members in document order, the representative first).
  const spread = (x) => {
    const out = rule(x), nodes = [];
    let count = 0;
    for (const n of x.nodes) {
      const group = members.get(n.element) || [n.element];
      count += group.length;
      nodes.push(node(n));
      for (const m of group.slice(1)) {
        if (nodes.length >= opts.maxNodes) break;
        nodes.push({target: [path(m)], impact: n.impact || null, html: (m.outerHTML || "").slice(0, 200),
                    summary: String(n.failureSummary || "").slice(0, 400), box: box(m), same_as: node(n).target,
                    ...(n._decided ? {decided: n._decided} : {})});
      }
    }
    out.node_count = count;
    out.nodes = nodes.slice(0, opts.maxNodes);
    return out;
  };
  // 3. Decide, where no person is needed, what axe left incomplete for contrast: a node whose content is only
  // non-text characters (an icon-font glyph in the Private Use Area) is not text; text axe could not judge only
  // because a pseudo-element on its way paints nothing over it (a hairline: ::after with a border or a 1–2 px
  // line, transform:scale(.5)) has its colours computed here: the text colour against the nearest painted
  // background, both composited by opacity. Images, gradients and overlapping text stay undecided.
  const parse = (c) => { const m = /rgba?\\(([^)]+)\\)/.exec(c || ""); if (!m) return null; const v = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]); };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const paintsOver = (el, which) => {
    const ps = getComputedStyle(el, which);
    if (!ps || ps.content === "none" || ps.content === "normal" || ps.display === "none") return false;
    const bg = parse(ps.backgroundColor);
    const paints = ps.backgroundImage !== "none" || (bg && bg[3] > 0) || (ps.content !== '""' && ps.content !== "''");
    if (!paints) return false;  // only borders: nothing painted under or over the text's glyphs
    const w = parseFloat(ps.width) || 0, h = parseFloat(ps.height) || 0;
    return !(ps.content === '""' && (w <= 2 || h <= 2));  // a 1–2 px line (hairline) does not sit under the text
  };
  const computeContrast = (el) => {
    let bg = null;
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      if (paintsOver(e, "::before") || paintsOver(e, "::after")) return null;
      const cs = getComputedStyle(e);
      if (cs.backgroundImage !== "none" || cs.filter !== "none" || cs.mixBlendMode !== "normal") return null;
      if (e !== el && cs.position !== "static" && cs.position !== "relative") return null;  // may sit over something else
      const c = parse(cs.backgroundColor);
      if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) { bg = c; break; } }
    }
    let base = bg || [255, 255, 255, 1];
    for (let i = layers.length - (bg ? 2 : 1); i >= 0; i--) base = over(layers[i], base);
    const cs = getComputedStyle(el);
    let fg = parse(cs.color);
    if (!fg) return null;
    let alpha = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) alpha *= parseFloat(getComputedStyle(e).opacity);
    fg = over([fg[0], fg[1], fg[2], fg[3] * alpha], base);
    const l1 = lum(fg), l2 = lum(base);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const px = parseFloat(cs.fontSize), bold = parseInt(cs.fontWeight, 10) >= 700;
    const large = px >= 24 || (bold && px >= 18.66);
    const hex = (c) => "#" + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
    return {kind: "computed", ratio: Math.round(ratio * 100) / 100, required: large ? 3 : 4.5, fg: hex(fg), bg: hex(base), px: Math.round(px * 10) / 10};
  };
  const decide = (n) => {
    const d = ((n.any || []).find((c) => c.id === "color-contrast") || {}).data || {};
    if (d.messageKey === "nonBmp") return {kind: "not_text", reason: "only non-text characters (icon glyphs)"};
    if (d.messageKey === "pseudoContent" && n.element) return computeContrast(n.element);
    return null;
  };
  for (const x of cc.incomplete) for (const n of x.nodes) n._decided = decide(n);
  const ccv = cc.violations.map(spread), cci = cc.incomplete.map(spread);
  const ccPasses = cc.passes.map((x) => ({id: x.id, node_count: x.nodes.reduce((a, n) => a + (members.get(n.element) || [1]).length, 0)}));
  return {version: window.axe.version, tags: opts.tags, url: r.url,
          violations: r.violations.map(rule).concat(ccv), incomplete: r.incomplete.map(rule).concat(cci),
          passes: r.passes.map((x) => ({id: x.id, node_count: x.nodes.length})).concat(ccPasses),
          inapplicable: r.inapplicable.map((x) => x.id).concat(reps.length ? [] : ["color-contrast"]),
          contrast_groups: {texts: Array.from(members.values()).reduce((a, g) => a + g.length, 0), evaluated: reps.length}};
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


async def _inject(run: GatherRun) -> None:
    # Evaluated (not a <script> tag) so that the page's Content-Security-Policy cannot block it.
    await run.evaluate(axe_source())


async def _axe(run: GatherRun) -> None:
    # The source went in while the page settled (the preload); again if that failed or the page moved on since.
    if not await run.preloaded("axe") or not await run.evaluate("() => !!(window.axe && window.axe.run)"):
        await _inject(run)
    run.artifacts["axe"] = await run.evaluate(_RUN_JS, {"tags": TAGS, "maxNodes": MAX_NODES})


register_stage("axe", _axe, preload=_inject)
