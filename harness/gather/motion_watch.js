// Watch the page for `watch` ms without touching it and record what moves by itself: elements whose
// style/class/hidden attributes or children change, elements that scroll, running infinite CSS animations
// that translate, <marquee>; and the controls that could pause it. Boxes: [x, y, width, height] CSS px, document.
// Argument: {watch, carouselPattern, pausePattern}. Resolves to {watched_ms, changed: [...], scrolled: [...],
// animations: [...], marquees: [...], pause_controls: [...]}.
(opts) => new Promise((resolve) => {
  const de = document.documentElement, body = document.body;
  const carouselRe = new RegExp(opts.carouselPattern, "i"), pauseRe = new RegExp(opts.pausePattern, "i");
  const cssPath = makeCssPath({ max: 10 });  // ids counted now, before the page moves
  // Visible is isVisibleAnyOpacity: a cross-fading carousel's slide is moving content even while faded out.
  // A carousel-like container: the element or an ancestor (4 levels) named like one.
  const carouselOf = (el) => {
    for (let p = el, i = 0; p && p !== body && i < 5; p = p.parentElement, i++) {
      const desc = [p.id, classText(p), p.getAttribute("role"), p.getAttribute("aria-roledescription")].filter(Boolean).join(" ");
      if (carouselRe.test(desc)) return p;
    }
    return null;
  };
  const changes = new Map();
  const note = (el, what) => {
    if (!el || el.nodeType !== 1 || el === body || el === de) return;
    let c = changes.get(el);
    if (!c) { c = { n: 0, what: new Set(), t: [] }; changes.set(el, c); }
    c.n++; c.what.add(what);
    if (c.t.length < 10) c.t.push(Math.round(performance.now()));
  };
  const mo = new MutationObserver((muts) => {
    for (const m of muts) {
      if (m.type === "attributes") note(m.target, m.attributeName);
      else if (m.type === "childList") note(m.target, "children");
      else if (m.type === "characterData") note(m.target.parentElement, "text");
    }
  });
  const scrolled = new Map();
  const onScroll = (e) => { const t = e.target === document ? null : e.target; if (t && t.nodeType === 1) scrolled.set(t, (scrolled.get(t) || 0) + 1); };
  if (body) {
    mo.observe(body, { subtree: true, childList: true, attributes: true, characterData: true, attributeFilter: ["style", "class", "hidden", "aria-hidden"] });
    document.addEventListener("scroll", onScroll, true);
  }
  const start = performance.now();
  later(() => {
    mo.disconnect();
    document.removeEventListener("scroll", onScroll, true);
    const out = { watched_ms: Math.round(performance.now() - start), changed: [], scrolled: [], animations: [], marquees: [], pause_controls: [] };
    const seen = new Set();
    for (const [el, c] of changes) {
      if (!el.isConnected) continue;
      const car = carouselOf(el);
      const moved = c.what.has("style") || c.what.has("class") || c.what.has("children") || c.what.has("hidden") || c.what.has("aria-hidden");
      if (!moved) continue;
      const host = car || el;
      if (seen.has(host) || !isVisibleAnyOpacity(host)) continue;
      seen.add(host);
      out.changed.push({ selector: cssPath(host), box: docBox(host.getBoundingClientRect()), carousel: !!car, changes: c.n,
                         what: Array.from(c.what).slice(0, 6), times: c.t, text: clean(host.innerText).slice(0, 80) });
      if (out.changed.length >= 20) break;
    }
    for (const [el, n] of scrolled) {
      if (out.scrolled.length >= 10 || !el.isConnected || !isVisibleAnyOpacity(el)) continue;
      out.scrolled.push({ selector: cssPath(el), box: docBox(el.getBoundingClientRect()), events: n, carousel: !!carouselOf(el), text: clean(el.innerText).slice(0, 80) });
    }
    try {
      for (const a of document.getAnimations()) {
        if (out.animations.length >= 10) break;
        const eff = a.effect, timing = eff && eff.getComputedTiming ? eff.getComputedTiming() : {};
        const target = eff && eff.target;
        if (a.playState !== "running" || timing.iterations !== Infinity || !target || !isVisibleAnyOpacity(target)) continue;
        const frames = eff.getKeyframes ? eff.getKeyframes() : [];
        const moves = frames.some((f) => /translate|matrix/.test(String(f.transform || "")) || f.left !== undefined || f.marginLeft !== undefined || f.top !== undefined || f.translate !== undefined);
        if (!moves) continue;
        out.animations.push({ selector: cssPath(target), box: docBox(target.getBoundingClientRect()), name: a.animationName || a.id || "",
                              duration_ms: Math.round(Number(timing.duration) || 0), text: clean(target.innerText).slice(0, 80) });
      }
    } catch (e) {}
    for (const m of document.querySelectorAll("marquee")) {
      if (out.marquees.length < 10 && isVisibleAnyOpacity(m)) out.marquees.push({ selector: cssPath(m), box: docBox(m.getBoundingClientRect()), text: clean(m.innerText).slice(0, 80) });
    }
    for (const el of document.querySelectorAll("a[href],button,[role=button],[onclick],input[type=button]")) {
      if (out.pause_controls.length >= 10 || !isVisibleAnyOpacity(el)) continue;
      const name = clean(el.getAttribute("aria-label") || el.getAttribute("title") || el.innerText || el.value || "");
      if (pauseRe.test(name)) out.pause_controls.push({ selector: cssPath(el), box: docBox(el.getBoundingClientRect()), text: name.slice(0, 40) });
    }
    resolve(out);
  }, opts.watch);
})
