// One walk over the DOM collecting every fact the checks need (text runs with their font metrics,
// tap targets with boxes, form fields with labels, images, links, subresource URLs, fixed bars, page meta).
// Boxes are [x, y, width, height] in CSS px, document coordinates (scroll offset added). Shadow roots, open and
// closed (deepElements, deepQueryAll of page_lib.js), are walked as part of the document; frames are walked each
// in its own document by the gatherer (harness/gather/frames.py), which puts their records in this one's.
// Argument: {maxRecords, maxText, maxVisibleText}. Returns a plain JSON-serialisable object.
(opts) => {
  const maxRecords = opts.maxRecords || 3000;
  const maxText = opts.maxText || 1000;
  const de = document.documentElement;
  const body = document.body;
  // A path that reaches body goes on to html (the selectors the checks have always been given).
  const cssPath = makeCssPath({ max: 10, rootPair: true });

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
  const HEADING = /^h[1-6]$/;

  const texts = [];
  const NUMBER_ATTRS = ["title", "aria-label", "alt", "aria-description", "data-tooltip"];
  const LONG_NUMBER = /[0-9\uff10-\uff19*\uff0a][0-9\uff10-\uff19*\uff0a \u3000\-\uff0d]{9,}[0-9\uff10-\uff19Xx\uff38\uff58*\uff0a]/;
  const attrTexts = [], joinedTexts = [];
  let numberRecords = 0;
  // The text of a flex/grid row as drawn: the items' texts joined with nothing where one item's box touches the
  // next on the same line (gap ≤ 2 CSS px), with " | " where they stand apart or on another line.
  const rowText = (row) => {
    let out = "", prev = null;
    for (const c of row.childNodes) {
      let t = "", rect = null;
      if (c.nodeType === 3) {
        t = clean(c.data);
        if (!t) continue;
        const rg = document.createRange(); rg.selectNodeContents(c); rect = rg.getBoundingClientRect();
      } else if (c.nodeType === 1) {
        rect = c.getBoundingClientRect();
        if (!isVisibleOnPage(c, rect)) continue;
        t = clean(c.innerText || c.textContent || "");
        if (!t) continue;
      } else continue;
      if (prev) {
        const sameLine = Math.min(prev.bottom, rect.bottom) - Math.max(prev.top, rect.top) > 0.5 * Math.min(prev.height, rect.height);
        out += sameLine && rect.left - prev.right <= 2 && rect.left - prev.right >= -2 ? "" : " | ";
      }
      out += t; prev = rect;
    }
    return out;
  };
  const fontHistogram = new Map();  // CSS px (0.5 px steps) -> characters
  let textChars = 0, textRecordsTruncated = false;
  const fixed = [];
  const all = body ? Array.from(deepElements(body)) : [];
  for (const el of all) {
    const tag = el.localName;
    if (tag === "script" || tag === "style" || tag === "noscript" || tag === "template") continue;
    let own = ownText(el);
    const cs = getComputedStyle(el);
    if (cs.position === "fixed" || cs.position === "sticky") {
      const r = el.getBoundingClientRect();
      if (isVisibleOnPage(el, r) && fixed.length < 50) {
        fixed.push({ selector: cssPath(el), position: cs.position, box: docBox(r), viewport_box: viewportBox(r),
                     padding_top: cs.paddingTop, padding_bottom: cs.paddingBottom, top: cs.top, bottom: cs.bottom });
      }
    }
    // Long numbers that are on screen but in no text run of their own: in an attribute people are shown or read
    // (title tooltip, aria-label read aloud, alt), or split over the items of a flex/grid row (innerText puts a
    // line break between blockified items, though they are drawn side by side). Only strings with ≥ 11
    // digit-like characters in a row are kept (half- or full-width, with X, spaces, hyphens, mask stars).
    if (numberRecords < 300) {
      for (const an of NUMBER_ATTRS) {
        const v = el.getAttribute(an);
        if (v && LONG_NUMBER.test(v)) {
          const ar = el.getBoundingClientRect();
          if (isVisibleOnPage(el, ar)) { attrTexts.push({ selector: cssPath(el), tag, attribute: an, text: clean(v).slice(0, 200), box: docBox(ar) }); numberRecords++; }
        }
      }
      const tc = (cs.display.endsWith("flex") || cs.display.endsWith("grid")) && !cs.flexDirection.startsWith("column") ? el.textContent || "" : "";
      if (tc && tc.length <= 2000 && LONG_NUMBER.test(tc.replace(/\s+/g, ""))) {
        const jr = el.getBoundingClientRect();
        if (isVisibleOnPage(el, jr)) {
          const joined = rowText(el);
          if (joined && LONG_NUMBER.test(joined)) { joinedTexts.push({ selector: cssPath(el), tag, text: joined.slice(0, 300), box: docBox(jr) }); numberRecords++; }
        }
      }
    }
    own = clean(own);
    if (!own) continue;
    const r = el.getBoundingClientRect();
    if (!isVisibleOnPage(el, r)) continue;
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
      in_control: !!el.closest(CONTROL_SEL), box: docBox(r),
      overflow_hidden: cs.overflow !== "visible" || cs.textOverflow === "ellipsis",
    });
  }

  // The letters (CJK or Latin, \p{L}) of the running text around an inline link: the text of its nearest block
  // container (through inline wrappers such as <span><a>, <em><strong><a>) that flows inline (text nodes, inline
  // elements) and is not itself a tap target. A link with such text beside it is in a sentence or block of text.
  const sentenceLetters = (el) => {
    let blk = el.parentElement;
    while (blk && blk !== body && ["inline", "contents"].includes(getComputedStyle(blk).display)) blk = blk.parentElement;
    if (!blk) return 0;
    let s = "", visited = 0;
    const walk = (n) => {
      for (const c of n.childNodes) {
        if (++visited > 200 || s.length > 200) return;
        if (c.nodeType === 3) s += c.data;
        else if (c.nodeType === 1 && c !== el && !c.matches(TAP_TARGET_SELECTOR) && ["inline", "contents"].includes(getComputedStyle(c).display)) walk(c);
      }
    };
    walk(blk);
    return (s.match(/\p{L}/gu) || []).length;
  };
  // Tap targets: outermost interactive elements (tapTargets, the same as layout_targets.js's).
  const targets = [];
  for (const el of tapTargets()) {
    if (targets.length >= maxRecords) break;
    const r = el.getBoundingClientRect();
    if (!isVisibleOnPage(el, r)) continue;
    const cs = getComputedStyle(el);
    // A link in a sentence (its parent has text of its own beside the link) is an inline target
    // (WCAG 2.5.5/2.5.8 "Inline" exception), even when a flex parent blockifies it.
    let inline = false;
    if (el.localName === "a" && el.parentElement) {
      inline = clean(ownText(el.parentElement)).length >= 2 || (cs.display === "inline" && clean(el.parentElement.textContent).length > clean(el.textContent).length + 4)
        || (/^inline/.test(cs.display) && sentenceLetters(el) >= 4);
    }
    let label = null;
    if (el.labels && el.labels.length) {
      const l = el.labels[0];
      const lr = l.getBoundingClientRect();
      if (hasArea(lr)) label = { box: docBox(lr), wraps: l.contains(el) };
    }
    targets.push({
      selector: cssPath(el), tag: el.localName, type: el.getAttribute("type"), role: el.getAttribute("role"),
      name: clean(el.getAttribute("aria-label") || el.innerText || el.getAttribute("title") || el.getAttribute("alt") || el.value || el.getAttribute("placeholder") || "").slice(0, 80),
      href: el.localName === "a" ? el.href : null, box: docBox(r), inline, label,
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
      const scope = el.getRootNode();
      const t = labelText(lb.split(/\s+/).map((id) => { const n = scope.getElementById(id); return n ? n.innerText : ""; }).join(" "));
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
  // The text just after a checkbox or radio, where consent wording often stands outside its label
  // ("<label><input type=checkbox></label>我已阅读并同意…"): following siblings, climbing up to 3 levels, up to
  // the next field.
  const afterText = (el) => {
    let node = el, t = "";
    for (let depth = 0; depth < 3 && node && node !== body && t.length < 60; depth++) {
      for (let s = node.nextSibling; s && t.length < 60; s = s.nextSibling) {
        if (s.nodeType === 1 && (s.matches(FIELD_SEL) || s.querySelector(FIELD_SEL))) return t ? t.slice(0, 80) : null;
        const x = clean(s.nodeType === 3 ? s.textContent : s.nodeType === 1 ? s.innerText : "");
        if (x) t = clean(t + " " + x);
      }
      node = node.parentElement;
    }
    return t ? t.slice(0, 80) : null;
  };
  const groupLabel = (el) => {
    const fs = el.closest("fieldset");
    const lg = fs && fs.querySelector("legend");
    if (lg && clean(lg.innerText)) return clean(lg.innerText).slice(0, 80);
    const g = el.closest("[role=radiogroup],[role=group]");
    if (!g) return null;
    const ids = (g.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
    const scope = el.getRootNode();
    const t = clean(ids.map((id) => { const n = scope.getElementById(id); return n ? n.innerText : ""; }).join(" ")) || clean(g.getAttribute("aria-label"));
    return t ? t.slice(0, 80) : null;
  };
  const forms = deepQueryAll("form");
  const fields = [];
  for (const el of deepQueryAll("input,select,textarea")) {
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
      visible: isVisibleOnPage(el, r), box: docBox(r), form: el.form ? forms.indexOf(el.form) : null,
      near_text: lab.text ? null : nearText(el), after_text: type === "checkbox" || type === "radio" ? afterText(el) : null, group_label: type === "radio" || type === "checkbox" ? groupLabel(el) : null,
    });
  }
  // Checkboxes drawn without <input> (Vant's <div role="checkbox" aria-checked>, WeUI-like custom elements):
  // their state is aria-checked, their wording their own text, aria-label or the text after them.
  const ariaBoxes = [];
  for (const el of deepQueryAll("[role=checkbox],[role=switch]")) {
    if (ariaBoxes.length >= 100) break;
    if (el.matches("input")) continue;
    const r = el.getBoundingClientRect();
    ariaBoxes.push({ selector: cssPath(el), tag: el.localName, type: "checkbox", role: el.getAttribute("role"),
                     label: clean(labelOf(el).text || el.innerText || "").slice(0, 80), after_text: afterText(el),
                     checked: el.getAttribute("aria-checked") === "true", default_checked: el.getAttribute("aria-checked") === "true",
                     visible: isVisibleOnPage(el, r), box: docBox(r) });
  }
  const formInfo = forms.slice(0, 100).map((f, i) => {
    const submits = Array.from(f.querySelectorAll("button,input[type=submit],input[type=button],[role=button]"))
      .map((b) => clean(b.innerText || b.value || b.getAttribute("aria-label") || "")).filter(Boolean).slice(0, 10);
    const r = f.getBoundingClientRect();
    return { index: i, selector: cssPath(f), action: f.getAttribute("action") ? f.action : null, method: (f.method || "get").toLowerCase(),
             submit_texts: submits, text: clean(f.innerText).slice(0, 300), visible: isVisibleOnPage(f, r), box: docBox(r),
             password_fields: deepQueryAll("input[type=password]", f).length };
  });

  const images = [];
  for (const el of deepQueryAll("img,[role=img],input[type=image]")) {
    if (images.length >= maxRecords) break;
    const r = el.getBoundingClientRect();
    images.push({ selector: cssPath(el), tag: el.localName, src: el.currentSrc || el.src || null,
                  alt: el.hasAttribute("alt") ? el.getAttribute("alt") : null, aria_label: el.getAttribute("aria-label"),
                  title: el.getAttribute("title"), visible: isVisibleOnPage(el, r), box: docBox(r),
                  natural: el.naturalWidth ? [el.naturalWidth, el.naturalHeight] : null });
  }
  const links = [];
  for (const el of deepQueryAll("a[href],area[href]")) {
    if (links.length >= maxRecords) break;
    const r = el.getBoundingClientRect();
    links.push({ selector: cssPath(el), href: el.href, raw_href: el.getAttribute("href"), text: clean(el.innerText || el.getAttribute("aria-label") || "").slice(0, 120),
                 target: el.getAttribute("target"), rel: el.getAttribute("rel"), download: el.hasAttribute("download"),
                 visible: isVisibleOnPage(el, r), box: docBox(r),
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
  const iframes = deepQueryAll("iframe").slice(0, 50).map((f) => ({ selector: cssPath(f), src: f.src || null, box: docBox(f.getBoundingClientRect()) }));
  // innerText leaves shadow trees out: each tree's text follows the document's.
  let visibleText = body ? body.innerText || "" : "";
  for (const sr of body ? shadowRoots(body) : []) {
    for (const c of sr.children) {
      const t = c.localName === "style" || c.localName === "script" ? "" : c.innerText;
      if (t && t.trim()) visibleText += "\n" + t;
    }
  }
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
           visual_scale: visualScale() },
    node_count: all.length,
    text_chars: textChars,
    visible_text: visibleText,
    visible_text_chars: visibleTextChars,
    font_histogram: Array.from(fontHistogram.entries()).sort((a, b) => a[0] - b[0]),
    texts, texts_truncated: textRecordsTruncated, attr_texts: attrTexts, joined_texts: joinedTexts,
    targets, fields, aria_checkboxes: ariaBoxes, forms: formInfo, images, links, resources, iframes, fixed,
    password_fields: deepQueryAll("input[type=password]").length,
    shadow_roots: body ? shadowRoots(body).length : 0,
    scroll: [round(window.scrollX), round(window.scrollY)],
  };
}
