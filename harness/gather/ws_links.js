// Links that may be a department website's "政务服务" column entry (青政公〔2019〕24号 二.一), with everything the
// WS checks need: each source of the accessible name (link text, alt of images inside, title, aria-label),
// the resolved href, the box (link and its images together), whether it is rendered, how much of it lies in
// the first screen (the viewport at the top of the page, before any scrolling) and whether another element
// covers it there. Boxes are [x, y, width, height] in CSS px, document coordinates.
// Argument: {hosts: [platform hosts], words: [substrings that make a link a candidate], max}.
(opts) => {
  const de = document.documentElement;
  const sx = window.scrollX, sy = window.scrollY;
  const vw = window.innerWidth, vh = window.innerHeight;
  const round = (v) => Math.round(v * 10) / 10;
  const clean = (s) => (s || "").replace(/\s+/g, "");
  const idCount = new Map();
  for (const el of document.querySelectorAll("[id]")) idCount.set(el.id, (idCount.get(el.id) || 0) + 1);
  const cssPath = (el) => {
    const parts = [];
    let node = el;
    while (node && node.nodeType === 1 && parts.length < 8) {
      if (node.id && idCount.get(node.id) === 1 && /^[A-Za-z][\w-]*$/.test(node.id)) { parts.unshift("#" + node.id); break; }
      let part = node.localName;
      const parent = node.parentElement;
      if (parent && node !== de) {
        const same = Array.from(parent.children).filter((c) => c.localName === node.localName);
        if (same.length > 1) part += `:nth-of-type(${same.indexOf(node) + 1})`;
      }
      parts.unshift(part);
      if (node === de) break;
      node = parent;
    }
    return parts.join(" > ");
  };
  const shown = (el) => !el.checkVisibility || el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  const union = (rects) => {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const r of rects) {
      if (r.width < 1 || r.height < 1) continue;
      x0 = Math.min(x0, r.left); y0 = Math.min(y0, r.top); x1 = Math.max(x1, r.right); y1 = Math.max(y1, r.bottom);
    }
    return x0 === Infinity ? null : { left: x0, top: y0, right: x1, bottom: y1, width: x1 - x0, height: y1 - y0 };
  };
  const out = [];
  let total = 0;
  for (const el of document.querySelectorAll("a[href], area[href]")) {
    total++;
    const isArea = el.localName === "area";
    const imgs = isArea ? [] : Array.from(el.querySelectorAll("img, input[type=image], [role=img], svg"));
    const text = isArea ? "" : clean(el.innerText);
    const alt = clean(isArea ? el.getAttribute("alt") : imgs.map((i) => i.getAttribute("alt") || "").join(" "));
    const title = clean([el.getAttribute("title"), ...imgs.map((i) => i.getAttribute("title"))].filter(Boolean).join(" "));
    let aria = el.getAttribute("aria-label") || imgs.map((i) => i.getAttribute("aria-label") || "").join(" ");
    const lb = el.getAttribute("aria-labelledby");
    if (lb) aria += lb.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || "").join(" ");
    aria = clean(aria);
    let host = "";
    try { host = new URL(el.href, location.href).hostname.toLowerCase(); } catch (e) { /* not a URL */ }
    const hay = [text, alt, title, aria].join("|");
    const toPlatform = opts.hosts.includes(host);
    if (!toPlatform && !opts.words.some((w) => hay.includes(w))) continue;
    if (out.length >= (opts.max || 200)) break;
    let r;
    if (isArea) {
      const map = el.closest("map");
      const img = map && map.name ? document.querySelector(`img[usemap="#${CSS.escape(map.name)}"]`) : null;
      r = img ? union([img.getBoundingClientRect()]) : null;
    } else {
      r = union([...el.getClientRects(), ...imgs.map((i) => i.getBoundingClientRect())]);
    }
    const rendered = !!r && shown(el) && (imgs.length === 0 || text || imgs.some(shown));
    let firstScreen = 0, covered = null, box = null;
    if (r) {
      box = [round(r.left + sx), round(r.top + sy), round(r.width), round(r.height)];
      // The first screen is [0, vw] × [0, vh] in document coordinates (the page as it opens, not scrolled).
      const ix = Math.max(0, Math.min(box[0] + box[2], vw) - Math.max(box[0], 0));
      const iy = Math.max(0, Math.min(box[1] + box[3], vh) - Math.max(box[1], 0));
      firstScreen = box[2] * box[3] > 0 ? round((ix * iy) / (box[2] * box[3]) * 1000) / 1000 : 0;
      // Covered: hit-test the middle of the part that is inside the current viewport.
      const cx0 = Math.max(r.left, 0), cx1 = Math.min(r.right, vw), cy0 = Math.max(r.top, 0), cy1 = Math.min(r.bottom, vh);
      if (rendered && cx1 > cx0 && cy1 > cy0) {
        const hit = document.elementFromPoint((cx0 + cx1) / 2, (cy0 + cy1) / 2);
        // A hit on the link, inside it, or on an ancestor (the gap between an inline link's lines) is not covered.
        covered = !isArea && !!hit && !(el === hit || el.contains(hit) || hit.contains(el));
        if (covered) covered = cssPath(hit);
      }
    }
    out.push({
      selector: cssPath(el), tag: el.localName, href: el.href || null, raw_href: el.getAttribute("href"), host,
      to_platform: toPlatform, names: { text, alt, title, aria_label: aria }, image: imgs.length > 0 && !text,
      target: el.getAttribute("target"), box, rendered, first_screen: firstScreen, covered: covered || false,
      font_size: isArea ? null : round(parseFloat(getComputedStyle(el).fontSize)),
    });
  }
  return {
    url: location.href,
    viewport: { width: vw, height: vh, scroll_x: sx, scroll_y: sy, doc_height: de.scrollHeight, layout_width: de.clientWidth,
                scale: window.visualViewport ? round(window.visualViewport.scale * 1000) / 1000 : 1 },
    links_total: total, links: out,
  };
}
