// The in-page helper library of harness/gather: written once here and put in scope of every page function and init
// script of this folder by harness/gather/page_functions.py (`page_function(name)`), the way Lighthouse hands its
// page functions their dependencies. The source is pasted inside the function that wraps each script, so nothing
// here reaches the page's global scope, and pasting it runs nothing: it only declares.
// Boxes are [x, y, width, height] in CSS px rounded to 0.1 px; document boxes have the scroll offset added
// (coordinates on the whole page), viewport boxes do not. Rects are DOMRects (getBoundingClientRect,
// getClientRects) or objects with the same fields.

/**
 * Round a measure to 0.1 (CSS px, ratios) as the artifacts record it.
 * @param {number} v
 * @returns {number}
 */
const round = (v) => Math.round(v * 10) / 10;

/**
 * Whether a rect is at least 1 × 1 CSS px (anything smaller counts as no box at all).
 * @param {{width: number, height: number}} r
 * @returns {boolean}
 */
const hasArea = (r) => r.width >= 1 && r.height >= 1;

/**
 * The document box of a viewport rect: [x, y, width, height] with the current scroll offset added.
 * @param {{left: number, top: number, width: number, height: number}} r
 * @returns {number[]}
 */
const docBox = (r) => [round(r.left + window.scrollX), round(r.top + window.scrollY), round(r.width), round(r.height)];

/**
 * The viewport box of a rect: [x, y, width, height] as the rect has it (relative to the viewport).
 * @param {{left: number, top: number, width: number, height: number}} r
 * @returns {number[]}
 */
const viewportBox = (r) => [round(r.left), round(r.top), round(r.width), round(r.height)];

/**
 * The width and height of the part of a viewport rect inside the layout viewport
 * (documentElement.clientWidth × innerHeight), each 0 when the rect lies wholly outside.
 * @param {{left: number, top: number, right: number, bottom: number}} r
 * @returns {number[]} [width, height] in CSS px.
 */
const inViewport = (r) => {
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  return [Math.max(0, Math.min(r.right, vw) - Math.max(r.left, 0)), Math.max(0, Math.min(r.bottom, vh) - Math.max(r.top, 0))];
};

/**
 * The smallest rect holding every rect of `rects` that has an area (see hasArea); the others are left out.
 * @param {Iterable<{left: number, top: number, right: number, bottom: number, width: number, height: number}>} rects
 * @returns {{left: number, top: number, right: number, bottom: number, width: number, height: number} | null}
 *   null when none has an area.
 */
const unionRect = (rects) => {
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const r of rects) {
    if (!hasArea(r)) continue;
    x0 = Math.min(x0, r.left); y0 = Math.min(y0, r.top); x1 = Math.max(x1, r.right); y1 = Math.max(y1, r.bottom);
  }
  return x0 === Infinity ? null : { left: x0, top: y0, right: x1, bottom: y1, width: x1 - x0, height: y1 - y0 };
};

/**
 * The page's pinch-zoom scale (visualViewport.scale) to 0.001; 1 where the browser has no visualViewport.
 * @returns {number}
 */
const visualScale = () => (window.visualViewport ? round(window.visualViewport.scale * 1000) / 1000 : 1);

// ---- visibility. Four tests, each kept where a script needs exactly it (their results are evidence):
//  isRendered         CSS shows it (no size test)                     layout_targets, ws_links, safe_area
//  isVisible          CSS shows it and it has a box of 1 × 1 px        page_facts, items_probe, outbound_probe
//  isVisibleOnPage    isVisible and not wholly left of / above the     dom_walk
//                     page's origin (off-canvas to the top or left)
//  isVisibleAnyOpacity  like isVisible, but opacity 0 counts as shown  motion_watch (a slide faded out
//                     (a carousel's cross-fading slides still move)    mid-transition is still moving content)

/**
 * Whether CSS shows `el`: neither it nor an ancestor has display: none, content-visibility: hidden or
 * opacity: 0, and it has no visibility: hidden (checkVisibility with checkOpacity and checkVisibilityCSS). Size and
 * position do not count: an empty or off-screen element is rendered. True where the browser has no
 * checkVisibility.
 * @param {Element} el
 * @returns {boolean}
 */
