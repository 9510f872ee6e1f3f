// Enlarge the text of the page to `factor` × (200 %) the way a browser's or host app's text zoom does:
// every element's computed font size is multiplied (computed first for all elements, then set inline with
// !important, so nested relative sizes do not compound); line heights given in px are left as they are, as text
// zoom leaves them (unitless and "normal" line heights follow the font). MUTATES THE PAGE: run last.
// Argument: {factor}. Resolves after two animation frames to {elements, factor}.
(opts) => new Promise((resolve) => {
  const body = document.body;
  if (!body) { resolve({ elements: 0, factor: opts.factor }); return; }
  const els = [document.documentElement, body, ...body.querySelectorAll("*")];
  const sizes = els.map((el) => parseFloat(getComputedStyle(el).fontSize) || 0);
  let n = 0;
  els.forEach((el, i) => {
    if (!sizes[i] || !el.style) return;
    el.style.setProperty("font-size", (sizes[i] * opts.factor) + "px", "important");
    n++;
  });
  afterTwoFrames(() => resolve({ elements: n, factor: opts.factor }));
})
