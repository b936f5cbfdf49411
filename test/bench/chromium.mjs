// `npm run bench` (after the Node table), or `node test/bench/chromium.mjs` after test/bench/build.mjs:
// the web cases (web-cases.mjs: cases 1, 2, 4, 5 beside aws4fetch and @smithy/signature-v4 + sha256-js)
// in a page of headless Chromium (Debian's /usr/bin/chromium driven by playwright-core, a fresh profile,
// no network but 127.0.0.1), with the library's Web Crypto build from src/ (test-output/bench/lib-web.mjs).
// Writes test/bench/results/latest-chromium.{json,md}.
//   BENCH_ROUNDS (default 5), BENCH_BATCH_MS (default 100), BENCH_SAMPLES (default 3)
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { peerSignatures } from './web-cases.mjs';
import { writeReport } from './web-report.mjs';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const options = {
  rounds: Math.max(5, Number(process.env.BENCH_ROUNDS ?? 5)),
  batchMs: Number(process.env.BENCH_BATCH_MS ?? 100),
  samples: Number(process.env.BENCH_SAMPLES ?? 3),
};

if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`);
  process.exit(1);
}
const libFile = fileURLToPath(new URL('../../test-output/bench/lib-web.mjs', import.meta.url));
if (!existsSync(libFile)) {
  console.error('The bundled library is missing: run `node test/bench/build.mjs` first.');
  process.exit(1);
}

const built = await esbuild.build({
  entryPoints: [fileURLToPath(new URL('./web-page.mjs', import.meta.url))],
  bundle: true, write: false, format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'warning', legalComments: 'none',
});
const script = built.outputFiles[0].contents;
const page = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>huaweicloud-signer benchmark</title>
<script>globalThis.__benchOptions = ${JSON.stringify(options)}; globalThis.__benchExpected = ${JSON.stringify(await peerSignatures())};</script><script type="module" src="/bench.js"></script>`;
const server = createServer((req, res) => {
  if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(page);
  else if (req.url === '/bench.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  else res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

const version = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().replace(/^Chromium\s+/, '').split(' ')[0];
console.log(`huaweicloud-signer benchmark — Chromium ${version} (headless page, library build: web)`);
console.log(`${options.rounds} interleaved rounds; batches of ~${options.batchMs} ms, ${options.samples} per round; figure = median of the rounds' median batch\n`);

const { chromium } = await import('playwright-core');
const profile = mkdtempSync(join(tmpdir(), 'hcs-bench-chromium-'));
let result;
try {
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS, headless: true, timeout: 60_000 });
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    tab.on('console', (m) => console.log(`  page: ${m.text()}`));
    tab.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'commit' });
    await tab.waitForFunction(() => globalThis.__benchResult || globalThis.__benchError, null, { timeout: 20 * 60_000, polling: 500 });
    const state = await tab.evaluate(() => ({ result: globalThis.__benchResult, error: globalThis.__benchError }));
    if (state.error) throw new Error(state.error);
    result = state.result;
  } finally {
    await context.close();
  }
} finally {
  server.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(`sanity checks passed: ${result.checks.length} (${result.checks.join('; ')})`);
const { markdown } = writeReport(result.cases, result.plan, {
  runtime: 'chromium', version, build: 'web', ...options,
  statistic: "median over rounds of each round's median batch time per operation",
  method: `Headless Chromium ${version} (${FLAGS.join(' ')}, a fresh profile), one page from 127.0.0.1; every row timed in the page with performance.now() (steps of ${result.timerStepMs.toFixed(3)} ms there) over batches of back-to-back operations of ~${options.batchMs} ms; ${options.rounds} interleaved rounds of ${options.samples} batches, figure = median of the rounds' median.`,
  userAgent: result.userAgent, timerStepMs: result.timerStepMs, checks: result.checks, notes: [],
});
console.log('\n' + markdown);
console.log('wrote test/bench/results/latest-chromium.json and .md');
