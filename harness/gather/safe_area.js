// UI-03: with safe-area insets emulated (CDP Emulation.setSafeAreaInsetsOverride), where is the content of each
// fixed or sticky bar that touched the top or bottom edge of the viewport before the insets? Content is the
// union of the bar's text line boxes, images and controls, in viewport coordinates.
// Argument: {bars: [{selector, edge}]}. Returns [{selector, edge, bar: [x,y,w,h], content: [x,y,w,h] | null}].
(opts) => {
  const round = (v) => Math.round(v * 10) / 10;
  const out = [];
  const range = document.createRange();
  for (const b of opts.bars) {
    let el = null;
    try { el = document.querySelector(b.selector); } catch (e) {}
    if (!el) { out.push({ selector: b.selector, edge: b.edge, bar: null, content: null }); continue; }
    const r = el.getBoundingClientRect();
    let u = null;
    const add = (q) => {
      if (q.width < 1 || q.height < 1) return;
      u = u ? { l: Math.min(u.l, q.left), t: Math.min(u.t, q.top), r: Math.max(u.r, q.right), b: Math.max(u.b, q.bottom) }
            : { l: q.left, t: q.top, r: q.right, b: q.bottom };
    };
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.data.trim()) continue;
      const p = n.parentElement;
      if (p && p.checkVisibility && !p.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      range.selectNodeContents(n);
      for (const q of range.getClientRects()) add(q);
    }
    for (const c of el.querySelectorAll("img,svg,input,button,select,textarea,a[href],[role=button]")) {
      if (c.checkVisibility && !c.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      add(c.getBoundingClientRect());
    }
    out.push({ selector: b.selector, edge: b.edge, bar: [round(r.left), round(r.top), round(r.width), round(r.height)],
               content: u ? [round(u.l), round(u.t), round(u.r - u.l), round(u.b - u.t)] : null });
  }
  return out;
}
