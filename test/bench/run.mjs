// `npm run bench` (Node), `npm run bench:bun`, `npm run bench:deno`: one process, every case and peer
// measured with mitata in interleaved rounds; each figure is the median over the rounds of mitata's
// per-round median time per operation. Prints a table and the targets of issues 7 and 10, and writes
// test/bench/results/latest-<runtime>.{json,md}. Build the library first: node test/bench/build.mjs, and
// give the runtime a real gc() (see below).
//   BENCH_ROUNDS (default 5, at least 5), BENCH_MS (mitata CPU time per measurement, default 300),
//   BENCH_ONLY (comma-separated case ids, e.g. "1,4,sm3-1mib").
import { measure } from 'mitata';
import * as os from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { peers } from './peers.mjs';
import { buildCases } from './cases.mjs';

const env = (name) => (globalThis.Deno ? globalThis.Deno.env.get(name) : globalThis.process?.env[name]);
const runtime = globalThis.Deno ? 'deno' : globalThis.Bun ? 'bun' : 'node';
const version = runtime === 'deno' ? globalThis.Deno.version.deno : runtime === 'bun' ? globalThis.Bun.version : process.version.slice(1);
const rounds = Math.max(5, Number(env('BENCH_ROUNDS') ?? 5));
const cpuMs = Number(env('BENCH_MS') ?? 300);
const only = env('BENCH_ONLY') ? new Set(env('BENCH_ONLY').split(',')) : null;

// Node and Bun measure the node:crypto bundle of src/; Deno the package's `deno` build, resolved from
// node_modules as a Deno user's import resolves it (see build.mjs).
const build = runtime === 'deno' ? 'deno' : 'node';
const lib = await import(build === 'deno' ? '../../test-output/bench/deno/lib.mjs' : `../../test-output/bench/lib-${build}.mjs`).catch((e) => {
  console.error('The bundled library is missing: run `node test/bench/build.mjs` first.\n' + e.message);
  process.exit(1);
});
// Deno must have resolved the package's `deno` build, not another one through a wrong condition.
if (build === 'deno' && lib.runtimeName !== 'deno') {
  console.error(`huaweicloud-signer resolved to its '${lib.runtimeName}' build in Deno, expected 'deno' (run \`npm run bench:deno\`, which builds it)`);
  process.exit(1);
}

// mitata collects garbage before each measurement. Without a real gc() (node --expose-gc, deno
// --v8-flags=--expose-gc; Bun has Bun.gc) it falls back to allocating a 1 GiB buffer, which skews
// every figure after it (signRequest measured twice as slow that way): refuse to run without one.
const realGc = typeof globalThis.gc === 'function' || typeof globalThis.Bun?.gc === 'function';
if (!realGc) {
  console.error('Run with a real gc(): node --expose-gc test/bench/run.mjs, or deno run -A --v8-flags=--expose-gc test/bench/run.mjs (npm run bench does).');
  process.exit(1);
}

const cpuModel = os.cpus()[0]?.model?.trim() ?? 'unknown';
const nproc = os.availableParallelism?.() ?? os.cpus().length;
const machine = { nproc, cpu: cpuModel, os: `${os.type()} ${os.release()}`, arch: os.arch() };
console.log(`huaweicloud-signer benchmark — ${runtime} ${version} (library build: ${build}), ${nproc} CPU × ${cpuModel}`);
console.log(`${rounds} interleaved rounds, ~${cpuMs} ms of samples per measurement; figure = median of the rounds' p50\n`);

const { cases: allCases, checks } = await buildCases(lib, peers);
for (const n of peers.notes) console.log(`note: ${n}`);
console.log(`sanity checks passed: ${checks.length} (${checks.map((c) => c.label).join('; ')})\n`);
const cases = allCases.filter((c) => !only || only.has(c.id));

