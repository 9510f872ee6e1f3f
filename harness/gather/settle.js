// Resolve when the page has settled: no pending fetch/XHR, and no DOM mutation and no fetch/XHR starting or ending
// for `quiet` ms (a chain of requests, each started when the one before ends, is not quiet between them),
// or after `max` ms. Returns {waited, quiet, pending} (ms).
(o) => new Promise((resolve) => {
  const h = window.__harness;
  const start = performance.now();
  const tick = () => {
    const now = performance.now();
    const quiet = !h || (h.pending <= 0 && now - Math.max(h.lastMutation, h.lastNetwork || 0) >= o.quiet);
    if (quiet || now - start >= o.max) {
      resolve({ waited: Math.round(now - start), quiet, pending: h ? h.pending : null });
      return;
    }
    later(tick, 25);  // the harness's timer: the page's own timer log stays clean
  };
  afterTwoFrames(tick);
})
