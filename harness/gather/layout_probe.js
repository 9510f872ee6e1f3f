// Measure horizontal overflow at the current viewport width.
// Under mobile emulation window.innerWidth grows with over-wide content and hides the defect, so compare
// documentElement.scrollWidth with documentElement.clientWidth. Offenders are the outermost elements whose
// right edge passes the layout viewport and that no horizontally scrolling/clipping ancestor contains; elements in
// shadow roots (open and closed, deepElements) count.
// Argument: {max}. Returns {width, scroll_width, client_width, inner_width, offenders: [{selector, box, right}],
// viewport_clipped (overflow-x hidden/clip on the viewport), hidden_overflow?: {by: "body"|"html", overflow (CSS px), offenders}}.
(opts) => {
  const de = document.documentElement;
  const sx = window.scrollX;
  const cw = de.clientWidth, sw = de.scrollWidth;
  const out = { width: window.innerWidth, scroll_width: sw, client_width: cw, inner_width: window.innerWidth, offenders: [] };
  if (!document.body) return out;
  const cssPath = makeCssPath({ max: 10, top: "body" });  // paths end at body
  const all = Array.from(deepElements(document.body));  // shadow roots included
  const clipped = (el) => {
    for (let p = composedParent(el); p && p !== document.body && p !== de; p = composedParent(p)) {
      const ox = getComputedStyle(p).overflowX;
      if (ox !== "visible") {
        const pr = p.getBoundingClientRect();
        if (pr.right + sx <= cw + 1) return true;
      }
    }
    return false;
  };
  // overflow-x: hidden/clip on html or body hides what passes the right edge instead of letting it scroll: the
  // part beyond the edge cannot be reached by any means. Found as the outermost elements that straddle the edge
  // (start on screen, end past it; an element parked wholly off screen, such as a closed drawer, is left out),
  // not fixed, and not inside a narrower clipping or scrolling container.
  // When that clipping is the viewport's (html's overflow-x, or body's when html's is visible: CSS Overflow 3
  // §3.3 propagation), scrollWidth past clientWidth is not scrolling either: the page cannot be moved sideways.
  const hides = (e) => ["hidden", "clip"].includes(getComputedStyle(e).overflowX);
  const bodyClip = [document.body, de].find(hides);
  out.viewport_clipped = hides(de) || (getComputedStyle(de).overflowX === "visible" && hides(document.body));
  if (bodyClip) {
    const straddle = new Set();
    for (const el of all) {
      const r = el.getBoundingClientRect();
      if (!hasArea(r) || r.right + sx <= cw + 1 || r.left + sx >= cw - 1) continue;
      const cs = getComputedStyle(el);
      if (cs.position === "fixed" || cs.visibility === "hidden" || !isRendered(el)) continue;
      straddle.add(el);
    }
    const hid = [];
    let right = cw;
    for (const el of straddle) {
      if (composedParent(el) && straddle.has(composedParent(el))) continue;
      if (clipped(el)) continue;
      const r = el.getBoundingClientRect();
      right = Math.max(right, r.right + sx);
      if (hid.length < (opts.max || 20)) hid.push({ selector: cssPath(el), box: docBox(r), right: round(r.right + sx), hidden_by: bodyClip.localName });
    }
    if (hid.length) out.hidden_overflow = { by: bodyClip.localName, overflow: round(right - cw), offenders: hid };
  }
  if (sw <= cw + 1 || out.viewport_clipped) return out;
  const over = new Set();
  for (const el of all) {
    const r = el.getBoundingClientRect();
    if (!hasArea(r)) continue;
    if (r.right + sx > cw + 1) over.add(el);
  }
  // Text or inline content overflowing its own box (a long unbreakable string) does not widen any element's
  // box: find the innermost elements whose content reaches past the viewport.
  const textOver = [];
  for (const el of all) {
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
    out.offenders.push({ selector: cssPath(el), box: docBox(r),
                         right: round(r.left + sx + el.scrollWidth), content_overflow: true });
  }
  for (const el of over) {
    if (out.offenders.length >= (opts.max || 20)) break;
    if (composedParent(el) && over.has(composedParent(el))) continue;
    const cs = getComputedStyle(el);
    if (cs.position === "fixed" && cs.visibility === "hidden") continue;
    if (clipped(el)) continue;
    const r = el.getBoundingClientRect();
    out.offenders.push({ selector: cssPath(el), box: docBox(r), right: round(r.right + sx) });
  }
  return out;
}
