#!/usr/bin/env node
// Package checks (`npm test` runs them after the runtime matrix), on the tarball `npm pack` makes:
// its contents, publint, @arethetypeswrong/cli, an offline install into a temporary project used through
// `import`, `require` and TypeScript (moduleResolution node16, bundler and node10), and a browser-bundling
// check of every subpath (no `node:` module, no Node global), that signRequest alone loads no SM3 up
// front, and the size budgets and locks (size.mjs). Prints `package: N passed, N failed`.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { packAndInstall, packageName, repoRoot } from './pack.mjs';
import { checkBudgets, checkDocTable, checkLocks, measureAll, splitBundle } from './size.mjs';

const SUBPATHS = ['', '/apig', '/koogallery', '/crypto', '/express', '/koa', '/fastify', '/hono'];
/** One name each subpath must export, so an empty module cannot pass. */
const MUST_EXPORT = { '': 'sha256Hex', '/apig': 'signRequest', '/koogallery': 'bodySign', '/crypto': 'hmacSha256Hex', '/express': 'verifyApig', '/koa': 'verifyApig', '/fastify': 'verifyApig', '/hono': 'verifyApig' };
const ALLOWED_TOP = ['dist/', 'vectors/', 'examples/', 'docs/', 'README.md', 'LICENSE', 'package.json'];
const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'; // FIPS 180-2 B.1

const results = [];
async function check(name, fn) {
  const start = Date.now();
  let problems;
  try {
    problems = (await fn()) ?? [];
  } catch (e) {
    problems = [e instanceof Error ? (e.stderr ? `${e.message}\n${e.stdout ?? ''}${e.stderr}` : e.message) : String(e)];
  }
  results.push({ name, ok: problems.length === 0 });
  console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
  for (const p of problems) console.log(`     ${String(p).trim().split('\n').join('\n     ')}`);
}

function runAsync(command, args, cwd) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => resolve({ status: -1, out: out + e.message }));
    child.on('close', (status) => resolve({ status, out }));
  });
}

