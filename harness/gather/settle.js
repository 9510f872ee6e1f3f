// Resolve when the page has been quiet for `o.quiet` ms of its own time, or when it has run for `o.max` ms of its
// own time, or after `o.maxWall` ms of its clock (performance.now()) whatever it did.
// Quiet: no fetch/XHR pending in the page (a fetch counts until its body has arrived and the page's reads of it
// have settled: page_init.js), no request pending in the load's network log (`o.requests` at the start, then
// h.netPending as the harness reports it: a request counts until its body has arrived or it failed), no
// setTimeout pending with a delay ≤ `o.quiet` (setInterval and requestAnimationFrame loops excluded), and no
// DOM mutation, fetch/XHR starting or ending or network-log change since the last tick. The page's own time accrues only while its event loop runs: each tick
// adds the time since the one before, but at most two tick periods, so a renderer starved of CPU (or a page
// blocking its main thread) neither looks quiet nor runs out of time for the time it could not run. The
// harness's own timer (`later`) keeps the page's timer log and counts clean.
// Returns {waited, live, quiet, pending, requests, timers}: ms waited by the page's clock and of its own time,
// whether it ended quiet, and what was pending then (the page's fetch/XHR, network-log requests, short timers).
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
  let live = 0;
  const tick = () => {
    const now = performance.now();
    const step = Math.min(now - prev, 2 * TICK);
    prev = now;
    live += step;
    const last = activity();
    const busy = !!h && (h.pending > 0 || h.netPending > 0 || timers() > 0 || last !== seen);
    seen = last;
    quietFor = busy ? 0 : quietFor + step;
    const quiet = !h || quietFor >= o.quiet;
    if (quiet || live >= o.max || now - start >= o.maxWall) {
      resolve({ waited: Math.round(now - start), live: Math.round(live), quiet, pending: h ? h.pending : null,
                requests: h ? h.netPending : null, timers: timers() });
      return;
    }
    later(tick, TICK);
  };
  afterTwoFrames(() => { prev = performance.now(); tick(); });
})
