// Measure horizontal overflow at the current viewport width.
// Under mobile emulation window.innerWidth grows with over-wide content and hides the defect, so compare
// documentElement.scrollWidth with documentElement.clientWidth. Offenders are the outermost elements whose
// right edge passes the layout viewport and that no horizontally scrolling/clipping ancestor contains.
// Argument: {max}. Returns {width, scroll_width, client_width, inner_width, offenders: [{selector, box, right}]}.
(opts) => {
  const de = document.documentElement;
  const sx = window.scrollX, sy = window.scrollY;
  const cw = de.clientWidth, sw = de.scrollWidth;
  const round = (v) => Math.round(v * 10) / 10;
  const out = { width: window.innerWidth, scroll_width: sw, client_width: cw, inner_width: window.innerWidth, offenders: [] };
  if (sw <= cw + 1 || !document.body) return out;
  const idCount = new Map();
  for (const el of document.querySelectorAll("[id]")) idCount.set(el.id, (idCount.get(el.id) || 0) + 1);
  // nth-of-type index and count of each child, computed once per parent (siblings can number thousands).
  const typeIndex = new Map();
  const nthOfType = (parent, node) => {
    let m = typeIndex.get(parent);
    if (!m) {
      m = new Map();
      const counts = new Map();
      for (const c of parent.children) {
        const k = c.localName, i = (counts.get(k) || 0) + 1;
        counts.set(k, i);
        m.set(c, i);
      }
      m.counts = counts;
      typeIndex.set(parent, m);
    }
    return [m.get(node) || 1, m.counts.get(node.localName) || 1];
  };
  const cssPath = (el) => {
    const parts = [];
    let node = el;
    while (node && node.nodeType === 1 && parts.length < 10) {
      if (node.id && idCount.get(node.id) === 1 && /^[A-Za-z][\w-]*$/.test(node.id)) { parts.unshift("#" + node.id); break; }
      let part = node.localName;
      const parent = node.parentElement;
      if (parent && node !== document.body) {
        const [idx, n] = nthOfType(parent, node);
        if (n > 1) part += `:nth-of-type(${idx})`;
      }
      parts.unshift(part);
      if (node === document.body) break;
      node = parent;
    }
    return parts.join(" > ");
  };
  const over = new Set();
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body && p !== de; p = p.parentElement) {
      const ox = getComputedStyle(p).overflowX;
      if (ox !== "visible") {
        const pr = p.getBoundingClientRect();
        if (pr.right + sx <= cw + 1) return true;
      }
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) continue;
    if (r.right + sx > cw + 1) over.add(el);
  }
  // Text or inline content overflowing its own box (a long unbreakable string) does not widen any element's
  // box: find the innermost elements whose content reaches past the viewport.
  const textOver = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (over.has(el) || el.scrollWidth <= el.clientWidth + 1) continue;
    const cs = getComputedStyle(el);
    if (cs.overflowX !== "visible" || cs.display === "inline") continue;
    const r = el.getBoundingClientRect();
    if (r.left + sx + el.scrollWidth > cw + 1) textOver.push(el);
  }
  for (const el of textOver) {
    if (out.offenders.length >= (opts.max || 20)) break;
    if (textOver.some((o) => o !== el && el.contains(o))) continue;  // keep the innermost
    if (clipped(el)) continue;
    const r = el.getBoundingClientRect();
    out.offenders.push({ selector: cssPath(el), box: [round(r.left + sx), round(r.top + sy), round(r.width), round(r.height)],
                         right: round(r.left + sx + el.scrollWidth), content_overflow: true });
  }
  for (const el of over) {
    if (out.offenders.length >= (opts.max || 20)) break;
    if (el.parentElement && over.has(el.parentElement)) continue;
    const cs = getComputedStyle(el);
    if (cs.position === "fixed" && cs.visibility === "hidden") continue;
    if (clipped(el)) continue;
    const r = el.getBoundingClientRect();
    out.offenders.push({ selector: cssPath(el), box: [round(r.left + sx), round(r.top + sy), round(r.width), round(r.height)], right: round(r.right + sx) });
  }
  return out;
}
