// Does the page follow the user's text size? Two calls around a change of the browser's default font size (the
// user's text-size setting, changed by the caller through the DevTools protocol between them):
//   {phase: "before"}: finds declarations of text-size-adjust: none (any prefix; CSS rules of readable style sheets,
//     <style> text, style attributes, computed styles of html/body), samples the font size of up to `max` visible
//     text elements and starts watching for inline px font sizes written by the page's scripts. Resolves to
//     {adjust_none: [{selector, where}], unreadable_sheets, elements}.
//   {phase: "after", quietMs, maxMs}: measures the sampled elements at once (the style as the browser resolves it
//     under the new text size), then fires a resize event (the way a host's text-size change reaches a page's
//     rem scripts) and waits until no style attribute changed for `quietMs` (at most `maxMs`), measures again and
//     stops watching. Resolves to {elements, chars, followed_at_once, followed_after (shares of characters whose
//     font size grew by at least `grow` ×), script_px_writes: [{selector, value}]}.
// State between the calls lives in the harness's isolated world (the page never sees it).
(opts) => new Promise((resolve) => {
  const path = makeCssPath({ max: 8 });
  if (opts.phase === "before") {
    const none = (v) => /^\s*none\s*$/i.test(v || "");
    const adjust = [];
    let unreadable = 0;
    const scanRules = (rules) => {
      for (const r of rules) {
        if (r.style && (none(r.style.getPropertyValue("-webkit-text-size-adjust")) || none(r.style.getPropertyValue("text-size-adjust"))))
          adjust.push({ selector: r.selectorText || "", where: "css rule" });
        if (r.cssRules) scanRules(r.cssRules);
      }
    };
    for (const sheet of document.styleSheets) {
      try { scanRules(sheet.cssRules); } catch (e) { unreadable++; }
    }
    // Declarations the CSS parser of this build drops are still in the source text of <style> and style attributes.
    const DECL = /(?:^|[;{\s])(?:-(?:webkit|moz|ms)-)?text-size-adjust\s*:\s*none\b/i;
    for (const st of document.querySelectorAll("style")) {
      const text = st.textContent || "";
      const re = /([^{}]+)\{([^{}]*)\}/g;
      let m;
      while ((m = re.exec(text))) {
        const sel = clean(m[1]);
        if (DECL.test("{" + m[2]) && !adjust.some((a) => a.selector === sel)) adjust.push({ selector: sel, where: "style element" });
      }
    }
    for (const el of document.querySelectorAll("[style]")) {
      if (DECL.test(";" + el.getAttribute("style"))) adjust.push({ selector: path(el), where: "style attribute" });
    }
    for (const el of [document.documentElement, document.body]) {
      if (!el) continue;
      const cs = getComputedStyle(el);
      if ((none(cs.webkitTextSizeAdjust) || none(cs.textSizeAdjust)) && !adjust.length) adjust.push({ selector: path(el), where: "computed style" });
    }
    const els = [];
    const seen = new Set();
    for (const node of textNodes(document.body || document.documentElement)) {
      const el = node.parentElement;
      if (!el || seen.has(el) || !isVisible(el)) continue;
      seen.add(el);
      els.push({ el, chars: clean(node.textContent).length, size: parseFloat(getComputedStyle(el).fontSize) || 0 });
      if (els.length >= (opts.max || 400)) break;
    }
    const state = { els, writes: [], watching: false, last: performance.now() };
    state.observer = new MutationObserver((records) => {
      if (!state.watching) return;
      for (const r of records) {
        const el = r.target;
        state.last = performance.now();
        const v = el.style && el.style.fontSize;
        if (v && /px$/.test(v) && state.writes.length < 20) state.writes.push({ selector: path(el), value: v });
      }
    });
    state.observer.observe(document.documentElement, { attributes: true, attributeFilter: ["style"], subtree: true });
    globalThis.__textScaleState = state;
    resolve({ adjust_none: adjust.slice(0, 20), unreadable_sheets: unreadable, elements: els.length });
    return;
  }
  const state = globalThis.__textScaleState;
  if (!state) { resolve(null); return; }
  const grow = opts.grow || 1.25;
  const share = () => {
    let total = 0, grown = 0;
    for (const e of state.els) {
      if (!e.el.isConnected || !e.size) continue;
      total += e.chars;
      if ((parseFloat(getComputedStyle(e.el).fontSize) || 0) >= e.size * grow) grown += e.chars;
    }
    return { total, share: total ? Math.round((grown / total) * 1000) / 1000 : null };
  };
  const atOnce = share();
  state.watching = true;
  state.last = performance.now();
  const start = state.last;
  window.dispatchEvent(new Event("resize"));
  const done = () => {
    state.observer.disconnect();
    const after = share();
    delete globalThis.__textScaleState;
    resolve({ elements: state.els.length, chars: after.total, followed_at_once: atOnce.share, followed_after: after.share,
              script_px_writes: state.writes });
  };
  const tick = () => {
    const now = performance.now();
    if (now - state.last >= opts.quietMs || now - start >= opts.maxMs) done();
    else later(tick, 50);
  };
  later(tick, 50);
})
