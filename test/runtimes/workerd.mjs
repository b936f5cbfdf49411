// workerd, Cloudflare's Workers runtime, in the runtime matrix: the packed package bundled as Wrangler
// bundles a Worker (esbuild, from the consumer project), but with the `workerd` export condition alone, so
// that the row proves what that condition resolves to. Three Workers on 127.0.0.1 (workerd-server.mjs):
// the harness (main-workerd.mjs: vectors, createSignedFetch against the local gateway and the seller
// checks, calls to the verifier), the README's backend verifier and the README's seller endpoint, the
// last two served as the README shows them (`export default { fetch }`). The seller's answer is also
// read on the wire here, for the `Body-Sign` name as workerd sends it over HTTP/1.1.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { handlerLibrary } from './build.mjs';
import { startWorkerd } from './workerd-server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const LIB = /^huaweicloud-signer(\/.*)?$/;
const seller = JSON.parse(readFileSync(new URL('./workerd-seller.json', import.meta.url), 'utf8'));
const SELLER_ACCESS_KEY = seller.accessKey;
export const WORKERD_CONDITIONS = ['workerd'];

/** `huaweicloud-signer` from the consumer project, recording which file each specifier resolved to. */
function fromConsumer(consumer, resolved) {
  return {
    name: 'library-from-consumer',
    setup(build) {
      build.onResolve({ filter: LIB }, async (args) => {
        if (args.pluginData === 'consumer') return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, resolveDir: consumer, pluginData: 'consumer' });
        if (r.errors.length > 0) return { errors: r.errors };
        resolved[args.path] = r.path;
        return { path: r.path };
      });
    },
  };
}

/** What the package's `exports` map names for `workerd` + import, for each specifier the bundles used. */
function expectedFiles(consumer, specifiers) {
  const pkgDir = join(consumer, 'node_modules', 'huaweicloud-signer');
  const { exports } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const out = {};
  for (const s of specifiers) {
    const entry = exports['.' + s.slice('huaweicloud-signer'.length)]?.workerd;
    out[s] = entry && join(pkgDir, typeof entry === 'string' ? entry : entry.import);
  }
  return out;
}

export async function buildWorkerd(consumer, outDir) {
  const resolved = {};
  const common = {
    bundle: true, write: true, metafile: true, format: 'esm', platform: 'neutral', conditions: WORKERD_CONDITIONS,
    target: 'es2022', logLevel: 'silent', legalComments: 'none', plugins: [handlerLibrary, fromConsumer(consumer, resolved)],
  };
  const builds = await Promise.all(
    ['main-workerd.mjs', 'workerd-verifier.mjs', 'workerd-seller.mjs'].map((f) => esbuild.build({ ...common, entryPoints: [join(here, f)], outfile: join(outDir, f) })),
  );
  const inputs = new Set(builds.flatMap((b) => Object.keys(b.metafile.inputs)).map((p) => relative(repoRoot, join(process.cwd(), p)).split(sep).join('/')));
  const fromRepo = [...inputs].filter((p) => (p.startsWith('src/') && p !== 'src/cli/vector-bytes.ts') || p.startsWith('dist/'));
  if (fromRepo.length > 0) throw new Error(`the workerd bundles must reach the library only through the installed package; they pulled in ${fromRepo.join(', ')}`);
  const expected = expectedFiles(consumer, Object.keys(resolved));
  const wrong = Object.entries(resolved).filter(([s, file]) => file !== expected[s]);
  if (wrong.length > 0) throw new Error(`not resolved through the \`workerd\` condition: ${wrong.map(([s, f]) => `${s} -> ${f} (expected ${expected[s]})`).join('; ')}`);
  let total = 0;
  for (const p of inputs) if (p.startsWith('vectors/') && p.endsWith('.json')) total += JSON.parse(readFileSync(join(repoRoot, p), 'utf8')).vectors.length;
  return { total, resolved };
}

