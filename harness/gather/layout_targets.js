// Per-width probe (and after text zoom): overlapping tap targets and clipped text at the current viewport width.
// Tap targets are the outermost interactive elements (as in dom_walk.js); two overlap when one of their client
// rects intersect by at least `minOverlap` CSS px in both directions. When a modal layer (a fixed element
// covering most of the viewport) is open, only the targets inside the topmost such layer are compared.
// Text is clipped when a text node's rects pass the box of an ancestor (or the element itself) whose overflow is
// hidden or clip by more than max(2 px, `clipTolerance` × font size); `text-overflow: ellipsis` and
// `-webkit-line-clamp` truncation are reported as kind "ellipsis". Visually-hidden text (boxes under 2 px, CSS
// clip) is ignored. Boxes are [x, y, width, height] CSS px, document coordinates.
// Argument: {max, minOverlap, clipTolerance}. Returns {targets, overlaps: [...], clipped: [...], text_elements}.
(opts) => {
  const max = opts && opts.max || 30;
  const minOverlap = opts && opts.minOverlap != null ? opts.minOverlap : 4;
  const clipTol = opts && opts.clipTolerance != null ? opts.clipTolerance : 0.3;
  const de = document.documentElement, body = document.body;
  const out = { targets: 0, overlaps: [], clipped: [], text_elements: 0 };
  if (!body) return out;
  const vw = de.clientWidth, vh = window.innerHeight;
  const cssPath = makeCssPath({ max: 10 });

  // Modal layers: fixed elements covering at least 80 % of the viewport.
  let layer = null;
  for (const el of body.querySelectorAll("*")) {
    const cs = getComputedStyle(el);
    if (cs.position !== "fixed" || !isRendered(el)) continue;
    const [w, h] = inViewport(el.getBoundingClientRect());
    if (w > 0 && h > 0 && w * h >= 0.8 * vw * vh && el.querySelector("*")) {
      const z = parseInt(cs.zIndex, 10) || 0;
      if (!layer || z >= layer.z) layer = { el, z };
    }
  }

  // Fixed and sticky elements move against the page as it scrolls: only targets in the same layer (the page, or
  // the same fixed/sticky ancestor) are compared, so content passing under a fixed bar is not an overlap.
  const layerOf = (el) => {
    for (let p = el; p && p !== body; p = p.parentElement) {
      const pos = getComputedStyle(p).position;
      if (pos === "fixed" || pos === "sticky") return p;
    }
    return null;
  };
  // Tap targets: outermost interactive elements (tapTargets, the same as dom_walk.js's).
  const targets = [];
  for (const el of tapTargets()) {
    if (targets.length >= 1000) break;
    if (!isRendered(el)) continue;
    if (layer && !layer.el.contains(el)) continue;
    const rects = Array.from(el.getClientRects()).filter(hasArea);
    if (!rects.length) continue;
    targets.push({ el, rects, layer: layerOf(el) });
  }
  out.targets = targets.length;
  targets.sort((a, b) => a.rects[0].top - b.rects[0].top);
  for (let i = 0; i < targets.length && out.overlaps.length < max; i++) {
    const A = targets[i];
    const aBottom = Math.max(...A.rects.map((r) => r.bottom));
    for (let j = i + 1; j < targets.length && out.overlaps.length < max; j++) {
      const B = targets[j];
      if (B.rects[0].top > aBottom) break;
      if (A.layer !== B.layer) continue;
      let hit = null;
      for (const ra of A.rects) {
        for (const rb of B.rects) {
          const ix = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
          const iy = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
          if (ix >= minOverlap && iy >= minOverlap) { hit = [Math.max(ra.left, rb.left), Math.max(ra.top, rb.top), ix, iy]; break; }
        }
        if (hit) break;
      }
      if (hit) {
        const name = (el) => clean(el.getAttribute("aria-label") || el.innerText || el.getAttribute("title") || el.value || "").slice(0, 40);
        out.overlaps.push({ selector: cssPath(A.el), other: cssPath(B.el), text: name(A.el), other_text: name(B.el),
                            box: docBox(A.el.getBoundingClientRect()), other_box: docBox(B.el.getBoundingClientRect()),
                            overlap: docBox({ left: hit[0], top: hit[1], width: hit[2], height: hit[3] }) });
      }
    }
  }

  // Clipping boxes: per element, the intersection of the boxes of itself and its ancestors with overflow hidden/clip.
  const clipCache = new Map();
  const clipOf = (el) => {
    if (!el || el === de || el === body.parentElement) return null;
    if (clipCache.has(el)) return clipCache.get(el);
    let clip = clipOf(el.parentElement);
    const cs = getComputedStyle(el);
    const hx = cs.overflowX === "hidden" || cs.overflowX === "clip", hy = cs.overflowY === "hidden" || cs.overflowY === "clip";
    if ((hx || hy) && el !== body) {
      const r = el.getBoundingClientRect();
      const bl = parseFloat(cs.borderLeftWidth) || 0, bt = parseFloat(cs.borderTopWidth) || 0;
      const own = { left: hx ? r.left + bl : -Infinity, right: hx ? r.left + bl + el.clientWidth : Infinity,
                    top: hy ? r.top + bt : -Infinity, bottom: hy ? r.top + bt + el.clientHeight : Infinity, el, cs };
      clip = clip ? { left: Math.max(clip.left, own.left), right: Math.min(clip.right, own.right), top: Math.max(clip.top, own.top),
                      bottom: Math.min(clip.bottom, own.bottom), el: own.el, cs: own.cs, tiny: clip.tiny } : own;
      if (r.width < 2 || r.height < 2 || (cs.clip && cs.clip !== "auto") || (cs.clipPath && cs.clipPath !== "none")) clip.tiny = true;
    }
    clipCache.set(el, clip);
    return clip;
  };
  for (const el of body.querySelectorAll("*")) {
    const tag = el.localName;
    if (tag === "script" || tag === "style" || tag === "noscript" || tag === "template" || tag === "option") continue;
    const nodes = [];
    for (const c of el.childNodes) if (c.nodeType === 3 && c.data.trim()) nodes.push(c);
    if (!nodes.length || !isRendered(el)) continue;
    const cs = getComputedStyle(el);
    const er = el.getBoundingClientRect();
    if (!hasArea(er)) continue;
    out.text_elements++;
    if (out.clipped.length >= max) continue;
    const fs = parseFloat(cs.fontSize) || 16;
    const text = clean(nodes.map((n) => n.data).join(" ")).slice(0, 80);
    // Truncation with an ellipsis or a line clamp.
    const clampEl = cs.textOverflow === "ellipsis" ? el : null;
    if (clampEl && el.scrollWidth > el.clientWidth + 1) {
      out.clipped.push({ selector: cssPath(el), box: docBox(er), text, font_size: round(fs), kind: "ellipsis", axis: "x",
                         hidden_px: el.scrollWidth - el.clientWidth });
      continue;
    }
    if (cs.webkitLineClamp && cs.webkitLineClamp !== "none" && el.scrollHeight > el.clientHeight + 1) {
      out.clipped.push({ selector: cssPath(el), box: docBox(er), text, font_size: round(fs), kind: "ellipsis", axis: "y",
                         hidden_px: el.scrollHeight - el.clientHeight });
      continue;
    }
    const clip = clipOf(el);
    if (!clip || clip.tiny) continue;
    const tol = Math.max(2, clipTol * fs);
    // The union of the text's line boxes: text wholly outside the clip box is hidden on purpose (off-canvas
    // slides, collapsed panels); text that is partly inside and passes its edge is cut.
    const u = unionRect(nodes.flatMap((n) => Array.from(textRange(n).getClientRects())));
    let worst = null;
    if (u && u.right > clip.left && u.left < clip.right && u.bottom > clip.top && u.top < clip.bottom) {
      const over = { x: Math.max(u.right - clip.right, clip.left - u.left, 0), y: Math.max(u.bottom - clip.bottom, clip.top - u.top, 0) };
      for (const axis of ["x", "y"]) {
        if (over[axis] > tol && (!worst || over[axis] > worst.px)) worst = { axis, px: over[axis] };
      }
    }
    if (worst) {
      out.clipped.push({ selector: cssPath(el), box: docBox(er), text, font_size: round(fs), kind: "clipped", axis: worst.axis,
                         hidden_px: round(worst.px), clipped_by: cssPath(clip.el) });
    }
  }
  return out;
}
