// Resolve when the page has been quiet for `o.quiet` ms of its own time, or after `o.max` ms (performance.now()).
// Quiet: no fetch/XHR pending in the page (a fetch counts until the page has read its body: page_init.js), no
// request pending in the load's network log (`o.requests` at the start, then h.netPending as the harness reports
// it: a request counts until its body has arrived or it failed), no setTimeout pending with a delay ≤ `o.quiet`
// (setInterval and requestAnimationFrame loops excluded), and no DOM mutation, fetch/XHR starting or ending or
// network-log change since the last tick. Quiet accrues only while this page's event loop runs: each tick adds
// the time since the one before, but at most two tick periods, so a renderer starved of CPU (or a page blocking
// its main thread) does not look quiet for the time it could not run. The harness's own timer (`later`) keeps
// the page's timer log and counts clean.
// Returns {waited, quiet, pending, requests, timers}: ms waited, whether it ended quiet, and what was pending
// then (the page's fetch/XHR, network-log requests, short timers).
(o) => new Promise((resolve) => {
  const h = window.__harness;
  const TICK = 25;
  const start = performance.now();
  if (h) {
    h.netPending = o.requests || 0;
    h.lastNetMark = start;  // the network log may have moved since the load event: quiet starts now at the earliest
  }
  const activity = () => h ? Math.max(h.lastMutation || 0, h.lastNetwork || 0, h.lastNetMark || 0) : 0;
  const timers = () => (h && h.shortTimers) ? h.shortTimers(o.quiet) : 0;
  let prev = start;
  let seen = activity();
  let quietFor = 0;
  const tick = () => {
    const now = performance.now();
    const step = Math.min(now - prev, 2 * TICK);
    prev = now;
    const last = activity();
    const busy = !!h && (h.pending > 0 || h.netPending > 0 || timers() > 0 || last !== seen);
    seen = last;
    quietFor = busy ? 0 : quietFor + step;
    const quiet = !h || quietFor >= o.quiet;
    if (quiet || now - start >= o.max) {
      resolve({ waited: Math.round(now - start), quiet, pending: h ? h.pending : null,
                requests: h ? h.netPending : null, timers: timers() });
      return;
    }
    later(tick, TICK);
  };
  afterTwoFrames(() => { prev = performance.now(); tick(); });
})
