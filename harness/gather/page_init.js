// Installed by the harness before any page script runs (context.addInitScript).
// Records what the page does over time so that gatherers can read it after the load:
// pending fetch/XHR and the last DOM mutation (to know when the page has settled), the largest
// contentful paint, uncaught errors, window.open calls, timers and script-driven navigations.
(() => {
  if (window.__harness) return;
  const now = () => Math.round(performance.now());
  const h = { pending: 0, lastMutation: 0, lastNetwork: 0, lcp: null, cls: 0, opens: [], timers: [], locationWrites: [], errors: [] };
  Object.defineProperty(window, "__harness", { value: h, enumerable: false });
  Object.defineProperty(h, "setTimeout", { value: window.setTimeout.bind(window), enumerable: false });

  const origFetch = window.fetch;
  if (origFetch) {
    window.fetch = function (...args) {
      h.pending++;
      h.lastNetwork = now();
      let done = false;
      const end = () => { if (!done) { done = true; h.pending--; h.lastNetwork = now(); } };
      try {
        const p = origFetch.apply(this, args);
        p.then(end, end);
        return p;
      } catch (e) { end(); throw e; }
    };
  }
  const origSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    h.pending++;
    h.lastNetwork = now();
    this.addEventListener("loadend", () => { h.pending--; h.lastNetwork = now(); }, { once: true });
    return origSend.apply(this, args);
  };

  try {
    new MutationObserver(() => { h.lastMutation = now(); })
      .observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  } catch (e) {}

  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        h.lcp = { time: Math.round(e.startTime), size: e.size, url: e.url || null,
                  tag: e.element ? e.element.localName : null };
      }
    }).observe({ type: "largest-contentful-paint", buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) h.cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  } catch (e) {}

  const origOpen = window.open;
  window.open = function (url, target, features) {
    h.opens.push({ t: now(), url: url == null ? null : String(url), target: target == null ? null : String(target) });
    return origOpen.apply(this, arguments);
  };

  // Timers that change location or reload (auto-advance, timed redirects): record source snippets.
  const wrapTimer = (name) => {
    const orig = window[name];
    window[name] = function (fn, delay, ...rest) {
      if (h.timers.length < 200) {
        h.timers.push({ t: now(), kind: name, delay: Number(delay) || 0,
                        source: typeof fn === "function" ? String(fn).slice(0, 300) : String(fn).slice(0, 300) });
      }
      return orig.call(this, fn, delay, ...rest);
    };
  };
  wrapTimer("setTimeout");
  wrapTimer("setInterval");

  window.addEventListener("error", (e) => {
    if (!(e instanceof ErrorEvent)) return;  // resource load failures are in the network log
    if (h.errors.length < 50) h.errors.push({ t: now(), message: String(e.message || e.type), source: e.filename || null });
  }, true);
  window.addEventListener("unhandledrejection", (e) => {
    if (h.errors.length < 50) h.errors.push({ t: now(), message: "unhandledrejection: " + String(e.reason && (e.reason.message || e.reason)) });
  });
})();
