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

  // A fetch counts as pending from the call until its whole body has arrived (or it fails), not when its headers
  // do: a copy of the body (Response.clone(), the page's own response untouched) is read to its end and thrown
  // away, so the body arrives even when the page reads it later or never (Chromium reports a fetch's body as
  // loaded only once it is read). Each read of a body by the page (json(), text() …) counts until it settles:
  // it starts in the page's reaction to the response, in the same microtask checkpoint as the response, so no
  // settle tick runs between them.
  const begin = () => {
    h.pending++;
    h.lastNetwork = now();
    let done = false;
    return () => { if (!done) { done = true; h.pending--; h.lastNetwork = now(); } };
  };
  const origClone = window.Response && Response.prototype.clone;
  const drain = (resp, end) => {
    let reader = null;
    try {
      const copy = origClone.call(resp);
      reader = copy.body && copy.body.getReader();
    } catch (e) {}
    if (!reader) { end(); return; }
    const pump = () => reader.read().then((r) => { if (r.done) end(); else pump(); }, end);
    pump();
  };
  const origFetch = window.fetch;
  if (origFetch) {
    window.fetch = function (...args) {
      const end = begin();
      try {
        const p = origFetch.apply(this, args);
        p.then((resp) => drain(resp, end), end);
        return p;
      } catch (e) { end(); throw e; }
    };
  }
  if (window.Response) {
    for (const name of ["arrayBuffer", "blob", "bytes", "formData", "json", "text"]) {
      const orig = Response.prototype[name];
      if (typeof orig !== "function") continue;
      Object.defineProperty(Response.prototype, name, {
        configurable: true, writable: true, enumerable: false,
        value: function (...args) {
          const end = begin();
          try {
            const p = orig.apply(this, args);
            p.then(end, end);
            return p;
          } catch (e) { end(); throw e; }
        },
      });
    }
  }
  const origSend = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    const end = begin();
    this.addEventListener("loadend", end, { once: true });
    try {
      return origSend.apply(this, args);
    } catch (e) { end(); throw e; }
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
  // Pending timeouts (id -> delay, ms) until they fire or are cleared, for settle.js (h.shortTimers(ms): how many
  // are pending with a delay ≤ ms). Past MAX_TRACKED pending timeouts the count is unknown and reads as Infinity.
  const MAX_TRACKED = 10000;
  const timeouts = new Map();
  let untracked = false;
  Object.defineProperty(h, "shortTimers", { enumerable: false, value: (ms) => {
    if (untracked) return Infinity;
    let n = 0;
    for (const d of timeouts.values()) if (d <= ms) n++;
    return n;
  } });
  const wrapTimer = (name) => {
    const orig = window[name];
    window[name] = function (fn, delay, ...rest) {
      if (h.timers.length < 200) {
        h.timers.push({ t: now(), kind: name, delay: Number(delay) || 0,
                        source: typeof fn === "function" ? String(fn).slice(0, 300) : String(fn).slice(0, 300) });
      }
      if (name !== "setTimeout" || typeof fn !== "function") return orig.call(this, fn, delay, ...rest);
      let id;
      const run = function (...a) { timeouts.delete(id); return fn.apply(this, a); };
      id = orig.call(this, run, delay, ...rest);
      if (timeouts.size < MAX_TRACKED) timeouts.set(id, Math.max(0, Number(delay) || 0));
      else untracked = true;
      return id;
    };
  };
  for (const name of ["clearTimeout", "clearInterval"]) {  // either clears a timeout (one id space)
    const orig = window[name];
    window[name] = function (id) { timeouts.delete(id); return orig.call(this, id); };
  }
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
