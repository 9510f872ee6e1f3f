// Service items and service guide elements shown on a page (事项同源, 青政公〔2019〕24号 一).
// fields: labelled values anywhere on the page — a label element (dt, th, first td, heading, label, strong …) whose
// text is one of opts.labels, with the value that follows it (dd, next cell, the heading's section), or one element
// reading "label：value". entries (list pages): elements matching opts.entry, with the code, name and type each
// shows (data-item-* attributes, labelled fields, else the first heading or link as the name and a known type
// word) and whether it offers online handling. Boxes are [x, y, width, height] CSS px, document coordinates.
// Argument: {labels, types, entry, online, onlineWords, list: bool, max}.
(opts) => {
  const boxOf = (el) => docBox(el.getBoundingClientRect());
  const norm = (s) => (s || "").replace(/[\s：:【】\[\]“”"'‘’]+/g, "");
  const labels = new Set(opts.labels.map(norm));
  const cssPath = makeCssPath({ max: 8, queryIds: true });
  const HEAD = /^h([1-6])$/;
  const textOf = (nodes) => clean(nodes.map((n) => (n.innerText !== undefined ? n.innerText : n.textContent) || "").join(" ")).slice(0, 600);
  const valueAfter = (el) => {
    const tag = el.localName;
    const sibs = (start) => { const out = []; let n = start.nextElementSibling; while (n) { out.push(n); n = n.nextElementSibling; } return out; };
    if (tag === "dt") {
      const out = []; let n = el.nextElementSibling;
      while (n && n.localName === "dd") { out.push(n); n = n.nextElementSibling; }
      return textOf(out);
    }
    if (tag === "th" || tag === "td") return textOf(sibs(el).filter((c) => c.localName === "td" || c.localName === "th").slice(0, 1));
    const h = tag.match(HEAD);
    if (h) {
      const level = +h[1];
      let rest = sibs(el);
      if (!rest.length && el.parentElement) rest = sibs(el.parentElement);
      const out = [];
      for (const n of rest) { const m = n.localName.match(HEAD); if (m && +m[1] <= level) break; out.push(n); }
      return textOf(out);
    }
    const next = sibs(el);
    if (next.length) return textOf(next.slice(0, 1));
    const parent = el.parentElement;
    if (!parent) return "";
    const whole = clean(parent.innerText || "");
    const own = clean(el.innerText || "");
    const i = whole.indexOf(own);
    return clean(i >= 0 ? whole.slice(i + own.length) : "").replace(/^[：:]\s*/, "").slice(0, 600);
  };
  const SEL = "dt,th,td,h1,h2,h3,h4,h5,h6,label,strong,b,em,span,div,p,li,section > header";
  const fieldsIn = (root) => {
    const out = [], seen = new Set();
    for (const el of root.querySelectorAll(SEL)) {
      if (el.localName === "td" && el.previousElementSibling) continue;  // only a row's first cell is a label
      const raw = clean(el.innerText || "");
      if (!raw || raw.length > 600) continue;
      let label = null, value = null, source = el.localName;
      const n = norm(raw);
      if (n.length <= 12 && labels.has(n)) { label = n; value = valueAfter(el); }
      else {
        const m = raw.match(/^【?([^：:】]{2,12})】?\s*[：:]\s*([\s\S]+)$/);
        if (m && labels.has(norm(m[1])) && el.querySelectorAll(SEL).length <= 4) { label = norm(m[1]); value = clean(m[2]).slice(0, 600); source += ":inline"; }
      }
      if (label === null) continue;
      const key = label + "|" + value;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ label, value, selector: cssPath(el), box: boxOf(el), visible: isVisible(el), source });
      if (out.length >= (opts.max || 200)) break;
    }
    return out;
  };
  const fields = fieldsIn(document.body || document.documentElement);
  const entries = [];
  if (opts.list) {
    const onlineRe = new RegExp(opts.onlineWords.join("|"));
    for (const el of document.querySelectorAll(opts.entry)) {
      if (entries.length >= (opts.max || 200)) break;
      const own = fieldsIn(el);
      const get = (names) => { const f = own.find((x) => names.includes(x.label)); return f ? f.value : null; };
      const text = clean(el.innerText || "");
      const codeMatch = text.match(/[0-9A-Z]{18}[0-9A-Z]{4,}/);
      const head = el.querySelector("h1,h2,h3,h4,h5,h6,.name,[data-field=name],a,strong");
      const typeWord = opts.types.find((t) => text.includes(t)) || null;
      let online = el.dataset.online === "true" || el.dataset.online === "";
      let onlineText = null;
      const ctrls = opts.online ? el.querySelectorAll(opts.online) : el.querySelectorAll("a,button,[role=button],input[type=submit],input[type=button]");
      for (const c of ctrls) {
        const t = clean(c.innerText || c.value || c.getAttribute("aria-label") || "");
        if (opts.online || onlineRe.test(t)) { online = true; onlineText = t; break; }
      }
      entries.push({
        selector: cssPath(el), box: boxOf(el), visible: isVisible(el), text: text.slice(0, 300),
        code: el.dataset.itemCode || get(opts.codeLabels) || (codeMatch ? codeMatch[0] : null),
        name: el.dataset.itemName || get(opts.nameLabels) || (head ? clean(head.innerText) : null),
        type: el.dataset.itemType || get(opts.typeLabels) || typeWord,
        online, online_text: onlineText,
      });
    }
  }
  const h1 = document.querySelector("h1");
  return { url: location.href, title: document.title, h1: h1 ? clean(h1.innerText) : null, fields, entries };
}
