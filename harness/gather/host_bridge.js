// The recording host: installed by the harness before any page script runs (context.addInitScript), generated
// from a platform profile (specs/platforms/*.json). It plays the host app an H5 service is opened in:
//  - defines the profile's bridge global (e.g. ZWJSBridge) whose methods answer as the host would (user type,
//    SSO ticket, ui style normal or elder …) and fires the ready signal once the SDK script ran;
//  - defines the profile's analytics objects (ZwLog, aplus_queue …) and records every page view (PV);
//  - records route changes (pushState, replaceState, popstate, hashchange) and where the SSO ticket is used;
// and records every call with its arguments, answer and time (ms since this document's navigation start).
// Records go to the harness through the binding cfg.binding as they happen (so that nothing is lost when the
// document navigates) and stay readable in window.__qhHost.log(). Both are capped at the source: at most
// cfg.maxReport records per document cross the binding and cfg.maxLog stay in the log; the records past the
// caps are only counted (window.__qhHost.state().unreported, .unlogged), so a page calling the bridge in a loop
// cannot flood the protocol connection.
// Argument cfg: {binding, global, definedBy, ready: {kind, method, event, delayMs}, methods: {name: {role, answer}},
//                analytics: [{style, global, ready_method, pv_method, pv_action, params_index}], ticket, maxLog, maxReport}.
(cfg) => {
  if (window.__qhHost || window !== window.top || !/^https?:$/.test(location.protocol)) return;
  const now = () => Math.round(performance.now() * 10) / 10;
  const doc = performance.timeOrigin;
  const log = [];
  const st = { bridgeSdk: cfg.definedBy === "host", analyticsSdk: false, ready: false, readyAt: null, seq: 0,
               reported: 0, unreported: 0, unlogged: 0 };
  const waiters = [];

  // A JSON-safe copy that keeps value types (numbers stay numbers, nesting stays visible to the checks).
  const clip = (v, depth) => {
    depth = depth || 0;
    if (v === undefined) return null;
    if (v === null || typeof v === "number" || typeof v === "boolean") return v;
    if (typeof v === "string") return v.length > 300 ? v.slice(0, 300) + "…" : v;
    if (typeof v === "function") return "[function]";
    if (depth > 5) return "[…]";
    if (Array.isArray(v)) return v.slice(0, 20).map((x) => clip(x, depth + 1));
    if (typeof v === "object") {
      const o = {};
      let n = 0;
      for (const k of Object.keys(v)) { if (n++ >= 40) break; o[k] = clip(v[k], depth + 1); }
      return o;
    }
    return String(v);
  };
  const copy = (v) => (v === undefined ? undefined : JSON.parse(JSON.stringify(v)));
  // The ready signal comes in a later task (in a real host it needs a round trip to the native side), through
  // the harness's own timer so that the page's timer log stays clean.
  const later = (fn, ms) => {
    const h = window.__harness;
    if (h && h.setTimeout) h.setTimeout(fn, ms || 0); else Promise.resolve().then(fn);
  };
  // The bridge becomes ready once the document is parsed (a host's native side answers the handshake after the
  // page loaded): a call made synchronously while the page is being parsed is always before ready.
  const addListener = document.addEventListener.bind(document);
  const afterParse = (fn) => { if (document.readyState === "loading") addListener("DOMContentLoaded", fn, { once: true }); else fn(); };
  const rec = (kind, name, args, answer, extra) => {
    const r = Object.assign({ seq: ++st.seq, doc, t: now(), kind, name, args: clip(args), answer: clip(answer),
                              url: String(location.href).slice(0, 500), ready: st.ready, sdk: st.bridgeSdk,
                              analytics_sdk: st.analyticsSdk }, extra || {});
    if (log.length < (cfg.maxLog || 500)) log.push(r); else st.unlogged++;
    if (st.reported >= (cfg.maxReport || 1000)) { st.unreported++; return r; }
    st.reported++;
    try { const f = window[cfg.binding]; if (typeof f === "function") f(r); } catch (e) {}
    return r;
  };

  // ---- the bridge
  const fire = () => {
    if (st.ready) return;
    st.ready = true;
    st.readyAt = now();
    rec("ready", cfg.ready.kind === "event" ? cfg.ready.event : cfg.ready.method, null, null, { role: "ready_signal" });
    for (const fn of waiters.splice(0)) {
      try { fn(); } catch (e) { queueMicrotask(() => { throw e; }); }  // an error in the page's callback stays the page's
    }
    if (cfg.ready.kind === "event") document.dispatchEvent(new Event(cfg.ready.event));
  };
  const bridge = {};
  if (cfg.global) {
    if (cfg.ready.kind === "callback") {
      bridge[cfg.ready.method] = function (fn) {
        rec("call", cfg.ready.method, [typeof fn === "function" ? "[function]" : fn], null, { role: "ready" });
        if (typeof fn !== "function") return;
        if (st.ready) Promise.resolve().then(() => fn()); else waiters.push(fn);
      };
    } else {
      for (const target of [document, window]) {
        const orig = target.addEventListener;
        target.addEventListener = function (type, fn, opts) {
          if (type === cfg.ready.event) rec("call", "addEventListener", [type], null, { role: "ready" });
          return orig.call(this, type, fn, opts);
        };
      }
    }
    for (const [name, m] of Object.entries(cfg.methods || {})) {
      bridge[name] = function (...args) {
        rec("call", name, args, m.answer, { role: m.role });
        return Promise.resolve(copy(m.answer));
      };
    }
    Object.defineProperty(window, cfg.global, { value: bridge, writable: true, configurable: true, enumerable: false });
    if (cfg.definedBy === "host") afterParse(() => later(fire, cfg.ready.delayMs || 0));
  }

  // ---- analytics
  const pv = (channel, params, all) => rec("pv", channel, all, null, { role: "pv", params: clip(params) });
  for (const ch of cfg.analytics || []) {
    if (ch.style === "constructor") {
      const Ctor = function (meta) {
        rec("call", "new " + ch.global, [meta], null, { role: "analytics_init" });
        this.metaInfo = copy(meta === undefined ? {} : clip(meta));
        this.readyFlag = true;
        this[ch.ready_method] = (fn) => {
          rec("call", ch.global + "." + ch.ready_method, ["[function]"], null, { role: "analytics_ready" });
          if (typeof fn === "function") Promise.resolve().then(() => fn());
        };
        this[ch.pv_method] = (params) => { pv(ch.global + "." + ch.pv_method, params, [params]); };
        this.record = (...a) => { rec("call", ch.global + ".record", a, null, { role: "analytics_event" }); };
      };
      Object.defineProperty(window, ch.global, { value: Ctor, writable: true, configurable: true, enumerable: false });
    } else if (ch.style === "object") {
      const obj = {};
      if (ch.ready_method) obj[ch.ready_method] = (fn) => {
        rec("call", ch.global + "." + ch.ready_method, ["[function]"], null, { role: "analytics_ready" });
        if (typeof fn === "function") Promise.resolve().then(() => fn());
      };
      obj[ch.pv_method] = (params) => { pv(ch.global + "." + ch.pv_method, params, [params]); };
      Object.defineProperty(window, ch.global, { value: obj, writable: true, configurable: true, enumerable: false });
    } else if (ch.style === "queue") {
      const wrap = (arr) => {
        const push = Array.prototype.push;
        const seen = (it) => {
          if (it && it.action === ch.pv_action) {
            const a = Array.isArray(it.arguments) ? it.arguments : [];
            pv(ch.global + " " + ch.pv_action, a[ch.params_index || 0], a);
          } else {
            rec("call", ch.global + ".push", [it], null, { role: "analytics_event" });
          }
        };
        for (const it of arr) seen(it);
        arr.push = function (...items) { for (const it of items) seen(it); return push.apply(this, items); };
        return arr;
      };
      let q = wrap([]);
      Object.defineProperty(window, ch.global, { get: () => q, set: (v) => { q = wrap(Array.isArray(v) ? v : []); },
                                                 configurable: true, enumerable: false });
    }
  }

  // ---- routes (a page view is expected on each). One change of the URL is one route: a fragment navigation fires
  // popstate and then hashchange for the same URL (Chromium), recorded once (under the first event's name).
  let routeUrl = location.href;
  const route = (name) => {
    if (location.href === routeUrl) return;
    routeUrl = location.href;
    rec("route", name, [location.href], null, { role: "route" });
  };
  rec("route", "load", [location.href], null, { role: "route" });
  for (const m of ["pushState", "replaceState"]) {
    const orig = history[m];
    history[m] = function (...args) {
      const r = orig.apply(this, args);
      route(m);
      return r;
    };
  }
  window.addEventListener("popstate", () => route("popstate"));
  window.addEventListener("hashchange", () => route("hashchange"));

  // ---- where the SSO ticket goes (the app's server exchanges it for the user's identity)
  if (cfg.ticket) {
    const has = (s) => typeof s === "string" && s.indexOf(cfg.ticket) >= 0;
    if (has(location.href)) rec("ticket", "url", [location.href], null, { role: "ticket_in_url" });
    const f = window.fetch;
    if (f) {
      window.fetch = function (input, init) {
        const url = typeof input === "string" ? input : (input && input.url) || String(input);
        const body = init && typeof init.body === "string" ? init.body : "";
        if (has(url) || has(body)) rec("ticket", "fetch", [url], null, { role: "ticket_used" });
        return f.apply(this, arguments);
      };
    }
    const open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function (method, url) { this.__qhUrl = String(url); return open.apply(this, arguments); };
    XMLHttpRequest.prototype.send = function (body) {
      if (has(this.__qhUrl) || has(typeof body === "string" ? body : "")) rec("ticket", "xhr", [this.__qhUrl], null, { role: "ticket_used" });
      return send.apply(this, arguments);
    };
  }

  Object.defineProperty(window, "__qhHost", { enumerable: false, value: {
    // Called by the SDK scripts the harness serves in place of the platform's.
    sdkLoaded(name, provides) {
      if (provides === "analytics") st.analyticsSdk = true;
      if (provides === "bridge") st.bridgeSdk = true;
      const s = document.currentScript;
      rec("sdk", name, [s && s.src ? s.src : null], null, { role: "sdk", provides });
      if (provides === "bridge" && cfg.global && cfg.definedBy === "sdk") afterParse(() => later(fire, cfg.ready.delayMs || 0));
    },
    log: () => log.slice(),
    state: () => Object.assign({}, st),
  } });
}