for (let r = 0; r < rounds; r++) {
  const started = Date.now();
  for (const c of cases) {
    for (const row of c.rows) {
      const stats = await measure(row.fn, { min_cpu_time: cpuMs * 1e6 });
      (row.runs ??= []).push(stats.p50);
    }
  }
  console.log(`round ${r + 1}/${rounds} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmtTime = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
const fmtOps = (ops) => (ops >= 1e6 ? `${(ops / 1e6).toFixed(2)} M` : ops >= 1e3 ? `${(ops / 1e3).toFixed(1)} k` : ops.toFixed(1));

const results = cases.map((c) => {
  const rows = c.rows.map((row) => {
    const ns = median(row.runs);
    const out = { name: row.name, role: row.role, medianNs: ns, opsPerSec: 1e9 / ns, runsNs: row.runs };
    if (c.bytes) out.mibPerSec = c.bytes / 1048576 / (ns / 1e9);
    out.spread = (Math.max(...row.runs) - Math.min(...row.runs)) / ns;
    return out;
  });
  const self = rows.find((x) => x.role === 'self') ?? rows[0];
  for (const x of rows) x.vsFirst = x.medianNs / self.medianNs;
  return { id: c.id, title: c.title, bytes: c.bytes, rows };
});

const lines = [];
for (const c of results) {
  lines.push(`**${c.id === 'sm3-1mib' || c.id === 'sm3-95b' ? '' : 'Case '}${c.id}: ${c.title}**`, '');
  lines.push(`| implementation | time/op | ops/s |${c.bytes ? ' MiB/s |' : ''} time vs first row | spread of ${rounds} rounds |`);
  lines.push(`|---|---:|---:|${c.bytes ? '---:|' : ''}---:|---:|`);
  for (const x of c.rows) {
    lines.push(
      `| ${x.name} | ${fmtTime(x.medianNs)} | ${fmtOps(x.opsPerSec)} |${c.bytes ? ` ${x.mibPerSec.toFixed(x.mibPerSec < 10 ? 1 : 0)} |` : ''} ${x.vsFirst.toFixed(2)}× | ±${((x.spread * 100) / 2).toFixed(0)}% |`,
    );
  }
  lines.push('');
}

// Targets (issue 7 in Node; issue 10's SM3 pure path everywhere). Ratio > 1 = we are faster.
const get = (id, role) => results.find((c) => c.id === id)?.rows.find((x) => x.role === role);
const targets = [];
const atLeast = (label, ours, theirs, min) => {
  if (!ours || !theirs) return;
  const ratio = theirs.medianNs / ours.medianNs;
  targets.push({ label, measured: `${ratio.toFixed(2)}× faster`, goal: `≥ ${min}×`, met: ratio >= min });
};
const within = (label, ours, ref, max) => {
  if (!ours || !ref) return;
  const ratio = ours.medianNs / ref.medianNs;
  targets.push({ label, measured: `${ratio.toFixed(2)}× its time`, goal: `≤ ${max}×`, met: ratio <= max });
};
if (runtime === 'node') {
  for (const id of ['1', '4']) {
    const self = get(id, 'self');
    atLeast(`case ${id} vs official signer`, self, get(id, 'official'), 2);
    atLeast(`case ${id} vs aws4fetch`, self, get(id, 'aws4fetch'), 1.5);
    atLeast(`case ${id} vs @smithy/signature-v4 + node:crypto`, self, get(id, 'smithy-node'), 1.5);
    atLeast(`case ${id} vs @smithy/signature-v4 + sha256-js`, self, get(id, 'smithy-js'), 1.5);
    within(`case ${id} vs the floor`, self, get(id, 'floor'), 1.5);
  }
  within('case 3 vs raw SHA-256 of 1 MiB', get('3', 'self'), get('3', 'sha256'), 1.1);
  within('case 6 encrypt (cached key, random IV) vs raw AES-CBC', get('6', 'encrypt'), get('6', 'floor-encrypt'), 2);
  within('case 6 encrypt (cached key, given IV) vs raw AES-CBC', get('6', 'encrypt-iv'), get('6', 'floor-encrypt'), 2);
  within('case 6 decrypt (cached key) vs raw AES-CBC', get('6', 'decrypt'), get('6', 'floor-decrypt'), 2);
}
if (runtime === 'deno') {
  // The Deno build against the official signer and Deno's own raw node:crypto floor.
  atLeast('case 1 vs official signer', get('1', 'self'), get('1', 'official'), 2);
  within('case 1 vs the floor (Deno node:crypto)', get('1', 'self'), get('1', 'floor'), 1.5);
  atLeast('case 4 vs official signer', get('4', 'self'), get('4', 'official'), 1);
}
for (const [id, label] of [['sm3-1mib', '1 MiB'], ['sm3-95b', '95 B']]) {
  const c = results.find((x) => x.id === id);
  if (!c) continue;
  const self = c.rows.find((x) => x.role === 'self');
  for (const p of c.rows.filter((x) => x.role === 'peer')) atLeast(`pure SM3 ${label} vs ${p.name}`, self, p, 1);
  if (runtime === 'node') within(`pure SM3 ${label} vs node:crypto sm3`, self, c.rows.find((x) => x.role === 'native'), 2.5);
}
if (targets.length) {
  lines.push(`**Targets (${runtime}; ratios from this run)**`, '', '| target | measured | goal | met |', '|---|---:|---:|:---:|');
  for (const t of targets) lines.push(`| ${t.label} | ${t.measured} | ${t.goal} | ${t.met ? 'yes' : 'no'} |`);
  lines.push('');
}

const markdown = lines.join('\n');
console.log('\n' + markdown);
const outDir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(outDir, { recursive: true });
const report = {
  runtime, version, build, machine, date: new Date().toISOString(), rounds, cpuMsPerMeasurement: cpuMs,
  statistic: "median over rounds of mitata's per-round p50 time per operation",
  notes: peers.notes, checks: checks.map((c) => c.label), cases: results, targets,
};
if (!only) {
  writeFileSync(`${outDir}latest-${runtime}.json`, JSON.stringify(report, null, 2) + '\n');
  writeFileSync(`${outDir}latest-${runtime}.md`, `${runtime} ${version}, ${nproc} CPU × ${cpuModel}, ${report.date}\n\n${markdown}`);
  console.log(`wrote test/bench/results/latest-${runtime}.json and .md`);
}
