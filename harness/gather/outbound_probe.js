// Outbound candidates: visible links and buttons that pay, download, call, or lead to another site.
// Each gets a data-qh-probe attribute so that the harness can click it afterwards. Boxes are [x, y, w, h] CSS px
// in document coordinates. Argument: {max}. Returns [{i, selector, tag, text, href, target, kinds, box}].
(opts) => {
  const PAY = /支付|缴费|付款|缴纳|充值|去缴|\bpay\b/i;
  const DOWNLOAD = /下载|download/i;
  const PHONE = /拨打|电话|热线|\bcall\b/i;
  const FILE = /\.(pdf|docx?|xlsx?|pptx?|zip|rar|7z|apk|ofd|wps|csv)([?#]|$)/i;
  const path = makeCssPath({ max: 8, queryIds: true });
  const out = [];
  const els = document.querySelectorAll(CLICKABLE_SELECTOR);
  for (const el of els) {
    if (out.length >= (opts.max || 12)) break;
    const r = el.getBoundingClientRect();
    if (!hasArea(r) || !isRendered(el)) continue;  // isVisible, with the box kept for the record
    if (el.parentElement && el.parentElement.closest("a[href],button,[role=button]")) continue;
    const text = clean(el.innerText || el.value || el.getAttribute("aria-label") || el.getAttribute("title") || "").slice(0, 60);
    const href = el.localName === "a" ? el.href : null;
    const kinds = [];
    if (href && /^tel:/i.test(href)) kinds.push("tel");
    else {
      if (el.hasAttribute("download") || (href && FILE.test(href)) || DOWNLOAD.test(text)) kinds.push("download");
      if (PAY.test(text)) kinds.push("payment");
      if (PHONE.test(text)) kinds.push("phone");
      if (href && /^https?:/i.test(href) && new URL(href).hostname !== location.hostname) kinds.push("link");
    }
    if (!kinds.length) continue;
    const i = out.length;
    el.setAttribute("data-qh-probe", String(i));
    out.push({ i, selector: path(el), tag: el.localName, text, href: href ? href.slice(0, 500) : null,
               target: el.getAttribute("target"), kinds, box: docBox(r) });
  }
  return out;
}
