// Page facts for the layout, 适老化 and content checks that the DOM walk does not collect:
// the footer (provider, hotline), pop-ups with their close controls, picture captchas and their
// alternatives, elements marked as advertising, the stylesheets' use of
// env(safe-area-inset-*) (for the record). Boxes are [x, y, width, height] CSS px, document coordinates;
// viewport boxes are relative to the viewport.
// Argument: {closePattern, captchaPattern, captchaFieldPattern, smsPattern, alternativePattern, adPattern}
// (regular-expression sources, case-insensitive). Returns a plain JSON-serialisable object.
(opts) => {
  const de = document.documentElement, body = document.body;
  const sy = window.scrollY;
  const vw = de.clientWidth, vh = window.innerHeight;
  const re = (src) => new RegExp(src, "i");
  const cssPath = makeCssPath({ max: 10 });
  const nameOf = (el) => clean(el.getAttribute("aria-label") || el.getAttribute("title") || el.innerText || el.getAttribute("alt") || el.value || "");
  const out = { viewport: [vw, vh], footer: null, bottom: null, popups: [], captchas: [], captcha_alternatives: [], ads: [],
                safe_area_css: false };
  if (!body) return out;

  // ---- footer
  const telLinks = (root) => Array.from(root.querySelectorAll('a[href^="tel:" i]')).filter(isVisible).slice(0, 10)
    .map((a) => ({ selector: cssPath(a), href: a.getAttribute("href"), text: clean(a.innerText).slice(0, 60), box: docBox(a.getBoundingClientRect()) }));
  let footer = null, source = null;
  const byTag = Array.from(document.querySelectorAll("footer, [role=contentinfo]")).filter(isVisible);
  if (byTag.length) { footer = byTag[byTag.length - 1]; source = footer.localName === "footer" ? "footer" : "role"; }
  if (!footer) {
    const byName = Array.from(body.querySelectorAll("[id],[class]")).filter((el) =>
      /(^|[\s_-])(foot|footer|copyright|copy-right|bottom-info|site-info)([\s_-]|$)/i.test((el.id || "") + " " + classText(el)) && isVisible(el));
    if (byName.length) { footer = byName[byName.length - 1]; source = "class"; }
  }
  if (footer) {
    out.footer = { selector: cssPath(footer), source, box: docBox(footer.getBoundingClientRect()), text: clean(footer.innerText).slice(0, 1000),
                   tel_links: telLinks(footer) };
  }
  // The last screen of the page, for pages without a marked-up footer.
  const docH = Math.max(de.scrollHeight, body.scrollHeight);
  const bottomTexts = [];
  for (const n of textNodes(body)) {
    if (!n.parentElement || !isVisible(n.parentElement)) continue;
    const r = textRange(n).getBoundingClientRect();
    if (r.top + sy >= docH - vh && r.width > 0) bottomTexts.push(n.data);
  }
  const bottomTel = Array.from(body.querySelectorAll('a[href^="tel:" i]')).filter((a) => isVisible(a) && a.getBoundingClientRect().top + sy >= docH - vh);
  out.bottom = { text: clean(bottomTexts.join(" ")).slice(0, 1000), top: round(Math.max(0, docH - vh)),
                 tel_links: bottomTel.slice(0, 10).map((a) => ({ selector: cssPath(a), href: a.getAttribute("href"), text: clean(a.innerText).slice(0, 60), box: docBox(a.getBoundingClientRect()) })) };

  // ---- pop-ups: dialogs, fixed layers that are not edge bars, small floating windows.
  const closeRe = re(opts.closePattern);
  const cands = [];
  for (const el of body.querySelectorAll("*")) {
    const cs = getComputedStyle(el);
    const role = el.getAttribute("role");
    const isDialog = role === "dialog" || role === "alertdialog" || (el.localName === "dialog" && el.open) || el.getAttribute("aria-modal") === "true";
    if (cs.position !== "fixed" && !isDialog) continue;
    if (!isVisible(el)) continue;
    cands.push({ el, cs, isDialog });
  }
  const outer = cands.filter((c) => !cands.some((d) => d !== c && d.el.contains(c.el)));
  for (const c of outer.slice(0, 20)) {
    const { el, cs } = c;
    const isDialog = c.isDialog || !!el.querySelector("[role=dialog],[role=alertdialog],dialog[open],[aria-modal=true]");
    const r = el.getBoundingClientRect();
    const [w, h] = inViewport(r);
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
        if (!isVisible(d)) continue;
        const dr = d.getBoundingClientRect();
        const a = dr.width * dr.height;
        if (a < 0.85 * vw * vh && a >= 0.04 * vw * vh && (!best || a > best.a)) best = { d, dr, a };
      }
      if (best) { panel = best.d; pr = best.dr; }
    }
    // Close controls: interactive or clickable-looking elements named or classed "close", or showing ×.
    const closes = [];
    for (const c of el.querySelectorAll("*")) {
      if (!isVisible(c)) continue;
      const cls = typeof c.className === "string" ? c.className : (c.getAttribute("class") || "");
      const own = clean(ownText(c));
      const label = clean(c.getAttribute("aria-label") || c.getAttribute("title") || "");
      const hit = closeRe.test(label) || closeRe.test(own) || /(^|[\s_-])(close|closed|guanbi|btn-close|icon-close|dismiss)([\s_-]|$)/i.test(cls + " " + (c.id || ""));
      if (!hit) continue;
      // Keep the outermost clickable element of the control (a button around an icon).
      let ctl = c;
      const clickable = c.closest(CLICKABLE_SELECTOR);
      if (clickable && el.contains(clickable)) ctl = clickable;
      if (closes.some((x) => x.el === ctl || x.el.contains(ctl))) continue;
      const cr = ctl.getBoundingClientRect();
      closes.push({ el: ctl, rec: { selector: cssPath(ctl), tag: ctl.localName, name: (label || own || nameOf(ctl)).slice(0, 40), box: docBox(cr), viewport_box: viewportBox(cr) } });
      if (closes.length >= 10) break;
    }
    out.popups.push({ selector: cssPath(el), kind, role: el.getAttribute("role"), dialog: isDialog, share: round(share * 100) / 100, box: docBox(r), viewport_box: viewportBox(r),
                      panel_selector: cssPath(panel), panel_box: docBox(pr), panel_viewport_box: viewportBox(pr), text: clean(el.innerText).slice(0, 300),
                      z_index: cs.zIndex, closes: closes.map((c) => c.rec) });
  }

  // ---- picture captchas
  const capRe = re(opts.captchaPattern), fieldRe = re(opts.captchaFieldPattern), smsRe = re(opts.smsPattern);
  const fieldText = (f) => [f.getAttribute("name"), f.id, f.getAttribute("placeholder"), f.getAttribute("aria-label"),
                            ...(f.labels ? Array.from(f.labels).map((l) => l.innerText) : [])].filter(Boolean).join(" ");
  const capFields = Array.from(document.querySelectorAll("input")).filter((f) => fieldRe.test(fieldText(f)) && !smsRe.test(fieldText(f)));
  for (const el of body.querySelectorAll("img, canvas, svg, [style*=background-image]")) {
    if (out.captchas.length >= 10 || !isVisible(el)) continue;
    const attrs = [el.id, classText(el), el.getAttribute("src"), el.getAttribute("alt"), el.getAttribute("title"), el.getAttribute("aria-label")].filter(Boolean).join(" ");
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
                          box: docBox(r), why });
    }
  }
  if (out.captchas.length) {
    const altRe = re(opts.alternativePattern);
    for (const el of body.querySelectorAll("a,button,[role=button],[onclick],label,span,p,div,audio")) {
      if (out.captcha_alternatives.length >= 10 || !isVisible(el) && el.localName !== "audio") continue;
      const own = clean(ownText(el) + " " + (el.getAttribute("aria-label") || "") + " " + (el.getAttribute("title") || ""));
      if (el.localName === "audio" || altRe.test(own)) {
        out.captcha_alternatives.push({ selector: cssPath(el), tag: el.localName, text: own.slice(0, 60) || "<audio>", box: docBox(el.getBoundingClientRect()) });
      }
    }
  }

  // ---- elements marked as advertising
  const adRe = re(opts.adPattern);
  for (const el of body.querySelectorAll("[id],[class],[data-ad],[aria-label]")) {
    if (out.ads.length >= 20) break;
    const cls = classText(el);
    const named = adRe.test(" " + (el.id || "") + " " + cls + " ") || el.hasAttribute("data-ad");
    const labelled = clean(el.getAttribute("aria-label")) === "广告";
    if ((named || labelled) && isVisible(el) && !out.ads.some((a) => a.el.contains(el))) {
      out.ads.push({ el, rec: { selector: cssPath(el), box: docBox(el.getBoundingClientRect()), text: clean(el.innerText).slice(0, 120), why: named ? "class/id" : "aria-label" } });
    }
  }
  for (const el of body.querySelectorAll("span,i,em,small,div,p,b")) {
    if (out.ads.length >= 20) break;
    const own = clean(ownText(el));
    if (own === "广告" && isVisible(el) && !out.ads.some((a) => a.el.contains(el))) {
      const host = el.parentElement || el;
      out.ads.push({ el, rec: { selector: cssPath(host), box: docBox(host.getBoundingClientRect()), text: clean(host.innerText).slice(0, 120), why: "labelled 广告" } });
    }
  }
  out.ads = out.ads.map((a) => a.rec);

  // ---- stylesheets using env(safe-area-inset-*) (informational; the safe_area stage measures with emulated insets)
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
