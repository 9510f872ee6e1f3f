// Installed before any page script (harness/gather/privacy_init.py). Records (no collection before
// consent), what the page asks for or sends before any user interaction. The harness never taps, types or
// clicks, so every record it makes is "before interaction"; the first trusted input event is recorded anyway
// (t_first_input) so that a person driving the same page sees the difference.
//   window.__harness_pi = {t_first_input, calls: [{t, api, detail}], sends: [{t, api, url, body_kind, keys,
//                          field_values, snippet}]}
(() => {
  if (window.__harness_pi) return;
  const now = () => Math.round(performance.now());
  const pi = { t_first_input: null, calls: [], sends: [] };
  Object.defineProperty(window, "__harness_pi", { value: pi, enumerable: false });
  const call = (api, detail) => { if (pi.calls.length < 100) pi.calls.push({ t: now(), api, detail: detail == null ? null : String(detail).slice(0, 200) }); };
  for (const type of ["pointerdown", "keydown", "touchstart", "mousedown"]) {
    window.addEventListener(type, (e) => { if (e.isTrusted && pi.t_first_input === null) pi.t_first_input = now(); }, true);
  }

  // Permission-gated APIs: geolocation, camera/microphone, notifications, clipboard, permission queries.
  try {
    const geo = navigator.geolocation;
    if (geo) {
      for (const m of ["getCurrentPosition", "watchPosition"]) {
        const orig = geo[m];
        if (typeof orig === "function") geo[m] = function (...a) { call("geolocation." + m); return orig.apply(this, a); };
      }
    }
  } catch (e) {}
  try {
    const md = navigator.mediaDevices;
    if (md && md.getUserMedia) {
      const orig = md.getUserMedia;
      md.getUserMedia = function (c) { call("mediaDevices.getUserMedia", JSON.stringify(c || {})); return orig.apply(this, arguments); };
    }
    for (const legacy of ["getUserMedia", "webkitGetUserMedia"]) {
      const orig = navigator[legacy];
      if (typeof orig === "function") navigator[legacy] = function (c) { call("navigator." + legacy, JSON.stringify(c || {})); return orig.apply(this, arguments); };
    }
  } catch (e) {}
  try {
    if (window.Notification && Notification.requestPermission) {
      const orig = Notification.requestPermission;
      Notification.requestPermission = function () { call("Notification.requestPermission"); return orig.apply(this, arguments); };
    }
  } catch (e) {}
  try {
    if (navigator.clipboard && navigator.clipboard.readText) {
      const orig = navigator.clipboard.readText;
      navigator.clipboard.readText = function () { call("clipboard.readText"); return orig.apply(this, arguments); };
    }
  } catch (e) {}

  // Data sent: form submissions and request bodies that carry form data.
  const fieldValues = () => {
    const out = [];
    try {
      for (const el of document.querySelectorAll("input,select,textarea")) {
        const t = (el.type || "").toLowerCase();
        if (["hidden", "submit", "button", "image", "reset", "checkbox", "radio"].includes(t)) continue;
        const v = String(el.value || "");
        if (v.length >= 2) out.push(v);
      }
    } catch (e) {}
    return out;
  };
  const describe = (body) => {
    if (body == null) return null;
    let kind = typeof body, keys = [], text = "";
    try {
      if (typeof FormData !== "undefined" && body instanceof FormData) {
        kind = "FormData";
        for (const [k, v] of body.entries()) { keys.push(k); text += k + "=" + (typeof v === "string" ? v : "[file]") + "&"; }
      } else if (typeof URLSearchParams !== "undefined" && body instanceof URLSearchParams) {
        kind = "URLSearchParams"; text = body.toString(); keys = Array.from(body.keys());
      } else if (typeof body === "string") {
        kind = "text"; text = body;
        const t = body.trim();
        if (t.startsWith("{")) { try { keys = Object.keys(JSON.parse(t)); kind = "json"; } catch (e) {} }
        else if (/^[\w.%-]+=/.test(t)) { kind = "urlencoded"; keys = t.split("&").map((p) => decodeURIComponent(p.split("=")[0])); }
      } else if (typeof Blob !== "undefined" && body instanceof Blob) { kind = "Blob"; }
      else if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) { kind = "binary"; }
    } catch (e) {}
    const values = fieldValues();
    return { body_kind: kind, keys: keys.slice(0, 30), field_values: values.filter((v) => text.includes(v)).length,
             snippet: text.slice(0, 500) };
  };
  const send = (api, url, body) => {
    if (pi.sends.length >= 100) return;
    const d = describe(body);
    if (!d) return;
    let abs = url == null ? null : String(url);
    try { if (abs !== null) abs = new URL(abs, location.href).href; } catch (e) {}
    pi.sends.push({ t: now(), api, url: abs === null ? null : abs.slice(0, 500), ...d });
  };
  try {
    const origFetch = window.fetch;
    if (origFetch) {
      window.fetch = function (input, init) {
        try {
          const url = typeof input === "string" ? input : (input && input.url);
          if (init && init.body != null) send("fetch", url, init.body);
        } catch (e) {}
        return origFetch.apply(this, arguments);
      };
    }
  } catch (e) {}
  try {
    const origOpen = XMLHttpRequest.prototype.open, origSend = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function (method, url) { try { this.__harness_url = String(url); } catch (e) {} return origOpen.apply(this, arguments); };
    XMLHttpRequest.prototype.send = function (body) { try { if (body != null) send("xhr", this.__harness_url, body); } catch (e) {} return origSend.apply(this, arguments); };
  } catch (e) {}
  try {
    if (navigator.sendBeacon) {
      const orig = navigator.sendBeacon;
      navigator.sendBeacon = function (url, data) { try { if (data != null) send("sendBeacon", url, data); } catch (e) {} return orig.apply(this, arguments); };
    }
  } catch (e) {}
  try {
    const formSend = (api) => function () {
      try { send(api, this.action, new FormData(this)); } catch (e) {}
    };
    const origSubmit = HTMLFormElement.prototype.submit;
    const recSubmit = formSend("form.submit");
    HTMLFormElement.prototype.submit = function () { recSubmit.call(this); return origSubmit.apply(this, arguments); };
    if (HTMLFormElement.prototype.requestSubmit) {
      const origReq = HTMLFormElement.prototype.requestSubmit;
      const recReq = formSend("form.requestSubmit");
      HTMLFormElement.prototype.requestSubmit = function () { recReq.call(this); return origReq.apply(this, arguments); };
    }
  } catch (e) {}
})();
