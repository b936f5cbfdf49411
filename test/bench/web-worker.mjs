// The workerd benchmark Worker (bundled and served by workerd.mjs): the web cases, one batch per request.
//   GET /setup                  builds the cases (sanity checks included), probes the clock, lists the rows
//   GET /batch?c=I&r=J&n=N      runs row J of case I N times back to back; answers the ms by Date.now()
// The runner times every request from outside and subtracts the round trip of an empty batch (n=0).
import * as lib from '../../test-output/bench/lib-web.mjs';
import { buildWebCases, timeBatch } from './web-cases.mjs';

let setup;

/**
 * Does Date.now() advance during synchronous code here? (In deployed Workers it does not: it moves
 * only at I/O. The local binary's behaviour is recorded with the results.)
 */
function clockProbe() {
  const d0 = Date.now();
  const p0 = performance.now();
  const seen = new Set();
  let x = 0;
  for (let i = 0; i < 2e7; i++) {
    x = (x + i * 2654435761) >>> 0;
    if ((i & 0xffff) === 0) seen.add(Date.now());
  }
  return { dateMs: Date.now() - d0, performanceMs: performance.now() - p0, distinctDateValues: seen.size, performanceNowIsDateNow: Math.abs(performance.now() - Date.now()) < 1000, x };
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (url.pathname === '/setup') {
        setup ??= buildWebCases(lib, JSON.parse(env.EXPECTED));
        const { cases, checks } = await setup;
        return Response.json({
          cases: cases.map((c) => ({ id: c.id, title: c.title, rows: c.rows.map(({ name, role }) => ({ name, role })) })),
          checks: checks.map((c) => c.label),
          clock: clockProbe(),
          userAgent: navigator.userAgent,
        });
      }
      if (url.pathname === '/batch') {
        const n = Number(url.searchParams.get('n'));
        if (n === 0) return new Response('0');
        const { cases } = await setup;
        const fn = cases[Number(url.searchParams.get('c'))].rows[Number(url.searchParams.get('r'))].fn;
        return new Response(String(await timeBatch(fn, n, () => Date.now())));
      }
      return new Response('not found', { status: 404 });
    } catch (e) {
      return new Response(String(e && e.stack ? e.stack : e), { status: 500 });
    }
  },
};
