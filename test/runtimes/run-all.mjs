#!/usr/bin/env node
// The runtime matrix (`npm test` runs it after the build): the whole vector suite against the packed
// package, installed offline into a temporary consumer project, in Node (import on node:crypto, require,
// import with the `browser` condition on Web Crypto), Node 18, Deno (its own build), Bun, headless Chromium (page and
// Worker) and workerd (Cloudflare's Workers runtime, workerd.mjs), and in each of them a Fetch-API row: createSignedFetch against a local gateway (gateway.mjs,
// signed-fetch.ts) and the README's KooGallery seller endpoint (seller.ts).
// Every runtime prints `N passed, N failed`; a failure, a wrong build or a runtime that cannot start fails
// the run. The last line sums all runtimes.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packAndInstall, repoRoot } from '../package/pack.mjs';
import { node18Bin } from '../provision.mjs';
import { buildHarness } from './build.mjs';
import { runChromium } from './chromium.mjs';
import { startGateway } from './gateway.mjs';
import { runWorkerd } from './workerd.mjs';

const TIMEOUT_MS = 120_000;
// What the Fetch-API rows' credentialsFromEnv() must find (fetch-credentials.json, which signed-fetch.ts
// expects); the optional variables are emptied, so that the caller's own environment cannot leak in.
const fetchCredentials = JSON.parse(readFileSync(new URL('./fetch-credentials.json', import.meta.url), 'utf8'));
const FETCH_ENV = {
  HUAWEICLOUD_SDK_AK: fetchCredentials.ak,
  HUAWEICLOUD_SDK_SK: fetchCredentials.sk,
  HUAWEICLOUD_SDK_PROJECT_ID: fetchCredentials.projectId,
  HUAWEICLOUD_SDK_SECURITY_TOKEN: '',
  HUAWEICLOUD_SDK_DOMAIN_ID: '',
};
const DENO_ALLOW_ENV = `--allow-env=${Object.keys(FETCH_ENV).join(',')}`;
const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);

