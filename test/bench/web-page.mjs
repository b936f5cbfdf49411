// The Chromium benchmark page (bundled by chromium.mjs): the web cases, timed in the page with
// performance.now(), whose steps the runner's probe records (Chromium coarsens it in a page that is not
// cross-origin isolated).
import * as lib from '../../test-output/bench/lib-web.mjs';
import { measureBatches } from './batches.mjs';
import { buildWebCases, timeBatch } from './web-cases.mjs';

function timerStep() {
  let step = Infinity;
  for (let i = 0; i < 20; i++) {
    const a = performance.now();
    let b = a;
    while (b === a) b = performance.now();
    step = Math.min(step, b - a);
  }
  return step;
}

// Started after the page's load event: a top-level await would hold that event for the whole run.
async function run() {
  try {
    const { cases, checks } = await buildWebCases(lib, globalThis.__benchExpected);
    const step = timerStep();
    const plan = await measureBatches(cases, (c, r, n) => timeBatch(cases[c].rows[r].fn, n, () => performance.now()), { ...globalThis.__benchOptions, log: (m) => console.log(m) });
    globalThis.__benchResult = {
      cases: cases.map((c) => ({ id: c.id, title: c.title, rows: c.rows.map(({ name, role }) => ({ name, role })) })),
      plan,
      checks: checks.map((c) => c.label),
      userAgent: navigator.userAgent,
      timerStepMs: step,
    };
  } catch (e) {
    globalThis.__benchError = String(e && e.stack ? e.stack : e);
  }
}
setTimeout(run, 0);
