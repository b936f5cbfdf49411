// Tables for the Chromium and workerd benchmarks in the format of run.mjs, written to
// test/bench/results/latest-<name>.{json,md}.
import * as os from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { median } from './batches.mjs';

const fmtTime = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
const fmtOps = (ops) => (ops >= 1e6 ? `${(ops / 1e6).toFixed(2)} M` : ops >= 1e3 ? `${(ops / 1e3).toFixed(1)} k` : ops.toFixed(1));

export function machine() {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown';
  return { nproc: os.availableParallelism?.() ?? os.cpus().length, cpu, os: `${os.type()} ${os.release()}`, arch: os.arch() };
}

/**
 * @param cases [{ id, title, rows: [{ name, role }] }]
 * @param plan measureBatches' answer (per case, per row: { n, runsNs, ...extra })
 * @param meta { runtime, version, build, method, notes, checks, rounds, batchMs, samples, altColumn? }
 *   `altColumn`: heading of a column with each row's figure by the runtime's own clock (workerd)
 */
export function writeReport(cases, plan, meta) {
  const results = cases.map((c, ci) => {
    const rows = c.rows.map((row, ri) => {
      const { runsNs, n, altRunsNs } = plan[ci][ri];
      const ns = median(runsNs);
      const out = { name: row.name, role: row.role, medianNs: ns, opsPerSec: 1e9 / ns, batch: n, runsNs, spread: (Math.max(...runsNs) - Math.min(...runsNs)) / ns };
      if (altRunsNs) Object.assign(out, { altMedianNs: median(altRunsNs), altRunsNs });
      return out;
    });
    const self = rows.find((x) => x.role === 'self') ?? rows[0];
    for (const x of rows) x.vsFirst = x.medianNs / self.medianNs;
    return { id: c.id, title: c.title, rows };
  });
  const lines = [];
  for (const c of results) {
    lines.push(`**Case ${c.id}: ${c.title}**`, '');
    const alt = meta.altColumn && c.rows.some((x) => x.altMedianNs !== undefined);
    lines.push(`| implementation | time/op | ops/s | time vs first row | spread of ${meta.rounds} rounds |${alt ? ` ${meta.altColumn} |` : ''}`, `|---|---:|---:|---:|---:|${alt ? '---:|' : ''}`);
    for (const x of c.rows) {
      lines.push(`| ${x.name} | ${fmtTime(x.medianNs)} | ${fmtOps(x.opsPerSec)} | ${x.vsFirst.toFixed(2)}× | ±${((x.spread * 100) / 2).toFixed(0)}% |${alt ? ` ${fmtTime(x.altMedianNs)} |` : ''}`);
    }
    lines.push('');
  }
  const markdown = lines.join('\n');
  const m = machine();
  const report = { ...meta, machine: m, date: new Date().toISOString(), cases: results };
  const outDir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outDir}latest-${meta.runtime}.json`, JSON.stringify(report, null, 2) + '\n');
  const head = `${meta.runtime} ${meta.version}, ${m.nproc} CPU × ${m.cpu}, ${report.date}\n\n${meta.method}\n\n`;
  writeFileSync(`${outDir}latest-${meta.runtime}.md`, head + markdown + (meta.notes?.length ? `\n${meta.notes.map((n) => `- ${n}`).join('\n')}\n` : ''));
  return { markdown, report };
}
