// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core; no browser download): the
// vector suite in a page that loads the unbundled dist/web build through an import map, and in a module
// Worker bundled with the `worker` condition. Pages come from a server on 127.0.0.1 only.
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.cjs': 'text/javascript', '.json': 'application/json' };

function serve(root, pages) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    if (pages[path]) {
      res.writeHead(200, { 'content-type': 'text/html' }).end(pages[path]);
      return;
    }
    const file = normalize(join(root, path));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Waits for `globalThis.__hcsResult` (or `__hcsError`), failing fast on a page error or a missing file.
 * Answers of the gateway (`ignore`, an origin) are the Fetch-API checks' business: its 401s are expected.
 */
async function resultOf(page, url, timeoutMs, ignore) {
  const problems = [];
  const ours = (u) => !ignore || !u.startsWith(ignore);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && ours(m.location().url ?? '') && problems.push(`console error: ${m.text()}`));
  page.on('response', (r) => r.status() >= 400 && ours(r.url()) && problems.push(`HTTP ${r.status()} for ${r.url()}`));
  await page.goto(url);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await page.evaluate(() => ({ result: globalThis.__hcsResult, error: globalThis.__hcsError }));
    if (state.result) return { result: state.result, problems };
    if (state.error) return { result: null, problems: [...problems, state.error] };
    if (problems.length > 0 || Date.now() > deadline) return { result: null, problems: problems.length ? problems : ['timed out'] };
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * @param root the consumer project (holds node_modules/huaweicloud-signer and the harness bundles)
 * @param harnessPath URL path of the harness folder, e.g. '/harness'
 * @param gateway base URL of the local APIG stand-in (gateway.mjs) the Fetch-API pages call
 * @returns {Promise<Array<{ label: string, kind: 'vectors' | 'fetch API', result: object | null, problems: string[], ms: number }>>}
 */
export async function runChromium(root, harnessPath, importMap, gateway, timeoutMs = 120_000) {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)`);
  const { chromium } = await import('playwright-core');
  const head = (title) => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title>`;
  const pageScript = (main, setup = '') => `${setup}<script type="module">import(${JSON.stringify(harnessPath + main)}).catch((e) => { globalThis.__hcsError = String(e && e.stack || e); });</script>`;
  const workerScript = (main, message) => `<script type="module">
const w = new Worker(${JSON.stringify(harnessPath + main)}, { type: 'module' });
w.onmessage = (e) => { if (e.data.result) globalThis.__hcsResult = e.data.result; else globalThis.__hcsError = e.data.error; };
w.onerror = (e) => { globalThis.__hcsError = 'worker error: ' + (e.message || 'failed to load'); };
${message ? `w.postMessage(${JSON.stringify(message)});` : ''}
</script>`;
  const importMapTag = `<script type="importmap">${JSON.stringify({ imports: importMap })}</script>`;
  const pages = {
    '/page.html': head('vectors') + importMapTag + pageScript('/main-page.mjs'),
    '/worker.html': head('vectors in a worker') + workerScript('/main-worker.mjs'),
    '/fetch-page.html': head('fetch API') + importMapTag + pageScript('/main-fetch-page.mjs', `<script>globalThis.__gateway = ${JSON.stringify(gateway)};</script>`),
    '/fetch-worker.html': head('fetch API in a worker') + workerScript('/main-fetch-worker.mjs', { gateway }),
  };
  const server = await serve(root, pages);
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, timeout: 60_000 });
  try {
    const runs = [];
    for (const [label, kind, path] of [
      ['chromium (page, dist/web via import map)', 'vectors', '/page.html'],
      ['chromium (module Worker, bundled, `worker` condition)', 'vectors', '/worker.html'],
      ['chromium fetch API (page, gateway on another origin)', 'fetch API', '/fetch-page.html'],
      ['chromium fetch API (module Worker)', 'fetch API', '/fetch-worker.html'],
    ]) {
      const start = Date.now();
      const context = await browser.newContext();
      const page = await context.newPage();
      const { result, problems } = await resultOf(page, base + path, timeoutMs, gateway);
      runs.push({ label, kind, result, problems, ms: Date.now() - start });
      await context.close();
    }
    return runs;
  } finally {
    await browser.close();
    server.close();
  }
}
