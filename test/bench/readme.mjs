// Print the README's benchmark section from test/bench/results/latest-{node,bun,deno}.json (only measured
// figures): the Node tables with their targets, then huaweicloud-signer's own rows in every runtime.
//   node test/bench/readme.mjs > /tmp/section.md
import { existsSync, readFileSync } from 'node:fs';

const dir = new URL('./results/', import.meta.url);
const load = (rt) => {
  const f = new URL(`latest-${rt}.json`, dir);
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null;
};
const node = load('node');
if (!node) throw new Error('no test/bench/results/latest-node.json: run npm run bench first');
const others = ['bun', 'deno'].map(load).filter(Boolean);

const md = readFileSync(new URL('latest-node.md', dir), 'utf8').split('\n').slice(2).join('\n').trim();
const time = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`);
const out = [];
out.push(`Node ${node.version} on ${node.machine.nproc} CPU × ${node.machine.cpu} (${node.machine.os}), ${node.date.slice(0, 10)}.`);
out.push('', md, '');
if (others.length) {
  out.push("**huaweicloud-signer in each runtime** (same harness; Deno runs its own build, on Deno's node:crypto, resolved from node_modules)", '');
  const all = [node, ...others];
  out.push(`| case | ${all.map((r) => `${r.runtime} ${r.version}`).join(' | ')} |`, `|---|${all.map(() => '---:').join('|')}|`);
  for (const c of node.cases) {
    for (const row of c.rows.filter((x) => x.name.startsWith('huaweicloud-signer') || x.role.startsWith('encrypt') || x.role.startsWith('decrypt'))) {
      const cells = all.map((r) => {
        const hit = r.cases.find((x) => x.id === c.id)?.rows.find((x) => x.name === row.name);
        return hit ? time(hit.medianNs) : 'n/a';
      });
      out.push(`| ${c.id}: ${row.name} | ${cells.join(' | ')} |`);
    }
  }
  out.push('');
  for (const r of others.filter((x) => x.targets?.length)) {
    out.push(`**Targets (${r.runtime} ${r.version}; ratios from its run)**`, '', '| target | measured | goal | met |', '|---|---:|---:|:---:|');
    for (const t of r.targets) out.push(`| ${t.label} | ${t.measured} | ${t.goal} | ${t.met ? 'yes' : 'no'} |`);
    out.push('');
  }
  for (const r of others) for (const n of r.notes ?? []) out.push(`- ${r.runtime}: ${n}`);
}
console.log(out.join('\n').trim());