const isRendered = (el) => !el.checkVisibility || el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });

/**
 * Whether `el` is visible: isRendered and its border box (getBoundingClientRect) at least 1 × 1 CSS px.
 * Takes the element only, so that it can be passed to Array.prototype.filter.
 * @param {Element} el
 * @returns {boolean}
 */
const isVisible = (el) => hasArea(el.getBoundingClientRect()) && isRendered(el);

/**
 * Whether `el`, whose rect `r` the caller has already measured, is visible on the page: as isVisible, and the
 * box does not lie wholly left of or above the document's origin (content moved off-canvas that way is hidden
 * for good: no scrolling reaches it).
 * @param {Element} el
 * @param {DOMRect} r el.getBoundingClientRect()
 * @returns {boolean}
 */
const isVisibleOnPage = (el, r) => hasArea(r) && r.right + window.scrollX >= 0 && r.bottom + window.scrollY >= 0 && isRendered(el);

/**
 * As isVisible, but opacity does not count (checkVisibility with checkVisibilityCSS only): an element faded to
 * opacity 0, such as a carousel's slide between two cross-fades, is visible.
 * @param {Element} el
 * @returns {boolean}
 */
const isVisibleAnyOpacity = (el) => hasArea(el.getBoundingClientRect()) && (!el.checkVisibility || el.checkVisibility({ checkVisibilityCSS: true }));

// ---- text

/**
 * A string with every run of white space made one space, trimmed; "" for null or undefined.
 * @param {?string} s
 * @returns {string}
 */
const clean = (s) => (s || "").replace(/\s+/g, " ").trim();

/**
 * The element's own text: the data of its child text nodes (not of its descendants' ones) joined as they are,
 * white space included.
 * @param {Element} el
 * @returns {string}
 */
const ownText = (el) => {
  let s = "";
  for (const c of el.childNodes) if (c.nodeType === 3) s += c.data;
  return s;
};

/**
 * The text nodes under `root` that hold more than white space, in document order (a TreeWalker over
 * SHOW_TEXT). Visibility is the caller's to test (e.g. on the node's parentElement).
 * @param {Node} root
 * @returns {Text[]}
 */
const textNodes = (root) => {
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.data.trim()) out.push(n);
  return out;
};

let sharedRange = null;
/**
 * A Range selecting the contents of `node`, for its line boxes (getClientRects) or their bounding rect. One
 * Range serves every call: read it before the next call.
 * @param {Node} node
 * @returns {Range}
 */
const textRange = (node) => {
  if (!sharedRange) sharedRange = document.createRange();
  sharedRange.selectNodeContents(node);
  return sharedRange;
};

/**
 * The class attribute of an HTML element as a string; "" for an SVG element (whose className is an
 * SVGAnimatedString) and for an element without classes.
 * @param {Element} el
 * @returns {string}
 */
const classText = (el) => (typeof el.className === "string" ? el.className : "");

// ---- selector paths

/**
 * Make a function that names an element by a CSS selector path such as `#main > ul > li:nth-of-type(3) > a`:
 * from the element up, each step its tag name, with `:nth-of-type(i)` when its parent has more than one child of
 * that tag (html and body never get one), up to the nearest element (itself included) whose id is unique in the
 * document and a plain identifier, which stands as `#id`; the path keeps at most `max` steps (the nearest ones).
 * The id counts are taken when the function is made (make it at the start of a script that waits before
 * naming); paths are cached per element. An element in a shadow tree is named by its host's path, ` >>> ` and its
 * path inside the tree.
 * The options keep the paths each script gave before this library existed (evidence and tests compare them).
 * @param {object} [o]
 * @param {number} [o.max=10] the most steps.
 * @param {"html"|"body"} [o.top="html"] where the path ends at the latest: "body" leaves html out
 *   (layout_probe.js).
 * @param {boolean} [o.rootPair=false] a path that reaches body goes on to html even past `max` (dom_walk.js).
 * @param {boolean} [o.queryIds=false] an id counts as unique when document.querySelectorAll("#id") finds one
 *   element when the path is made (items_probe.js, outbound_probe.js; in quirks mode that match ignores case);
 *   otherwise when no other element has the same id attribute value.
 * @returns {(el: ?Element) => string} "" for anything that is not an element.
 */
