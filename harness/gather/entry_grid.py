"""Module entries (宫格: a row or grid of three or more sibling entries of the same tag and first class, each with a short
label and tappable (a link, a button, an onclick attribute or a pointer cursor), outside any form) and whether each is drawn greyed out; the optional stage ``entry_grid``::

    artifacts["entry_grid"] = {"groups": count of entry groups, "entries": count,
      "greyed": [{"selector", "box": [x, y, w, h] CSS px, "text": label, "why": ["opacity 0.4", "grayscale(1)",
                  "pointer-events none", "aria-disabled", "disabled class"]}]}

Greyed: the product of the opacities of the entry and its ancestors ≤ 0.5, a ``grayscale()`` filter ≥ 0.8 on
the entry, an ancestor up to its group or a descendant covering ≥ 15 % of its box (a grey icon), ``pointer-events: none``, ``aria-disabled="true"``, or a class naming
it disabled (``disabled``, ``is-disabled``, ``gray``/``grey``). The computed styles are read in the harness's
isolated world, which sees the same styles as the page.
"""

from __future__ import annotations

from . import GatherRun, register_stage

_PROBE = r"""() => {
  const vis = (el) => { const r = el.getBoundingClientRect(); const cs = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none'; };
  const label = (el) => (el.innerText || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim();
  const path = (el) => { const out = []; for (let e = el; e && e.nodeType === 1 && out.length < 6; e = e.parentElement) {
      let s = e.tagName.toLowerCase(); if (e.id) { out.unshift('#' + e.id); break; }
      const sib = e.parentElement ? [...e.parentElement.children].filter(x => x.tagName === e.tagName) : [];
      if (sib.length > 1) s += ':nth-of-type(' + (sib.indexOf(e) + 1) + ')'; out.unshift(s); } return out.join(' > '); };
  const TAP = 'a[href],button,[role=button],[role=link],[role=menuitem],[onclick]';
  const tappable = (el) => el.matches(TAP) || !!el.querySelector(TAP) || getComputedStyle(el).cursor === 'pointer';
  const groups = []; const seen = new Set();
  for (const parent of document.querySelectorAll('body *')) {
    if (parent.closest('form')) continue;
    const kids = [...parent.children].filter(vis);
    const byKey = new Map();
    for (const k of kids) { const key = k.tagName + '.' + ([...k.classList].find(c => !/disabled|gr[ae]y|active/i.test(c)) || '');
      if (!byKey.has(key)) byKey.set(key, []); byKey.get(key).push(k); }
    for (const list of byKey.values()) {
      const labelled = list.filter(k => { const t = label(k); return t.length >= 2 && t.length <= 12 && !seen.has(k) && tappable(k); });
      if (labelled.length >= 3 && labelled.length === list.length) { groups.push(list); list.forEach(k => seen.add(k)); }
    }
  }
  const greyed = []; let entries = 0;
  for (const list of groups) {
    const parent = list[0].parentElement;
    for (const el of list) {
      entries++;
      const why = []; let op = 1; let gray = 0;
      for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
        const cs = getComputedStyle(e); op *= parseFloat(cs.opacity);
        if (e === el || parent.contains(e) || e === parent) { const m = /grayscale\(([\d.]+)(%?)\)/.exec(cs.filter);
          if (m) gray = Math.max(gray, parseFloat(m[1]) / (m[2] ? 100 : 1)); }
      }
      for (const d of el.querySelectorAll('*')) { const m = /grayscale\(([\d.]+)(%?)\)/.exec(getComputedStyle(d).filter);
        if (m && d.getBoundingClientRect().width * d.getBoundingClientRect().height > 0.15 * el.getBoundingClientRect().width * el.getBoundingClientRect().height)
          gray = Math.max(gray, parseFloat(m[1]) / (m[2] ? 100 : 1)); }
      if (op <= 0.5) why.push('opacity ' + Math.round(op * 100) / 100);
      if (gray >= 0.8) why.push('grayscale(' + gray + ')');
      if (getComputedStyle(el).pointerEvents === 'none') why.push('pointer-events none');
      if (el.getAttribute('aria-disabled') === 'true' || el.querySelector('[aria-disabled="true"]')) why.push('aria-disabled');
      if ([...el.classList].some(c => /(^|-)disabled$|^is-disabled$|^gr[ae]y$/i.test(c))) why.push('disabled class');
      if (why.length) { const r = el.getBoundingClientRect();
        greyed.push({selector: path(el), box: [r.x + scrollX, r.y + scrollY, r.width, r.height], text: label(el).slice(0, 40), why}); }
    }
  }
  return {groups: groups.length, entries, greyed: greyed.slice(0, 100)};
}"""


async def _entry_grid(run: GatherRun) -> None:
    run.artifacts["entry_grid"] = await run.evaluate(_PROBE)


register_stage("entry_grid", _entry_grid)