/** Runs one runtime and reads its report; never throws. */
function runProcess(command, args, cwd, env = {}) {
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, out, err: `${err}${e.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? `${signal}${signal === 'SIGKILL' ? ' (timed out)' : ''}` : code, out, err });
    });
  });
}

function parseReport(out) {
  const summary = [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  const runtime = /^runtime: (\S+)$/m.exec(out);
  const vectors = /^(?:vectors|checks): (\d+)$/m.exec(out);
  if (!summary) return null;
  return {
    runtime: runtime?.[1],
    total: vectors ? Number(vectors[1]) : NaN,
    passed: Number(summary[1]),
    failed: Number(summary[2]),
    failures: out.split('\n').filter((l) => l.startsWith('FAIL ') || l.startsWith('... and ')),
  };
}

/** Node 18 is required once the project provides it (NODE18_BIN, the one test/provision.mjs unpacked, or a devDependency `node18`). */
function node18() {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const declared = Boolean(pkg.devDependencies?.node18);
  const local = join(repoRoot, 'node_modules', 'node18', 'bin', 'node');
  const provisioned = node18Bin();
  if (provisioned) return { bin: provisioned, required: true };
  if (existsSync(local) || declared) return { bin: local, required: true };
  return { bin: null, required: false };
}

const started = Date.now();
const rows = [];
/**
 * One matrix row: the report must come from the expected build and cover every vector. `total` null: a
 * Fetch-API row, whose harness says how many checks it holds and must run them all.
 */
function record(label, expectRuntime, totalOrNull, report, problems, ms) {
  const issues = [...problems];
  const total = totalOrNull ?? (Number.isFinite(report?.total) ? report.total : 1);
  if (report) {
    // The installed hcsign names no build and no count: only its `N passed, N failed` line is read.
    if (expectRuntime !== null && report.runtime !== expectRuntime) issues.push(`loaded the '${report.runtime}' build, expected '${expectRuntime}'`);
    if (expectRuntime !== null && report.total !== total) issues.push(`harness holds ${report.total} vectors, expected ${total}`);
    if (report.passed + report.failed !== total) issues.push(`ran ${report.passed + report.failed} of ${total} vectors`);
  } else if (issues.length === 0) {
    issues.push('printed no `N passed, N failed` line');
  }
  const passed = report?.passed ?? 0;
  // A runtime that did not run every vector counts all the ones it did not pass as failed.
  const failed = total - passed;
  rows.push({ label, passed, failed, ok: issues.length === 0 && failed === 0, ms });
  console.log(`${label}: ${passed} passed, ${failed} failed (${(ms / 1000).toFixed(1)} s)`);
  for (const line of report?.failures ?? []) console.log(`  ${line}`);
  for (const issue of issues) console.log(`  PROBLEM: ${issue}`);
}

async function runCli(label, expectRuntime, total, command, args, cwd, env) {
  const start = Date.now();
  const { code, out, err } = await runProcess(command, args, cwd, env);
  const report = parseReport(out);
  const problems = [];
  if (code !== 0) problems.push(`exited with ${code}${err.trim() ? `: ${err.trim().split('\n').slice(0, 12).join('\n    ')}` : ''}`);
  record(label, expectRuntime, total, report, problems, Date.now() - start);
}

let pack;
let gateway;
try {
  pack = packAndInstall();
  const harness = join(pack.consumer, 'harness');
  const { total, jsonFiles, importMap } = await buildHarness(pack.consumer, harness);
  const onDisk = readdirSync(join(repoRoot, 'vectors')).filter((f) => f.endsWith('.json') && f !== 'schema.json').map((f) => `vectors/${f}`).sort();
  const missing = onDisk.filter((f) => !jsonFiles.includes(f));
  console.log(`runtime matrix: ${total} vectors from ${jsonFiles.length} files, packed ${pack.tarball.split('/').pop()} installed in ${pack.consumer}`);
  if (total === 0) throw new Error('the harness holds no vector');
  // test/unit/vectors.test.ts fails on such a file; here it is only worth a note.
  if (missing.length > 0) console.log(`  note: vector files not listed in test/vectors/files.ts (not run here): ${missing.join(', ')}`);

  const esm = join(harness, 'main-esm.mjs');
  const cjs = join(harness, 'main-cjs.cjs');
  const fetchMain = join(harness, 'main-fetch.mjs');
  // The gateway verifies with the packed package itself (its node build), 20 minutes ahead.
  const apig = await import(pathToFileURL(createRequire(join(pack.consumer, 'package.json')).resolve('huaweicloud-signer/apig')).href);
  gateway = await startGateway(apig);
  await runCli(`node ${process.versions.node} (import, node:crypto)`, 'node', total, process.execPath, [esm], pack.consumer);
  await runCli(`node ${process.versions.node} (require, node:crypto)`, 'node', total, process.execPath, [cjs], pack.consumer);
  await runCli(`node ${process.versions.node} (import, --conditions=browser, Web Crypto)`, 'web', total, process.execPath, ['--conditions=browser', esm], pack.consumer);
  // The installed command, through its bin link (shebang, executable bit, the package's own vectors/).
  const hcsign = join(pack.consumer, 'node_modules', '.bin', 'hcsign');
  const cliFile = join(pack.consumer, 'node_modules', 'huaweicloud-signer', 'dist', 'cli.js');
  await runCli(`node ${process.versions.node} hcsign vectors (the installed bin)`, null, total, hcsign, ['vectors'], pack.consumer);
  await runCli(`node ${process.versions.node} fetch API (node:crypto)`, 'node', null, process.execPath, [fetchMain, gateway.base], pack.consumer, FETCH_ENV);
  await runCli(`node ${process.versions.node} fetch API (--conditions=browser, Web Crypto)`, 'web', null, process.execPath, ['--conditions=browser', fetchMain, gateway.base], pack.consumer, FETCH_ENV);

  const n18 = node18();
  if (n18.bin) {
    await runCli('node 18 (import, node:crypto)', 'node', total, n18.bin, [esm], pack.consumer);
    await runCli('node 18 (require, node:crypto)', 'node', total, n18.bin, [cjs], pack.consumer);
    await runCli('node 18 fetch API', 'node', null, n18.bin, [fetchMain, gateway.base], pack.consumer, FETCH_ENV);
    await runCli('node 18 hcsign vectors (the installed CLI)', null, total, n18.bin, [cliFile, 'vectors'], pack.consumer);
    const { out } = await runProcess(n18.bin, ['--version'], pack.consumer);
    if (!out.startsWith('v18.')) {
      console.log(`  PROBLEM: ${n18.bin} is ${out.trim() || 'not runnable'}, not Node 18`);
      rows.push({ label: 'node 18 version', passed: 0, failed: 0, ok: false, ms: 0 });
    }
  } else {
    console.log('node 18: NOT TESTED: no Node 18 binary (npm test provisions one where the npm registry has it; or set NODE18_BIN)');
  }

  await runCli(`deno (import, \`deno\` condition, Deno's node:crypto)`, 'deno', total, bin('deno'), ['run', '--no-prompt', '--no-lock', '--quiet', esm], pack.consumer);
  await runCli(`bun (import, \`bun\` condition, node:crypto)`, 'node', total, bin('bun'), ['run', esm], pack.consumer);
  await runCli('deno fetch API', 'deno', null, bin('deno'), ['run', '--no-prompt', '--no-lock', '--quiet', '--allow-net=127.0.0.1', DENO_ALLOW_ENV, fetchMain, gateway.base], pack.consumer, FETCH_ENV);
  await runCli('bun fetch API', 'node', null, bin('bun'), ['run', fetchMain, gateway.base], pack.consumer, FETCH_ENV);

  const start = Date.now();
  try {
    for (const run of await runChromium(pack.consumer, '/harness', importMap, gateway.base, TIMEOUT_MS)) {
      const report = run.result && { ...run.result, failures: run.result.failures.map((f) => `FAIL ${f.file} ${f.id}: ${f.message}`).slice(0, 25) };
      record(run.label, 'web', run.kind === 'vectors' ? total : null, report, run.problems, run.ms);
    }
  } catch (e) {
    record('chromium', 'web', total, null, [`cannot start: ${e instanceof Error ? e.message.split('\n')[0] : e}`], Date.now() - start);
  }

  const workerdStart = Date.now();
  try {
    for (const run of await runWorkerd(pack.consumer, gateway.base, total, TIMEOUT_MS)) {
      const report = run.result && { ...run.result, failures: run.result.failures.map((f) => `FAIL ${f.file} ${f.id}: ${f.message}`).slice(0, 25) };
      record(run.label, 'web', run.kind === 'vectors' ? total : null, report, run.problems, run.ms);
    }
  } catch (e) {
    record('workerd', 'web', total, null, [`cannot start: ${e instanceof Error ? e.message.split('\n').slice(0, 12).join('\n    ') : e}`], Date.now() - workerdStart);
  }
} catch (e) {
  console.log(`runtime matrix: PROBLEM: ${e instanceof Error ? e.stack : e}`);
  rows.push({ label: 'setup', passed: 0, failed: 1, ok: false, ms: 0 });
} finally {
  await gateway?.close();
  pack?.cleanup();
}

const passed = rows.reduce((n, r) => n + r.passed, 0);
const failed = rows.reduce((n, r) => n + r.failed, 0);
const bad = rows.filter((r) => !r.ok);
console.log(`runtime matrix: ${rows.length} runs in ${((Date.now() - started) / 1000).toFixed(1)} s${bad.length ? `; FAILED: ${bad.map((r) => r.label).join('; ')}` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = bad.length > 0 ? 1 : 0;
