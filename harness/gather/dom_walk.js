// One walk over the DOM collecting every fact the checks need (text runs with their font metrics,
// tap targets with boxes, form fields with labels, images, links, subresource URLs, fixed bars, page meta).
// Boxes are [x, y, width, height] in CSS px, document coordinates (scroll offset added).
// Argument: {maxRecords, maxText, maxVisibleText}. Returns a plain JSON-serialisable object.
(opts) => {
  const maxRecords = opts.maxRecords || 3000;
  const maxText = opts.maxText || 1000;
  const de = document.documentElement;
  const body = document.body;
  const sx = window.scrollX, sy = window.scrollY;
  const round = (v) => Math.round(v * 10) / 10;
  const boxOf = (r) => [round(r.left + sx), round(r.top + sy), round(r.width), round(r.height)];

  // Ids that are unique in the document, for short selectors.
  const idCount = new Map();
  for (const el of document.querySelectorAll("[id]")) idCount.set(el.id, (idCount.get(el.id) || 0) + 1);
  const selCache = new Map();
  // nth-of-type index and count of each child, computed once per parent (siblings can number thousands).
  const typeIndex = new Map();
  const nthOfType = (parent, node) => {
    let m = typeIndex.get(parent);
    if (!m) {
      m = new Map();
      const counts = new Map();
      for (const c of parent.children) {
        const k = c.localName, i = (counts.get(k) || 0) + 1;
        counts.set(k, i);
        m.set(c, i);
      }
      m.counts = counts;
      typeIndex.set(parent, m);
    }
    return [m.get(node) || 1, m.counts.get(node.localName) || 1];
  };
  const cssPath = (el) => {
    if (!el || el.nodeType !== 1) return "";
    if (selCache.has(el)) return selCache.get(el);
    const parts = [];
    let node = el;
    while (node && node.nodeType === 1) {
      if (node.id && idCount.get(node.id) === 1 && /^[A-Za-z][\w-]*$/.test(node.id)) { parts.unshift("#" + node.id); break; }
      let part = node.localName;
      if (node === de || node === body) { parts.unshift(part); if (node === de) break; node = node.parentElement; continue; }
      const parent = node.parentElement;
      if (parent) {
        const [idx, n] = nthOfType(parent, node);
        if (n > 1) part += `:nth-of-type(${idx})`;
      }
      parts.unshift(part);
      node = parent;
      if (parts.length >= 10) break;
    }
    const s = parts.join(" > ");
    selCache.set(el, s);
    return s;
  };
  const visible = (el, r) => {
    if (r.width < 1 || r.height < 1) return false;
    if (r.right + sx < 0 || r.bottom + sy < 0) return false;
    if (el.checkVisibility && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    return true;
  };
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();

  // Line height "normal" depends on the fonts actually used (a CJK fallback font has other metrics than the
  // Latin one): measure it once per (family, size, weight, script) with a sample of the element's own text.
  const lhCache = new Map();
  const CJK = /[\u3000-\u9fff\uff00-\uffef]/;
  const normalLineHeight = (cs, sample) => {
    const cjk = CJK.test(sample);
    const key = cs.fontFamily + "|" + cs.fontSize + "|" + cs.fontWeight + "|" + cjk;
    if (lhCache.has(key)) return lhCache.get(key);
    const probe = document.createElement("div");
    probe.style.cssText = "position:absolute;visibility:hidden;left:-9999px;top:0;line-height:normal;white-space:nowrap;padding:0;border:0;margin:0";
    probe.style.fontFamily = cs.fontFamily; probe.style.fontSize = cs.fontSize; probe.style.fontWeight = cs.fontWeight;
    const line = document.createElement("span");
    line.textContent = (cjk ? "国" : "") + "Ag";
    probe.append(line, document.createElement("br"), line.cloneNode(true));
    (body || de).appendChild(probe);
    const v = probe.getBoundingClientRect().height / 2;
    probe.remove();
    lhCache.set(key, v);
    return v;
  };

  const CONTROL_SEL = "a[href],button,label,input,select,textarea,summary,[role=button],[role=link],[role=tab],[role=menuitem]";
  const TARGET_SEL = "a[href],button,input:not([type=hidden]),select,textarea,summary,[role=button],[role=link],[role=checkbox],[role=radio],[role=switch],[role=tab],[role=menuitem],[onclick]";
  const HEADING = /^h[1-6]$/;

  const texts = [];
  const fontHistogram = new Map();  // CSS px (0.5 px steps) -> characters
  let textChars = 0, textRecordsTruncated = false;
  const fixed = [];
  const all = body ? body.querySelectorAll("*") : [];
  for (const el of all) {
    const tag = el.localName;
    if (tag === "script" || tag === "style" || tag === "noscript" || tag === "template") continue;
    let own = "";
    for (const c of el.childNodes) if (c.nodeType === 3) own += c.data;
    const cs = getComputedStyle(el);
    if (cs.position === "fixed" || cs.position === "sticky") {
      const r = el.getBoundingClientRect();
      if (visible(el, r) && fixed.length < 50) {
        fixed.push({ selector: cssPath(el), position: cs.position, box: boxOf(r), viewport_box: [round(r.left), round(r.top), round(r.width), round(r.height)],
                     padding_top: cs.paddingTop, padding_bottom: cs.paddingBottom, top: cs.top, bottom: cs.bottom });
      }
    }
    own = clean(own);
    if (!own) continue;
    const r = el.getBoundingClientRect();
    if (!visible(el, r)) continue;
    const chars = own.replace(/\s/g, "").length;
    const fs = parseFloat(cs.fontSize);
    const lh = cs.lineHeight === "normal" ? normalLineHeight(cs, own) : parseFloat(cs.lineHeight);
    textChars += chars;
    const bucket = Math.round(fs * 2) / 2;
    fontHistogram.set(bucket, (fontHistogram.get(bucket) || 0) + chars);
    if (texts.length >= maxRecords) { textRecordsTruncated = true; continue; }
    texts.push({
      selector: cssPath(el), tag, text: own.slice(0, maxText), chars,
      font_size: round(fs), line_height: round(lh), line_height_normal: cs.lineHeight === "normal",
      heading: HEADING.test(tag) || el.getAttribute("role") === "heading",
      in_control: !!el.closest(CONTROL_SEL), box: boxOf(r),
      overflow_hidden: cs.overflow !== "visible" || cs.textOverflow === "ellipsis",
    });
  }

  // Tap targets: outermost interactive elements.
  const targets = [];
  const targetEls = new Set(document.querySelectorAll(TARGET_SEL));
  for (const el of targetEls) {
    if (targets.length >= maxRecords) break;
    let p = el.parentElement, nested = false;
    while (p) { if (targetEls.has(p)) { nested = true; break; } p = p.parentElement; }
    if (nested) continue;
    const r = el.getBoundingClientRect();
    if (!visible(el, r)) continue;
    const cs = getComputedStyle(el);
    // A link in a sentence (its parent has text of its own beside the link) is an inline target
    // (WCAG 2.5.5/2.5.8 "Inline" exception), even when a flex parent blockifies it.
    let inline = false;
    if (el.localName === "a" && el.parentElement) {
      let parentOwn = "";
      for (const c of el.parentElement.childNodes) if (c.nodeType === 3) parentOwn += c.data;
      inline = clean(parentOwn).length >= 2 || (cs.display === "inline" && clean(el.parentElement.textContent).length > clean(el.textContent).length + 4);
    }
    let label = null;
    if (el.labels && el.labels.length) {
      const l = el.labels[0];
      const lr = l.getBoundingClientRect();
      if (lr.width >= 1 && lr.height >= 1) label = { box: boxOf(lr), wraps: l.contains(el) };
    }
    targets.push({
      selector: cssPath(el), tag: el.localName, type: el.getAttribute("type"), role: el.getAttribute("role"),
      name: clean(el.getAttribute("aria-label") || el.innerText || el.getAttribute("title") || el.getAttribute("alt") || el.value || el.getAttribute("placeholder") || "").slice(0, 80),
      href: el.localName === "a" ? el.href : null, box: boxOf(r), inline, label,
    });
  }

  // Form fields with their labels (for 附件2, accessibility and login detection).
  // innerText puts a line break between block or flex items ("<label style=display:flex>我已阅读并同意<a>隐私政策</a>");
  // between two Chinese characters it is no word space: join them. A space the author typed stays ("第1项 信息").
  const CJK_BREAK = /([\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])[ \t]*\n\s*(?=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])/g;
  const labelText = (s) => clean((s || "").replace(CJK_BREAK, "$1"));
  const labelOf = (el) => {
    const parts = [];
    if (el.labels) for (const l of el.labels) { const t = labelText(l.innerText); if (t) parts.push(t); }
    if (parts.length) return { text: parts.join(" "), source: "label" };
    const lb = el.getAttribute("aria-labelledby");
    if (lb) {
      const t = labelText(lb.split(/\s+/).map((id) => { const n = document.getElementById(id); return n ? n.innerText : ""; }).join(" "));
      if (t) return { text: t, source: "aria-labelledby" };
    }
    const al = clean(el.getAttribute("aria-label"));
    if (al) return { text: al, source: "aria-label" };
    const ph = clean(el.getAttribute("placeholder"));
    if (ph) return { text: ph, source: "placeholder" };
    const ti = clean(el.getAttribute("title"));
    if (ti) return { text: ti, source: "title" };
    return { text: "", source: null };
  };
  // For 附件2: the text just before an unlabelled field ("身份证号 <input>", "<td>姓名</td><td><input>"), and
  // the caption of a radio or checkbox group (fieldset legend, role=radiogroup/group name).
  const FIELD_SEL = "input,select,textarea,button";
  const nearText = (el) => {
    let node = el;
    for (let depth = 0; depth < 3 && node && node !== body; depth++) {
      for (let s = node.previousSibling; s; s = s.previousSibling) {
        if (s.nodeType === 1 && (s.matches(FIELD_SEL) || s.querySelector(FIELD_SEL))) return null;
        const t = clean(s.nodeType === 3 ? s.textContent : s.nodeType === 1 ? s.innerText : "");
        if (t) return t.slice(-40);
      }
      node = node.parentElement;
    }
    return null;
  };
  const groupLabel = (el) => {
    const fs = el.closest("fieldset");
    const lg = fs && fs.querySelector("legend");
    if (lg && clean(lg.innerText)) return clean(lg.innerText).slice(0, 80);
    const g = el.closest("[role=radiogroup],[role=group]");
    if (!g) return null;
    const ids = (g.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    const t = clean(ids.map((id) => { const n = document.getElementById(id); return n ? n.innerText : ""; }).join(" ")) || clean(g.getAttribute("aria-label"));
    return t ? t.slice(0, 80) : null;
  };
  const forms = Array.from(document.forms);
  const fields = [];
  for (const el of document.querySelectorAll("input,select,textarea")) {
    const type = (el.getAttribute("type") || (el.localName === "input" ? "text" : el.localName)).toLowerCase();
    if (["hidden", "submit", "button", "image", "reset"].includes(type)) continue;
    if (fields.length >= maxRecords) break;
    const r = el.getBoundingClientRect();
    const lab = labelOf(el);
    fields.push({
      selector: cssPath(el), tag: el.localName, type, name: el.getAttribute("name"), id: el.id || null,
      label: lab.text, label_source: lab.source, placeholder: el.getAttribute("placeholder"),
      required: el.required || el.getAttribute("aria-required") === "true", checked: !!el.checked,
      default_checked: !!el.defaultChecked, autocomplete: el.getAttribute("autocomplete"),
      value: (el.type === "password" ? "" : String(el.value || "")).slice(0, 100),
      visible: visible(el, r), box: boxOf(r), form: el.form ? forms.indexOf(el.form) : null,
      near_text: lab.text ? null : nearText(el), group_label: type === "radio" || type === "checkbox" ? groupLabel(el) : null,
    });
  }
  const formInfo = forms.slice(0, 100).map((f, i) => {
    const submits = Array.from(f.querySelectorAll("button,input[type=submit],input[type=button],[role=button]"))
      .map((b) => clean(b.innerText || b.value || b.getAttribute("aria-label") || "")).filter(Boolean).slice(0, 10);
    const r = f.getBoundingClientRect();
    return { index: i, selector: cssPath(f), action: f.getAttribute("action") ? f.action : null, method: (f.method || "get").toLowerCase(),
             submit_texts: submits, text: clean(f.innerText).slice(0, 300), visible: visible(f, r), box: boxOf(r),
             password_fields: f.querySelectorAll("input[type=password]").length };
  });

  const images = [];
  for (const el of document.querySelectorAll("img,[role=img],input[type=image]")) {
    if (images.length >= maxRecords) break;
    const r = el.getBoundingClientRect();
    images.push({ selector: cssPath(el), tag: el.localName, src: el.currentSrc || el.src || null,
                  alt: el.hasAttribute("alt") ? el.getAttribute("alt") : null, aria_label: el.getAttribute("aria-label"),
                  title: el.getAttribute("title"), visible: visible(el, r), box: boxOf(r),
                  natural: el.naturalWidth ? [el.naturalWidth, el.naturalHeight] : null });
  }
  const links = [];
  for (const el of document.querySelectorAll("a[href],area[href]")) {
    if (links.length >= maxRecords) break;
    const r = el.getBoundingClientRect();
    links.push({ selector: cssPath(el), href: el.href, raw_href: el.getAttribute("href"), text: clean(el.innerText || el.getAttribute("aria-label") || "").slice(0, 120),
                 target: el.getAttribute("target"), rel: el.getAttribute("rel"), download: el.hasAttribute("download"),
                 visible: visible(el, r), box: boxOf(r),
                 img_alt: (el.querySelector("img[alt]") || { getAttribute: () => null }).getAttribute("alt"),
                 title: el.getAttribute("title"), aria_label: el.getAttribute("aria-label") });
  }
  const resources = [];
  const addRes = (tag, url, attr) => { if (url && resources.length < maxRecords) resources.push({ tag, attr, url }); };
  for (const el of document.querySelectorAll("script[src]")) addRes("script", el.src, "src");
  for (const el of document.querySelectorAll("link[href]")) addRes("link:" + (el.rel || ""), el.href, "href");
  for (const el of document.querySelectorAll("img[src],iframe[src],video[src],audio[src],source[src],embed[src],track[src]")) addRes(el.localName, el.src, "src");
  for (const el of document.querySelectorAll("object[data]")) addRes("object", el.data, "data");
  for (const el of document.querySelectorAll("form[action]")) addRes("form", el.action, "action");

  const meta = (name) => { const m = document.querySelector(`meta[name="${name}" i]`); return m ? m.getAttribute("content") : null; };
  const refresh = document.querySelector('meta[http-equiv="refresh" i]');
  const iframes = Array.from(document.querySelectorAll("iframe")).slice(0, 50).map((f) => ({ selector: cssPath(f), src: f.src || null, box: boxOf(f.getBoundingClientRect()) }));
  let visibleText = body ? body.innerText || "" : "";
  const visibleTextChars = visibleText.length;
  if (visibleText.length > opts.maxVisibleText) visibleText = visibleText.slice(0, opts.maxVisibleText);

  return {
    url: location.href,
    title: document.title,
    lang: de.getAttribute("lang"),
    dir: de.getAttribute("dir"),
    charset: document.characterSet,
    compat_mode: document.compatMode,
    viewport_meta: meta("viewport"),
    meta_refresh: refresh ? refresh.getAttribute("content") : null,
    description: meta("description"),
    doc: { scroll_width: de.scrollWidth, client_width: de.clientWidth, scroll_height: de.scrollHeight,
           client_height: de.clientHeight, inner_width: window.innerWidth, inner_height: window.innerHeight,
           visual_scale: window.visualViewport ? round(window.visualViewport.scale * 1000) / 1000 : 1 },
    node_count: all.length,
    text_chars: textChars,
    visible_text: visibleText,
    visible_text_chars: visibleTextChars,
    font_histogram: Array.from(fontHistogram.entries()).sort((a, b) => a[0] - b[0]),
    texts, texts_truncated: textRecordsTruncated,
    targets, fields, forms: formInfo, images, links, resources, iframes, fixed,
    password_fields: document.querySelectorAll("input[type=password]").length,
  };
}
