// `npm run bench:workerd`, or `node test/bench/workerd.mjs` after test/bench/build.mjs: the web cases
// (web-cases.mjs: cases 1, 2, 4, 5 beside aws4fetch and @smithy/signature-v4 + sha256-js) inside workerd,
// Cloudflare's Workers runtime (the devDependency's binary, one Worker on 127.0.0.1 with no outbound
// network), with the library's Web Crypto build from src/ (test-output/bench/lib-web.mjs).
//
// How it is timed: a Worker's clock may not move while its code runs (deployed Workers advance
// Date.now() only at I/O, against timing side channels), so each batch of back-to-back operations is one
// HTTP request, timed here with process.hrtime around the request, less the median round trip of an
// empty batch. The Worker also reads Date.now() around the batch; that figure is kept beside the other,
// with a probe of whether the local binary's clock advances during synchronous code.
// Writes test/bench/results/latest-workerd.{json,md}.
//   BENCH_ROUNDS (default 5), BENCH_BATCH_MS (default 100), BENCH_SAMPLES (default 3)
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerdBinary, startWorkerd, COMPATIBILITY_DATE } from '../runtimes/workerd-server.mjs';
import { measureBatches, median } from './batches.mjs';
import { peerSignatures } from './web-cases.mjs';
import { writeReport } from './web-report.mjs';

const options = {
  rounds: Math.max(5, Number(process.env.BENCH_ROUNDS ?? 5)),
  batchMs: Number(process.env.BENCH_BATCH_MS ?? 100),
  samples: Number(process.env.BENCH_SAMPLES ?? 3),
};
if (!existsSync(fileURLToPath(new URL('../../test-output/bench/lib-web.mjs', import.meta.url)))) {
  console.error('The bundled library is missing: run `node test/bench/build.mjs` first.');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'hcs-bench-workerd-'));
const version = execFileSync(workerdBinary(), ['--version'], { encoding: 'utf8' }).trim().replace(/^workerd\s+/, '');
let server;
try {
  // Bundled as Wrangler bundles a Worker: the `workerd`, `worker` and `browser` conditions.
  await esbuild.build({
    entryPoints: [fileURLToPath(new URL('./web-worker.mjs', import.meta.url))], outfile: join(dir, 'bench.mjs'),
    bundle: true, format: 'esm', platform: 'neutral', conditions: ['workerd', 'worker', 'browser'], mainFields: ['browser', 'module', 'main'],
    target: 'es2022', logLevel: 'warning', legalComments: 'none',
  });
  server = await startWorkerd(dir, [{ name: 'bench', module: 'bench.mjs', bindings: { EXPECTED: JSON.stringify(await peerSignatures()) } }]);
  const base = server.base.bench;
  const get = async (path) => {
    const res = await fetch(base + path);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}: ${text}`);
    return text;
  };
  const setup = JSON.parse(await get('/setup'));
  const { clock } = setup;
  console.log(`huaweicloud-signer benchmark — workerd ${version} (compatibility date ${COMPATIBILITY_DATE}, library build: web)`);
  console.log(`sanity checks passed: ${setup.checks.length} (${setup.checks.join('; ')})`);
  console.log(`clock probe: a synchronous loop took ${clock.dateMs} ms by Date.now() (${clock.distinctDateValues} distinct values seen), ${clock.performanceMs} ms by performance.now()`);

  const roundTrip = async (k) => {
    const xs = [];
    for (let i = 0; i < k; i++) {
      const t0 = process.hrtime.bigint();
      await get('/batch?n=0');
      xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return median(xs);
  };
  await roundTrip(20); // warm the connection
  const emptyBefore = await roundTrip(31);
  console.log(`empty batch round trip: ${emptyBefore.toFixed(3)} ms; ${options.rounds} interleaved rounds, batches of ~${options.batchMs} ms, ${options.samples} per round\n`);
  const plan = await measureBatches(
    setup.cases,
    async (c, r, n) => {
      const t0 = process.hrtime.bigint();
      const inside = Number(await get(`/batch?c=${c}&r=${r}&n=${n}`));
      const outside = Number(process.hrtime.bigint() - t0) / 1e6;
      return { ms: Math.max(outside - emptyBefore, 0), alt: inside };
    },
    { ...options, log: (m) => console.log(m) },
  );
  const emptyAfter = await roundTrip(31);

  const clockNote = clock.dateMs > 0
    ? `this workerd binary advances Date.now() during synchronous code (a busy loop read ${clock.dateMs} ms; 1 ms steps${clock.performanceNowIsDateNow ? ', and performance.now() returns the same epoch milliseconds' : ''}), unlike deployed Workers, so the in-Worker column is a valid cross-check here`
    : 'this workerd binary does not advance Date.now() during synchronous code, as deployed Workers; the in-Worker column only shows that';
  const { markdown } = writeReport(setup.cases, plan, {
    runtime: 'workerd', version, build: 'web', compatibilityDate: COMPATIBILITY_DATE, ...options,
    statistic: "median over rounds of each round's median batch time per operation, batches timed from outside the Worker",
    method: `workerd ${version} (compatibility date ${COMPATIBILITY_DATE}), one Worker on 127.0.0.1. Every batch of back-to-back operations (~${options.batchMs} ms) is one HTTP request, timed from the runner with process.hrtime less the median round trip of an empty batch (${emptyBefore.toFixed(2)} ms before the rounds, ${emptyAfter.toFixed(2)} ms after); ${options.rounds} interleaved rounds of ${options.samples} batches, figure = median of the rounds' median. The last column is the same batches timed inside the Worker with Date.now(): ${clockNote}.`,
    altColumn: 'in-Worker Date.now()',
    clock, emptyBatchRoundTripMs: { before: emptyBefore, after: emptyAfter }, userAgent: setup.userAgent, checks: setup.checks, notes: [],
  });
  console.log('\n' + markdown);
  console.log('wrote test/bench/results/latest-workerd.json and .md');
} finally {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
}
