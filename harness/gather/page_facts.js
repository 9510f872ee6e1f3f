// Page facts for the layout, 适老化 and content checks that the DOM walk does not collect:
// the footer (UI-05), pop-ups with their close controls (EL-06, EL-14), picture captchas and their
// alternatives (EL-08, EL-09), elements marked as advertising (EL-07), the stylesheets' use of
// env(safe-area-inset-*) (UI-03, for the record). Boxes are [x, y, width, height] CSS px, document coordinates;
// viewport boxes are relative to the viewport.
// Argument: {closePattern, captchaPattern, captchaFieldPattern, smsPattern, alternativePattern, adPattern}
// (regular-expression sources, case-insensitive). Returns a plain JSON-serialisable object.
(opts) => {
  const de = document.documentElement, body = document.body;
  const sx = window.scrollX, sy = window.scrollY;
  const vw = de.clientWidth, vh = window.innerHeight;
  const round = (v) => Math.round(v * 10) / 10;
  const boxOf = (r) => [round(r.left + sx), round(r.top + sy), round(r.width), round(r.height)];
  const vbox = (r) => [round(r.left), round(r.top), round(r.width), round(r.height)];
  const clean = (s) => (s || "").replace(/\s+/g, " ").trim();
  const re = (src) => new RegExp(src, "i");
  const idCount = new Map();
  for (const el of document.querySelectorAll("[id]")) idCount.set(el.id, (idCount.get(el.id) || 0) + 1);
  const cssPath = (el) => {
    const parts = [];
    let node = el;
    while (node && node.nodeType === 1 && parts.length < 10) {
      if (node.id && idCount.get(node.id) === 1 && /^[A-Za-z][\w-]*$/.test(node.id)) { parts.unshift("#" + node.id); break; }
      let part = node.localName;
      const parent = node.parentElement;
      if (node === body || node === de) { parts.unshift(part); if (node === de) break; node = parent; continue; }
      if (parent) {
        let idx = 0, n = 0;
        for (const c of parent.children) { if (c.localName === node.localName) { n++; if (c === node) idx = n; } }
        if (n > 1) part += `:nth-of-type(${idx})`;
      }
      parts.unshift(part);
      node = parent;
    }
    return parts.join(" > ");
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    return !el.checkVisibility || el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  };
  const nameOf = (el) => clean(el.getAttribute("aria-label") || el.getAttribute("title") || el.innerText || el.getAttribute("alt") || el.value || "");
  const out = { viewport: [vw, vh], footer: null, bottom: null, popups: [], captchas: [], captcha_alternatives: [], ads: [],
                safe_area_css: false };
  if (!body) return out;

  // ---- footer (UI-05)
  const telLinks = (root) => Array.from(root.querySelectorAll('a[href^="tel:" i]')).filter(visible).slice(0, 10)
    .map((a) => ({ selector: cssPath(a), href: a.getAttribute("href"), text: clean(a.innerText).slice(0, 60), box: boxOf(a.getBoundingClientRect()) }));
  let footer = null, source = null;
  const byTag = Array.from(document.querySelectorAll("footer, [role=contentinfo]")).filter(visible);
  if (byTag.length) { footer = byTag[byTag.length - 1]; source = footer.localName === "footer" ? "footer" : "role"; }
  if (!footer) {
    const byName = Array.from(body.querySelectorAll("[id],[class]")).filter((el) =>
      /(^|[\s_-])(foot|footer|copyright|copy-right|bottom-info|site-info)([\s_-]|$)/i.test((el.id || "") + " " + (typeof el.className === "string" ? el.className : "")) && visible(el));
    if (byName.length) { footer = byName[byName.length - 1]; source = "class"; }
  }
  if (footer) {
    out.footer = { selector: cssPath(footer), source, box: boxOf(footer.getBoundingClientRect()), text: clean(footer.innerText).slice(0, 1000),
                   tel_links: telLinks(footer) };
  }
  // The last screen of the page, for pages without a marked-up footer.
  const docH = Math.max(de.scrollHeight, body.scrollHeight);
  const bottomTexts = [];
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.data.trim() || !n.parentElement || !visible(n.parentElement)) continue;
    range.selectNodeContents(n);
    const r = range.getBoundingClientRect();
    if (r.top + sy >= docH - vh && r.width > 0) bottomTexts.push(n.data);
  }
  const bottomTel = Array.from(body.querySelectorAll('a[href^="tel:" i]')).filter((a) => visible(a) && a.getBoundingClientRect().top + sy >= docH - vh);
  out.bottom = { text: clean(bottomTexts.join(" ")).slice(0, 1000), top: round(Math.max(0, docH - vh)),
                 tel_links: bottomTel.slice(0, 10).map((a) => ({ selector: cssPath(a), href: a.getAttribute("href"), text: clean(a.innerText).slice(0, 60), box: boxOf(a.getBoundingClientRect()) })) };

  // ---- pop-ups (EL-06, EL-14): dialogs, fixed layers that are not edge bars, small floating windows.
  const closeRe = re(opts.closePattern);
  const cands = [];
  for (const el of body.querySelectorAll("*")) {
    const cs = getComputedStyle(el);
    const role = el.getAttribute("role");
    const isDialog = role === "dialog" || role === "alertdialog" || (el.localName === "dialog" && el.open) || el.getAttribute("aria-modal") === "true";
    if (cs.position !== "fixed" && !isDialog) continue;
    if (!visible(el)) continue;
    cands.push({ el, cs, isDialog });
  }
  const outer = cands.filter((c) => !cands.some((d) => d !== c && d.el.contains(c.el)));
  for (const c of outer.slice(0, 20)) {
    const { el, cs } = c;
    const isDialog = c.isDialog || !!el.querySelector("[role=dialog],[role=alertdialog],dialog[open],[aria-modal=true]");
    const r = el.getBoundingClientRect();
    const w = Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0)), h = Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0));
    const share = (w * h) / (vw * vh);
    const atTop = r.top <= 1, atBottom = r.bottom >= vh - 1;
    const bar = !isDialog && (atTop || atBottom) && w >= 0.9 * vw && h <= 0.25 * vh;
    if (bar) continue;
    const kind = isDialog || share >= 0.15 ? "dialog" : "floating";
    // The panel: in a full-screen mask, the largest descendant box smaller than the mask.
    let panel = el, pr = r;
    if (share >= 0.6) {
      let best = null;
      for (const d of el.querySelectorAll("*")) {
        if (!visible(d)) continue;
        const dr = d.getBoundingClientRect();
        const a = dr.width * dr.height;
        if (a < 0.85 * vw * vh && a >= 0.04 * vw * vh && (!best || a > best.a)) best = { d, dr, a };
      }
      if (best) { panel = best.d; pr = best.dr; }
    }
    // Close controls: interactive or clickable-looking elements named or classed "close", or showing ×.
    const closes = [];
    for (const c of el.querySelectorAll("*")) {
      if (!visible(c)) continue;
      const cls = typeof c.className === "string" ? c.className : (c.getAttribute("class") || "");
      const own = clean(Array.from(c.childNodes).filter((n) => n.nodeType === 3).map((n) => n.data).join(""));
      const label = clean(c.getAttribute("aria-label") || c.getAttribute("title") || "");
      const hit = closeRe.test(label) || closeRe.test(own) || /(^|[\s_-])(close|closed|guanbi|btn-close|icon-close|dismiss)([\s_-]|$)/i.test(cls + " " + (c.id || ""));
      if (!hit) continue;
      // Keep the outermost clickable element of the control (a button around an icon).
      let ctl = c;
      const clickable = c.closest("a[href],button,[role=button],[onclick],input[type=button],input[type=submit]");
      if (clickable && el.contains(clickable)) ctl = clickable;
      if (closes.some((x) => x.el === ctl || x.el.contains(ctl))) continue;
      const cr = ctl.getBoundingClientRect();
      closes.push({ el: ctl, rec: { selector: cssPath(ctl), tag: ctl.localName, name: (label || own || nameOf(ctl)).slice(0, 40), box: boxOf(cr), viewport_box: vbox(cr) } });
      if (closes.length >= 10) break;
    }
    out.popups.push({ selector: cssPath(el), kind, role: el.getAttribute("role"), dialog: isDialog, share: round(share * 100) / 100, box: boxOf(r), viewport_box: vbox(r),
                      panel_selector: cssPath(panel), panel_box: boxOf(pr), panel_viewport_box: vbox(pr), text: clean(el.innerText).slice(0, 300),
                      z_index: cs.zIndex, closes: closes.map((c) => c.rec) });
  }

  // ---- picture captchas (EL-08, EL-09)
  const capRe = re(opts.captchaPattern), fieldRe = re(opts.captchaFieldPattern), smsRe = re(opts.smsPattern);
  const fieldText = (f) => [f.getAttribute("name"), f.id, f.getAttribute("placeholder"), f.getAttribute("aria-label"),
                            ...(f.labels ? Array.from(f.labels).map((l) => l.innerText) : [])].filter(Boolean).join(" ");
  const capFields = Array.from(document.querySelectorAll("input")).filter((f) => fieldRe.test(fieldText(f)) && !smsRe.test(fieldText(f)));
  for (const el of body.querySelectorAll("img, canvas, svg, [style*=background-image]")) {
    if (out.captchas.length >= 10 || !visible(el)) continue;
    const attrs = [el.id, typeof el.className === "string" ? el.className : "", el.getAttribute("src"), el.getAttribute("alt"), el.getAttribute("title"), el.getAttribute("aria-label")].filter(Boolean).join(" ");
    let why = capRe.test(attrs) ? "attributes" : null;
    if (!why && (el.localName === "img" || el.localName === "canvas")) {
      // An image or canvas beside a captcha field (same parent up to three levels).
      for (let p = el.parentElement, i = 0; p && i < 3 && !why; p = p.parentElement, i++) {
        if (capFields.some((f) => p.contains(f))) why = "beside a captcha field";
      }
    }
    if (why) {
      const r = el.getBoundingClientRect();
      out.captchas.push({ selector: cssPath(el), tag: el.localName, alt: el.getAttribute("alt"), src: (el.getAttribute("src") || "").slice(0, 200),
                          box: boxOf(r), why });
    }
  }
  if (out.captchas.length) {
    const altRe = re(opts.alternativePattern);
    for (const el of body.querySelectorAll("a,button,[role=button],[onclick],label,span,p,div,audio")) {
      if (out.captcha_alternatives.length >= 10 || !visible(el) && el.localName !== "audio") continue;
      const own = clean(Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.data).join("") + " " + (el.getAttribute("aria-label") || "") + " " + (el.getAttribute("title") || ""));
      if (el.localName === "audio" || altRe.test(own)) {
        out.captcha_alternatives.push({ selector: cssPath(el), tag: el.localName, text: own.slice(0, 60) || "<audio>", box: boxOf(el.getBoundingClientRect()) });
      }
    }
  }

  // ---- elements marked as advertising (EL-07)
  const adRe = re(opts.adPattern);
  for (const el of body.querySelectorAll("[id],[class],[data-ad],[aria-label]")) {
    if (out.ads.length >= 20) break;
    const cls = typeof el.className === "string" ? el.className : "";
    const named = adRe.test(" " + (el.id || "") + " " + cls + " ") || el.hasAttribute("data-ad");
    const labelled = clean(el.getAttribute("aria-label")) === "广告";
    if ((named || labelled) && visible(el) && !out.ads.some((a) => a.el.contains(el))) {
      out.ads.push({ el, rec: { selector: cssPath(el), box: boxOf(el.getBoundingClientRect()), text: clean(el.innerText).slice(0, 120), why: named ? "class/id" : "aria-label" } });
    }
  }
  for (const el of body.querySelectorAll("span,i,em,small,div,p,b")) {
    if (out.ads.length >= 20) break;
    const own = clean(Array.from(el.childNodes).filter((n) => n.nodeType === 3).map((n) => n.data).join(""));
    if (own === "广告" && visible(el) && !out.ads.some((a) => a.el.contains(el))) {
      const host = el.parentElement || el;
      out.ads.push({ el, rec: { selector: cssPath(host), box: boxOf(host.getBoundingClientRect()), text: clean(host.innerText).slice(0, 120), why: "labelled 广告" } });
    }
  }
  out.ads = out.ads.map((a) => a.rec);

  // ---- stylesheets using env(safe-area-inset-*) (informational; UI-03 measures with emulated insets)
  try {
    for (const sheet of document.styleSheets) {
      let rules;
      try { rules = sheet.cssRules; } catch (e) { continue; }
      for (const rule of rules) { if (/safe-area-inset/.test(rule.cssText)) { out.safe_area_css = true; break; } }
      if (out.safe_area_css) break;
    }
    if (!out.safe_area_css) out.safe_area_css = !!body.querySelector('[style*="safe-area-inset"]');
  } catch (e) {}
  return out;
}
