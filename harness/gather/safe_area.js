// With safe-area insets emulated (CDP Emulation.setSafeAreaInsetsOverride), where is the content of each
// fixed or sticky bar that touched the top or bottom edge of the viewport before the insets? Content is the
// union of the bar's text line boxes, images and controls, in viewport coordinates.
// Argument: {bars: [{selector, edge}]}. Returns [{selector, edge, bar: [x,y,w,h], content: [x,y,w,h] | null}].
(opts) => {
  const out = [];
  for (const b of opts.bars) {
    let el = null;
    try { el = document.querySelector(b.selector); } catch (e) {}
    if (!el) { out.push({ selector: b.selector, edge: b.edge, bar: null, content: null }); continue; }
    const r = el.getBoundingClientRect();
    const rects = [];
    for (const n of textNodes(el)) {
      const p = n.parentElement;
      if (p && !isRendered(p)) continue;
      rects.push(...textRange(n).getClientRects());
    }
    for (const c of el.querySelectorAll("img,svg,input,button,select,textarea,a[href],[role=button]")) {
      if (isRendered(c)) rects.push(c.getBoundingClientRect());
    }
    const u = unionRect(rects);
    out.push({ selector: b.selector, edge: b.edge, bar: viewportBox(r), content: u ? viewportBox(u) : null });
  }
  return out;
}