const makeCssPath = ({ max = 10, top = "html", rootPair = false, queryIds = false } = {}) => {
  const de = document.documentElement, body = document.body;
  const stop = top === "body" ? body : de;
  const ID = /^[A-Za-z][\w-]*$/;
  const idCount = new Map();
  if (!queryIds) for (const el of document.querySelectorAll("[id]")) idCount.set(el.id, (idCount.get(el.id) || 0) + 1);
  const uniqueId = queryIds ? (node) => node.id && ID.test(node.id) && document.querySelectorAll("#" + node.id).length === 1
                            : (node) => node.id && idCount.get(node.id) === 1 && ID.test(node.id);
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
  const cache = new Map();
  const makePath = (el) => {
    if (!el || el.nodeType !== 1) return "";
    if (cache.has(el)) return cache.get(el);
    const parts = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (uniqueId(node)) { parts.unshift("#" + node.id); break; }
      let part = node.localName;
      const parent = node.parentElement;
      if (parent && node !== de && node !== body) {
        const [idx, n] = nthOfType(parent, node);
        if (n > 1) part += `:nth-of-type(${idx})`;
      }
      parts.unshift(part);
      if (node === stop || (parts.length >= max && !(rootPair && node === body))) break;
    }
    let s = parts.join(" > ");
    // Inside a shadow tree (whose ids the document's do not count) the path ends at the tree's top at the latest:
    // the host's path comes first, then ">>>" (the shadow boundary).
    const top = el.getRootNode();
    if (top.host) s = `${makePath(top.host)} >>> ${s}`;
    cache.set(el, s);
    return s;
  };
  return makePath;
};

// ---- shadow roots. The DOM walk, the layout probes and the tap targets see inside shadow roots: open ones
// (element.shadowRoot) and closed ones, which no script can reach but the harness finds through the DevTools
// protocol (DOM.getDocument with pierce) and puts in __closedRoots of its isolated world's global scope (which
// the page never sees) when it calls a page function that walks across them (GatherRun.evaluate;
// harness/gather/worlds.py). Read here, as the function starts.

// eslint-disable-next-line no-undef
const closedRootList = typeof __closedRoots !== "undefined" && __closedRoots ? __closedRoots : [];
let closedRootMap = null;
/**
 * The shadow root hosted by `el`: its open root (el.shadowRoot), else the closed one the harness handed this
 * function (__closedRoots), else null. The user agent's own roots (of inputs, videos …) are never among them.
 * @param {Element} el
 * @returns {?ShadowRoot}
 */
const shadowRootOf = (el) => {
  if (el.shadowRoot) return el.shadowRoot;
  if (!closedRootMap) {
    closedRootMap = new Map();
    for (const r of closedRootList) if (r && r.host) closedRootMap.set(r.host, r);
  }
  return closedRootMap.get(el) || null;
};

/**
 * Every element under `root` (a document, element or shadow root) in tree order, entering shadow roots (see
 * shadowRootOf): a host's shadow tree comes right after the host, before its light children. Lazy.
 * @param {Document|Element|ShadowRoot} [root=document]
 * @returns {Generator<Element>}
 */
const deepElements = function* (root = document) {
  for (const el of root.querySelectorAll("*")) {
    yield el;
    const sr = shadowRootOf(el);
    if (sr) yield* deepElements(sr);
  }
};

/**
 * The elements under `root` matching `selector`, across shadow roots (see deepElements), in tree order.
 * @param {string} selector a CSS selector (matched within each tree: no combinator crosses a shadow boundary).
 * @param {Document|Element|ShadowRoot} [root=document]
 * @returns {Element[]}
 */
