// Per-width probe (and after text zoom): overlapping tap targets and clipped text at the current viewport width.
// Tap targets are the outermost interactive elements (as in dom_walk.js); two overlap when one of their client
// rects intersect by at least `minOverlap` CSS px in both directions. When a modal layer (a fixed element
// covering most of the viewport) is open, only the targets inside the topmost such layer are compared.
// Text is clipped when a text node's rects pass the box of an ancestor (or the element itself) whose overflow is
// hidden or clip by more than max(2 px, `clipTolerance` × font size); `text-overflow: ellipsis` and
// `-webkit-line-clamp` truncation are reported as kind "ellipsis". Visually-hidden text (boxes under 2 px, CSS
// clip) is ignored. Boxes are [x, y, width, height] CSS px, document coordinates.
// Content of an inner scroll container (overflow auto/scroll, e.g. an app shell's page body inside a full-screen
// overflow:hidden container) is not clipped by its ancestors on its scrolling axis, and overlaps a target outside
// it (a tab bar laid over it) only where scrolling cannot move it clear. A page control under a fixed bar
// (a tab bar, a submit bar, a header) is reported (under_fixed_bar) only where no scrolling moves it clear.
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

  // Modal layers: fixed elements covering at least 80 % of the viewport. Fixed bars: fixed elements at least half
  // the viewport wide, at most 30 % of its height, touching its top or bottom edge (tab bars, headers, submit bars).
  let layer = null;
  const bars = [];
  for (const el of body.querySelectorAll("*")) {
    const cs = getComputedStyle(el);
    if (cs.position !== "fixed" || !isRendered(el)) continue;
    const br = el.getBoundingClientRect();
    const [w, h] = inViewport(br);
    if (w > 0 && h > 0 && w * h >= 0.8 * vw * vh && el.querySelector("*")) {
      const z = parseInt(cs.zIndex, 10) || 0;
      if (!layer || z >= layer.z) layer = { el, z };
    } else if (w >= 0.5 * vw && h > 0 && h <= 0.3 * vh && (br.top <= 1 || br.bottom >= vh - 1)
               && !(el.parentElement && el.parentElement.closest && bars.some((b) => b.contains(el)))) {
      bars.push(el);
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
  // Inner scroll containers (overflow auto/scroll on an axis, with content to scroll: an app shell's page body)
  // move their content against everything outside them. A target in one that overlaps a target outside it (a
  // tab bar laid over the page body) overlaps only if scrolling cannot move it clear: the content can move by
  // the scroll range left each way, and must stay inside the container's visible box.
  const scrolls = (cs, axis) => ["auto", "scroll", "overlay"].includes(axis === "y" ? cs.overflowY : cs.overflowX);
  const scrollerOf = (el) => {
    for (let p = el.parentElement; p && p !== body && p !== de; p = p.parentElement) {
      const cs = getComputedStyle(p);
      if ((scrolls(cs, "y") && p.scrollHeight > p.clientHeight + 1) || (scrolls(cs, "x") && p.scrollWidth > p.clientWidth + 1)) return p;
    }
    return null;
  };
  const clearable = (T, O) => {
    const S = T.scroller;
    if (!S || S.contains(O.el)) return false;
    const sr = S.getBoundingClientRect(), cs = getComputedStyle(S);
    const r = unionRect(T.rects), o = unionRect(O.rects);
    const axes = [];
    if (scrolls(cs, "y")) axes.push(["top", "bottom", S.scrollTop, S.scrollHeight - S.clientHeight - S.scrollTop]);
    if (scrolls(cs, "x")) axes.push(["left", "right", S.scrollLeft, S.scrollWidth - S.clientWidth - S.scrollLeft]);
    for (const [lo, hi, back, ahead] of axes) {
      const up = r[hi] - o[lo];    // move the content this much towards lo to clear the other above/left of it
      if (up >= 0 && up <= ahead + 1 && r[lo] - up >= sr[lo] - 1) return true;
      const down = o[hi] - r[lo];  // or this much towards hi
      if (down >= 0 && down <= back + 1 && r[hi] + down <= sr[hi] + 1) return true;
    }
    return false;
  };
  // Tap targets: outermost interactive elements (tapTargets, the same as dom_walk.js's).
  const targets = [];
  for (const el of tapTargets()) {
    if (targets.length >= 1000) break;
    if (!isRendered(el)) continue;
    if (layer && !layer.el.contains(el)) continue;
    const rects = Array.from(el.getClientRects()).filter(hasArea);
    if (!rects.length) continue;
    targets.push({ el, rects, layer: layerOf(el), scroller: scrollerOf(el) });
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
      if (A.scroller !== B.scroller && (clearable(A, B) || clearable(B, A))) continue;
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

  // A page control under a fixed bar is a defect only where scrolling cannot move it clear of the bar: under a
  // bottom bar even at the end of its scroll range (the document's, or its inner scroll container's), under a
  // top bar even at the start. Compared by bar, for the controls of the page layer (no modal layer open).
  if (!layer) {
    const se = document.scrollingElement || de;
    for (const bar of bars) {
      const b = bar.getBoundingClientRect();
      const bottomBar = b.bottom >= vh - 1;
      for (const T of targets) {
        if (out.overlaps.length >= max) break;
        if (T.layer || bar.contains(T.el)) continue;
        const r = unionRect(T.rects);
        if (!r || Math.min(r.right, b.right) - Math.max(r.left, b.left) < minOverlap) continue;
        const S = T.scroller;
        let back, ahead, sr;
        if (S && !S.contains(bar)) {
          const scs = getComputedStyle(S);
          if (!scrolls(scs, "y")) continue;
          sr = S.getBoundingClientRect();
          back = S.scrollTop; ahead = S.scrollHeight - S.clientHeight - S.scrollTop;
        } else {
          sr = { top: 0, bottom: vh };
          back = window.scrollY; ahead = Math.max(0, se.scrollHeight - window.innerHeight - window.scrollY);
        }
        if (Math.min(sr.bottom, b.bottom) - Math.max(sr.top, b.top) <= 0) continue;  // the bar is not over this scroller
        // Shift the content must make so that it overlaps the bar by less than minOverlap.
        const stuck = bottomBar ? r.bottom - b.top - minOverlap > ahead + 1 && r.top - ahead < b.bottom
                                : b.bottom - r.top - minOverlap > back + 1 && r.bottom + back > b.top;
        if (!stuck) continue;
        const shift = bottomBar ? -ahead : back;
        const top = Math.max(r.top + shift, b.top), bottom = Math.min(r.bottom + shift, b.bottom);
        if (bottom - top < minOverlap) continue;
        const name = (el) => clean(el.getAttribute("aria-label") || el.innerText || el.getAttribute("title") || el.value || "").slice(0, 40);
        const left = Math.max(r.left, b.left), right = Math.min(r.right, b.right);
        out.overlaps.push({ selector: cssPath(T.el), other: cssPath(bar), text: name(T.el), other_text: name(bar).slice(0, 40),
                            box: docBox(T.el.getBoundingClientRect()), other_box: docBox(b), under_fixed_bar: true,
                            overlap: docBox({ left, top: top - shift, width: right - left, height: bottom - top }) });
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
    // An inner scroll container lying within the clip of its ancestors (an app shell's overflow-y:auto page body
    // in a full-screen overflow:hidden container): what passes the ancestors' edge on its scrolling axis is
    // reached by scrolling it, so their clip no longer applies to its content on that axis.
    if (clip && el !== body) {
      const r = el.getBoundingClientRect();
      const sy = scrolls(cs, "y") && r.top >= clip.top - 1 && r.bottom <= clip.bottom + 1;
      const sx = scrolls(cs, "x") && r.left >= clip.left - 1 && r.right <= clip.right + 1;
      if (sy || sx) {
        clip = { ...clip, top: sy ? -Infinity : clip.top, bottom: sy ? Infinity : clip.bottom,
                 left: sx ? -Infinity : clip.left, right: sx ? Infinity : clip.right };
        if (clip.top === -Infinity && clip.bottom === Infinity && clip.left === -Infinity && clip.right === Infinity) clip = null;
      }
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