/** One signed newInstance to the seller Worker through node:http, which keeps header names as sent. */
async function sellerOnTheWire(base, koogallery) {
  const body = JSON.stringify({ activity: 'newInstance', orderInfo: [{ businessId: 'b-wire', orderId: 'CS-wire' }], testFlag: '1' });
  const nonce = `wire-${Math.random().toString(36).slice(2, 10)}`;
  const timestamp = String(Date.now());
  const sign = await koogallery.headerSignature({ accessKey: SELLER_ACCESS_KEY, nonce, timestamp, body });
  return new Promise((resolve, reject) => {
    const req = request(`${base}/produceAPI/v2/instance`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-sign': sign, 'x-timestamp': timestamp, 'x-nonce': nonce } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, rawHeaders: res.rawHeaders, body: new Uint8Array(Buffer.concat(chunks)) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * @param consumer the consumer project where the packed package is installed
 * @param gateway base URL of the local APIG stand-in (gateway.mjs)
 * @param vectorTotal the vectors the other rows' harness holds (the workerd bundle must hold as many)
 * @returns {Promise<Array<{ label: string, kind: 'vectors' | 'fetch API', result: object | null, problems: string[], ms: number }>>}
 */
export async function runWorkerd(consumer, gateway, vectorTotal, timeoutMs = 120_000) {
  const outDir = join(consumer, 'workerd');
  const built = await buildWorkerd(consumer, outDir);
  if (built.total !== vectorTotal) throw new Error(`the workerd bundle holds ${built.total} vectors, the other rows ${vectorTotal}`);
  const koogallery = await import(pathToFileURL(createRequire(join(consumer, 'package.json')).resolve('huaweicloud-signer/koogallery')).href);
  const server = await startWorkerd(outDir, [
    { name: 'harness', module: 'main-workerd.mjs', bindings: { GATEWAY: gateway } },
    { name: 'verifier', module: 'workerd-verifier.mjs' },
    { name: 'seller', module: 'workerd-seller.mjs' },
  ]);
  const runs = [];
  const ask = async (label, kind, path) => {
    const start = Date.now();
    const problems = [];
    let result = null;
    try {
      const res = await fetch(server.base.harness + path, { signal: AbortSignal.timeout(timeoutMs) });
      const json = await res.json();
      if (res.status !== 200 || json.error) problems.push(`HTTP ${res.status}: ${json.error ?? JSON.stringify(json).slice(0, 300)}`);
      else result = json;
    } catch (e) {
      problems.push(`no answer: ${e instanceof Error ? e.message : e}`);
    }
    runs.push({ label, kind, result, problems, ms: Date.now() - start });
  };
  try {
    await ask('workerd (Worker, bundled, `workerd` condition)', 'vectors', '/vectors');
    await ask('workerd fetch API (createSignedFetch, seller endpoint)', 'fetch API', '/fetch');
    await ask('workerd backend verifier (README handler as a Worker, signed calls over HTTP)', 'fetch API', `/verifier?base=${encodeURIComponent(server.base.verifier)}`);

    // The seller Worker as the README serves it: its answer on the wire, Body-Sign checked on the bytes.
    const start = Date.now();
    const checks = [];
    const check = (id, ok, detail) => checks.push({ id, ok, detail });
    try {
      const wire = await sellerOnTheWire(server.base.seller, koogallery);
      const names = wire.rawHeaders.filter((_, i) => i % 2 === 0);
      const signName = names.find((n) => n.toLowerCase() === 'body-sign');
      const signValue = wire.rawHeaders[wire.rawHeaders.findIndex((n) => n.toLowerCase() === 'body-sign') + 1] ?? '';
      const answer = JSON.parse(new TextDecoder().decode(wire.body));
      check('seller Worker: a signed newInstance gets 000000', wire.status === 200 && answer.resultCode === '000000' && answer.instanceId === seller.instanceId, { status: wire.status, answer });
      check('seller Worker: Body-Sign verifies on the bytes received', await koogallery.verifyBodySign(wire.body, signValue, SELLER_ACCESS_KEY), signValue);
      check('seller Worker: the password decrypts', (await koogallery.decryptSensitive(answer.appInfo?.password ?? '', SELLER_ACCESS_KEY, 1)) === seller.password, answer.appInfo);
      // KooGallery reads `Body-Sign` case-sensitively. Fetch Headers hold names in lower case; workerd
      // writes them capitalised on HTTP/1.1 (`Content-Type`, `Body-Sign`), where Deno.serve sends
      // `body-sign`. This check fails if a workerd release changes that.
      check('seller Worker: workerd sends the header as `Body-Sign` on HTTP/1.1', signName === 'Body-Sign', names);
    } catch (e) {
      check('seller Worker: answer on the wire', false, e instanceof Error ? e.message : String(e));
    }
    const failures = checks.filter((c) => !c.ok).map((c) => ({ file: 'seller-wire', id: c.id, message: `got ${JSON.stringify(c.detail)}` }));
    runs.push({
      label: 'workerd seller endpoint on the wire (export default { fetch: handle })',
      kind: 'fetch API',
      result: { runtime: 'web', total: checks.length, passed: checks.length - failures.length, failed: failures.length, failures },
      problems: [],
      ms: Date.now() - start,
    });
  } finally {
    await server.stop();
  }
  const errors = server.log().split('\n').filter((l) => /uncaught|error/i.test(l));
  if (errors.length > 0) runs[runs.length - 1].problems.push(`workerd logged: ${errors.slice(0, 10).join('\n    ')}`);
  return runs;
}
