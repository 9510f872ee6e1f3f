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
  const noSpace = (s) => (s || "").replace(/\s+/g, "");
  const cssPath = makeCssPath({ max: 8 });
  const out = [];
  let total = 0;
  for (const el of document.querySelectorAll("a[href], area[href]")) {
    total++;
    const isArea = el.localName === "area";
    const imgs = isArea ? [] : Array.from(el.querySelectorAll("img, input[type=image], [role=img], svg"));
    const text = isArea ? "" : noSpace(el.innerText);
    const alt = noSpace(isArea ? el.getAttribute("alt") : imgs.map((i) => i.getAttribute("alt") || "").join(" "));
    const title = noSpace([el.getAttribute("title"), ...imgs.map((i) => i.getAttribute("title"))].filter(Boolean).join(" "));
    let aria = el.getAttribute("aria-label") || imgs.map((i) => i.getAttribute("aria-label") || "").join(" ");
    const lb = el.getAttribute("aria-labelledby");
    if (lb) aria += lb.split(/\s+/).map((id) => (document.getElementById(id) || {}).textContent || "").join(" ");
    aria = noSpace(aria);
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
      r = img ? unionRect([img.getBoundingClientRect()]) : null;
    } else {
      r = unionRect([...el.getClientRects(), ...imgs.map((i) => i.getBoundingClientRect())]);
    }
    const rendered = !!r && isRendered(el) && (imgs.length === 0 || text || imgs.some(isRendered));
    let firstScreen = 0, covered = null, box = null;
    if (r) {
      box = docBox(r);
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
                scale: visualScale() },
    links_total: total, links: out,
  };
}