const deepQueryAll = (selector, root = document) => {
  const out = [];
  for (const el of root.querySelectorAll(selector)) out.push(el);
  for (const sr of shadowRoots(root)) for (const el of sr.querySelectorAll(selector)) out.push(el);
  if (out.length < 2 || !shadowRoots(root).length) return out;
  // Tree order across the trees: shadow content right after its host.
  const order = new Map();
  let i = 0;
  for (const el of deepElements(root)) order.set(el, i++);
  return out.sort((a, b) => order.get(a) - order.get(b));
};

const shadowRootCache = new Map();
/**
 * The shadow roots under `root` (open and closed, see shadowRootOf), nested ones included, in tree order.
 * Cached per root for the call of the page function.
 * @param {Document|Element|ShadowRoot} [root=document]
 * @returns {ShadowRoot[]}
 */
const shadowRoots = (root = document) => {
  if (shadowRootCache.has(root)) return shadowRootCache.get(root);
  const out = [];
  for (const el of root.querySelectorAll("*")) {
    const sr = shadowRootOf(el);
    if (sr) out.push(sr, ...shadowRoots(sr));
  }
  shadowRootCache.set(root, out);
  return out;
};

/**
 * The parent of `el` in the composed tree: its parent element, or the host of the shadow root it is a top-level
 * child of; null at the top of the document.
 * @param {Element} el
 * @returns {?Element}
 */
const composedParent = (el) => el.parentElement || (el.parentNode && el.parentNode.host) || null;

// ---- what can be tapped

/**
 * What a tap target is, for the target-size records (dom_walk.js) and the overlap records (overlapping targets,
 * layout_targets.js) alike: links, buttons, form controls other than hidden inputs, summaries, elements with an
 * interactive ARIA role, and elements with an onclick attribute. Tap targets are the outermost matches
 * (see tapTargets).
 * @type {string}
 */
const TAP_TARGET_SELECTOR = "a[href],button,input:not([type=hidden]),select,textarea,summary,[role=button],[role=link],[role=checkbox],[role=radio],[role=switch],[role=tab],[role=menuitem],[onclick]";

/**
 * The tap targets of the document: the elements matching TAP_TARGET_SELECTOR that no other match contains (a
 * link around an icon and a label is one target), shadow roots included (deepQueryAll), in tree order, visible or not: the caller tests
 * visibility (a visible match inside a hidden match is no target either). Lazy, so that a caller stopping at a
 * limit tests no more elements.
 * @returns {Generator<Element>}
 */
const tapTargets = function* () {
  const all = new Set(deepQueryAll(TAP_TARGET_SELECTOR));
  for (const el of all) {
    let nested = false;
    for (let p = composedParent(el); p; p = composedParent(p)) if (all.has(p)) { nested = true; break; }
    if (!nested) yield el;
  }
};

/**
 * Elements a person may click to make something happen (the controls of outbound_probe.js, the clickable
 * element around a pop-up's close icon in page_facts.js): links, buttons, role=button, onclick, and button and
 * submit inputs. Narrower than TAP_TARGET_SELECTOR (no other form fields, summaries or ARIA widgets).
 * @type {string}
 */
const CLICKABLE_SELECTOR = "a[href],button,[role=button],[onclick],input[type=button],input[type=submit]";

// ---- time

/**
 * setTimeout through the harness's own timer (window.__harness.setTimeout, saved by page_init.js before any page
 * script), so that the page's timer log stays clean; the page's setTimeout where page_init.js did not run.
 * @param {Function} fn
 * @param {number} [ms]
 * @returns {number} the timer id.
 */
const later = (fn, ms) => {
  const h = window.__harness;
  return ((h && h.setTimeout) || setTimeout)(fn, ms);
};

/**
 * Call `fn` after the next two animation frames (style, layout and paint of the current state are done).
 * @param {Function} fn
 */
const afterTwoFrames = (fn) => requestAnimationFrame(() => requestAnimationFrame(fn));