const run = (command, args, cwd) => execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let pack;
try {
  pack = packAndInstall();
} catch (e) {
  console.log(`FAIL npm pack and offline install of the tarball\n     ${e instanceof Error ? e.message : e}`);
  console.log('package: 0 passed, 1 failed');
  process.exit(1);
}
try {
  await check('npm pack holds only dist/, vectors/, examples/, docs/, README.md, LICENSE, package.json', () => {
    const problems = pack.files.filter((f) => !ALLOWED_TOP.some((a) => (a.endsWith('/') ? f.startsWith(a) : f === a))).map((f) => `unexpected file ${f}`);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const needed = ['README.md', 'LICENSE', 'package.json', 'vectors/schema.json', 'vectors/README.md', 'dist/cli.js', 'dist/debugger/index.html', 'dist/debugger/app.js', 'dist/debugger/style.css', 'examples/example.mjs', 'examples/call-api.mjs', 'examples/koogallery-seller.mjs', 'docs/apig.md'];
    for (const sub of SUBPATHS) {
      const name = sub ? sub.slice(1) : 'index';
      needed.push(`dist/node/${name}.js`, `dist/node/${name}.cjs`, `dist/node/${name}.d.ts`, `dist/node/${name}.d.cts`, `dist/web/${name}.js`, `dist/web/${name}.cjs`, `dist/deno/${name}.js`);
    }
    problems.push(...needed.filter((f) => !pack.files.includes(f)).map((f) => `missing ${f}`));
    if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) problems.push('package.json has runtime dependencies');
    return problems;
  });

  await check('publint (strict, suggestions included) reports nothing', async () => {
    const tarball = readFileSync(pack.tarball);
    const { messages, pkg } = await publint({ pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) }, level: 'suggestion', strict: true });
    return messages.map((m) => `${m.type}: ${formatMessage(m, pkg) ?? m.code}`);
  });

  await check('@arethetypeswrong/cli (strict profile) reports nothing', () => {
    // Its JSON goes to a file: stdout piped into a parent can be cut short when attw exits.
    const out = join(pack.root, 'attw.json');
    const fd = openSync(out, 'w');
    const r = spawnSync(join(repoRoot, 'node_modules', '.bin', 'attw'), [pack.tarball, '--format', 'json', '--no-color'], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
    closeSync(fd);
    const analysis = JSON.parse(readFileSync(out, 'utf8')).analysis;
    if (!analysis) return [`attw exited with ${r.status}: ${r.stderr}`];
    const problems = (analysis.problems ?? []).map((p) => `${p.kind} at ${p.entrypoint ?? ''} (${p.resolutionKind ?? ''})`);
    if (problems.length === 0 && r.status !== 0) problems.push(`attw exited with ${r.status}: ${r.stderr}`);
    return problems;
  });

  const importScript = `
import * as root from '${packageName}';
const mods = { '': root ${SUBPATHS.slice(1).map((s) => `, '${s}': await import('${packageName}${s}')`).join('')} };
const want = ${JSON.stringify(MUST_EXPORT)};
for (const [sub, name] of Object.entries(want)) if (typeof mods[sub][name] !== 'function') throw new Error(\`${packageName}\${sub} lacks \${name}\`);
if (typeof root.apig.signRequest !== 'function' || typeof root.koogallery.bodySign !== 'function') throw new Error('root namespaces incomplete');
console.log(root.runtimeName, await root.sha256Hex('abc'));`;
  const requireScript = `
const root = require('${packageName}');
const mods = { '': root ${SUBPATHS.slice(1).map((s) => `, '${s}': require('${packageName}${s}')`).join('')} };
const want = ${JSON.stringify(MUST_EXPORT)};
for (const [sub, name] of Object.entries(want)) if (typeof mods[sub][name] !== 'function') throw new Error(\`${packageName}\${sub} lacks \${name}\`);
if (typeof root.apig.signRequest !== 'function' || typeof root.koogallery.bodySign !== 'function') throw new Error('root namespaces incomplete');
root.sha256Hex('abc').then((h) => console.log(root.runtimeName, h));`;
  writeFileSync(join(pack.consumer, 'use-import.mjs'), importScript);
  writeFileSync(join(pack.consumer, 'use-require.cjs'), requireScript);
  const expectOutput = (out, runtime) => (out.trim() === `${runtime} ${SHA256_ABC}` ? [] : [`printed ${JSON.stringify(out.trim())}, expected "${runtime} ${SHA256_ABC}"`]);

  await check('installed tarball: `import` of every subpath (Node, node:crypto build)', () =>
    expectOutput(run(process.execPath, ['use-import.mjs'], pack.consumer), 'node'),
  );
  await check('installed tarball: `require` of every subpath (Node, CommonJS build)', () =>
    expectOutput(run(process.execPath, ['use-require.cjs'], pack.consumer), 'node'),
  );
  await check('installed tarball: `import` with --conditions=browser (Web Crypto build)', () =>
    expectOutput(run(process.execPath, ['--conditions=browser', 'use-import.mjs'], pack.consumer), 'web'),
  );
  await check('installed tarball: `require` with --conditions=browser (Web Crypto CommonJS build)', () =>
    expectOutput(run(process.execPath, ['--conditions=browser', 'use-require.cjs'], pack.consumer), 'web'),
  );
  await check('installed tarball: its examples/example.mjs runs and every value matches', () => {
    const out = run(process.execPath, [join(pack.consumer, 'node_modules', packageName, 'examples', 'example.mjs')], pack.consumer);
    return (out.match(/: matches\n/g) ?? []).length === 3 ? [] : [`printed:\n${out}`];
  });
  // Deno resolves the `deno` condition for `import` (its `require` applies `node`: the node:crypto build).
  await check('installed tarball: Deno `import` of every subpath (Deno build)', () =>
    expectOutput(run(join(repoRoot, 'node_modules', '.bin', 'deno'), ['run', '--no-prompt', '--no-lock', '--quiet', 'use-import.mjs'], pack.consumer), 'deno'),
  );

  // TypeScript consumers: the declarations must resolve (strict mode turns an untyped import into an
  // error) and be real (the @ts-expect-error line fails if a function were typed `any`).
  const tsBody = (imports) => `${imports}
export async function use(): Promise<string> {
  const digest: string = await sha256Hex('abc');
  // @ts-expect-error sha256Hex resolves to a string: the declarations are real, not \`any\`
  const wrong: number = await sha256Hex('abc');
  const fns: Array<(...args: never[]) => unknown> = [signRequest, bodySign, hmacSha256Hex, root.apig.signRequest, root.koogallery.bodySign];
  const failed: boolean = isSignerError(new Error('x'), 'ERR_BAD_HEX');
  return digest + String(wrong) + fns.length + String(failed);
}
`;
  const esmImports = `import { sha256Hex, isSignerError } from '${packageName}';
import * as root from '${packageName}';
import { signRequest } from '${packageName}/apig';
import { bodySign } from '${packageName}/koogallery';
import { hmacSha256Hex } from '${packageName}/crypto';`;
  const cjsImports = `import { sha256Hex, isSignerError } from '${packageName}';
import root = require('${packageName}');
import apig = require('${packageName}/apig');
import koogallery = require('${packageName}/koogallery');
import crypto = require('${packageName}/crypto');
const { signRequest } = apig;
const { bodySign } = koogallery;
const { hmacSha256Hex } = crypto;`;
  writeFileSync(join(pack.consumer, 'esm.mts'), tsBody(esmImports));
  writeFileSync(join(pack.consumer, 'cjs.cts'), tsBody(cjsImports));
  writeFileSync(join(pack.consumer, 'bundler.ts'), tsBody(esmImports));
  writeFileSync(join(pack.consumer, 'node10.ts'), tsBody(cjsImports));
  const compilerOptions = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [] };
  const tsconfigs = {
    'moduleResolution node16 (ESM .mts and CommonJS .cts)': { module: 'node16', moduleResolution: 'node16', files: ['esm.mts', 'cjs.cts'] },
    'moduleResolution bundler': { module: 'preserve', moduleResolution: 'bundler', files: ['bundler.ts'] },
    'moduleResolution node10 (typesVersions)': { module: 'commonjs', moduleResolution: 'node10', files: ['node10.ts'] },
  };
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  // The three compilations run side by side (each is mostly one core's work), then report in order.
  const compilations = Object.entries(tsconfigs).map(([name, { files, ...options }]) => {
    const file = `tsconfig.${options.moduleResolution}.json`;
    writeFileSync(join(pack.consumer, file), JSON.stringify({ compilerOptions: { ...compilerOptions, ...options }, files }, null, 2));
    return { name, done: runAsync(process.execPath, [tsc, '-p', file], pack.consumer) };
  });
  for (const { name, done } of compilations) {
    await check(`installed tarball: TypeScript, ${name}`, async () => {
      const r = await done;
      return r.status === 0 ? [] : [`tsc exited with ${r.status}:\n${r.out}`];
    });
  }

  // Bundling for the browser (and for Workers through the `worker` condition) must pull in only the Web
  // Crypto build. esbuild rewrites every free reference to a Node global through `define`; a marker in
  // the output therefore means the code reads that global (a local variable of that name would not match).
  const NODE_GLOBALS = ['Buffer', 'process', 'global', '__dirname', '__filename', 'setImmediate'];
  const define = Object.fromEntries(NODE_GLOBALS.map((g) => [g, `__NODE_GLOBAL_${g}__`]));
  for (const [label, options] of [
    ['browser', { platform: 'browser' }],
    ['worker', { platform: 'neutral', conditions: ['worker'], mainFields: ['module', 'main'] }],
  ]) {
    for (const sub of SUBPATHS) {
      await check(`esbuild bundles ${packageName}${sub} for ${label} without node: modules or Node globals`, async () => {
        const result = await esbuild.build({
          stdin: { contents: `export * from '${packageName}${sub}';`, resolveDir: pack.consumer, loader: 'js' },
          bundle: true, write: false, format: 'esm', target: 'es2022', metafile: true, logLevel: 'silent', define, ...options,
        });
        const code = result.outputFiles[0].text;
        const problems = [];
        for (const g of NODE_GLOBALS) if (code.includes(define[g])) problems.push(`reads the Node global ${g}`);
        if (/globalThis\s*(\.\s*|\[\s*["'`])(Buffer|process)\b/.test(code)) problems.push('reads globalThis.Buffer or globalThis.process');
        if (/(?:\bfrom|\bimport|\brequire)\s*\(?\s*["'`]node:/.test(code)) problems.push('imports a node: module');
        const inputs = Object.keys(result.metafile.inputs).filter((p) => p !== '<stdin>');
        const notWeb = inputs.filter((p) => !p.replaceAll('\\', '/').includes(`node_modules/${packageName}/dist/web/`));
        if (notWeb.length > 0) problems.push(`bundled files outside dist/web/: ${notWeb.join(', ')}`);
        const external = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
        if (external.length > 0) problems.push(`left external imports: ${external.join(', ')}`);
        if (!result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].exports.includes(MUST_EXPORT[sub])) problems.push(`does not export ${MUST_EXPORT[sub]}`);
        return problems;
      });
    }
  }

  // SM3 costs nothing to those who sign with SHA-256 (issue 10): bundled for the browser with code
  // splitting (the size measurement's own bundling), signRequest's up-front code holds no SM3 compression
  // function (its IV words); the pure SM3 sits in a lazy chunk, loaded only when SDK-HMAC-SM3 is used.
  await check('browser bundle of signRequest alone: the pure SM3 is only in a lazy chunk', async () => {
    const { files } = await splitBundle(`export { signRequest } from '${packageName}/apig';`, pack.consumer);
    // The first IV word in any spelling a minifier may choose.
    const hasSm3 = (text) => /0x7380166f|1937774191/i.test(text);
    const problems = [];
    for (const f of files) if (f.eager && hasSm3(f.text)) problems.push(`${f.path} (loaded up front) holds SM3`);
    if (!files.some((f) => !f.eager && hasSm3(f.text))) problems.push('no lazy chunk holds the pure SM3 (is SDK-HMAC-SM3 still supported?)');
    return problems;
  });

  // `hcsign debugger` serves the page from the installed package (dist/debugger ships).
  await check('installed tarball: `hcsign debugger --port 0` serves the page on 127.0.0.1', async () => {
    const child = spawn(join(pack.consumer, 'node_modules', '.bin', 'hcsign'), ['debugger', '--port', '0'], { cwd: pack.consumer, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const origin = await new Promise((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no URL printed within 30 s: ${out}`)), 30_000);
        const read = (d) => {
          out += d;
          const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[0]);
          }
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const problems = [];
      for (const [path, marker] of [['/', '<title>Signature debugger'], ['/app.js', 'verifyNotification'], ['/style.css', '.pair']]) {
        const res = await fetch(origin + path);
        const text = await res.text();
        if (res.status !== 200 || !text.includes(marker)) problems.push(`${path}: HTTP ${res.status}${res.status === 200 ? `, no '${marker}'` : ''}`);
      }
      return problems;
    } finally {
      child.kill();
    }
  });

  // Size (size.mjs), measured on the packed tarball as a user installs it, the same bundling as `npm run
  // size`: every import within its budget; the locked rows (signRequest alone, /apig's signer path) not
  // a byte larger than recorded and holding no source module they did not hold; the documented table
  // giving each budget.
  const sizes = await measureAll(pack.consumer);
  await check('browser bundles: each import within its min+gzip budget', () => checkBudgets(sizes));
  await check('browser bundles: signRequest alone and the /apig signer path not a byte larger, no module more', () => checkLocks(sizes));
  await check('docs/runtimes.md: the size table gives every budget', () => checkDocTable(readFileSync(join(repoRoot, 'docs', 'runtimes.md'), 'utf8'), sizes));
} finally {
  pack.cleanup();
}

const failed = results.filter((r) => !r.ok).length;
console.log(`package: ${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
