// hcsign vectors: the library run, the JSON-lines protocol against ports (a tiny Node port, the README's
// Python port, hcsign itself via --serve), and what counts as a pass.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { hcsign, requireBuild, ROOT, tempDir, writeFile } from './fixtures/cli/run.js';

beforeAll(requireBuild);
vi.setConfig({ testTimeout: 180_000 });

/** How many vectors vectors/ holds, per op, counted from the files. */
function census(): { total: number; byOp: Map<string, number> } {
  const byOp = new Map<string, number>();
  let total = 0;
  for (const f of readdirSync(join(ROOT, 'vectors')).filter((n) => n.endsWith('.json') && n !== 'schema.json')) {
    for (const v of JSON.parse(readFileSync(join(ROOT, 'vectors', f), 'utf8')).vectors as { op: string }[]) {
      byOp.set(v.op, (byOp.get(v.op) ?? 0) + 1);
      total++;
    }
  }
  return { total, byOp };
}

const count = (ops: string[]) => ops.reduce((n, op) => n + (census().byOp.get(op) ?? 0), 0);

/** A Node port: sha256 right, hmac-sha256 deliberately wrong for one key, the rest unsupported. */
const NODE_PORT = `
const { createHash, createHmac } = require('node:crypto');
const rl = require('node:readline').createInterface({ input: process.stdin });
const bytes = (i, n) => i[n + 'Hex'] !== undefined ? Buffer.from(i[n + 'Hex'], 'hex') : i[n + 'Base64'] !== undefined ? Buffer.from(i[n + 'Base64'], 'base64') : Buffer.from(i[n], 'utf8');
rl.on('line', (line) => {
  const { id, op, input } = JSON.parse(line);
  let answer;
  if (op === 'sha256') answer = { expect: { hex: createHash('sha256').update(bytes(input, 'data')).digest('hex') } };
  else if (op === 'hmac-sha256') answer = input.key === 'Jefe' ? { expect: { hex: '00' } } : { expect: { hex: createHmac('sha256', bytes(input, 'key')).update(bytes(input, 'data')).digest('hex') } };
  else if (op === 'sha1') answer = { error: 'not today' };
  else answer = { unsupported: true };
  process.stdout.write(JSON.stringify({ id, ...answer }) + '\\n');
});
`;

describe('hcsign vectors', () => {
  it('runs every vector of vectors/ against this library', () => {
    const r = hcsign(['vectors']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${census().total} passed, 0 failed\n`);
    expect(r.code).toBe(0);
  });

  it('selects by op and file, and --verbose lists each vector', () => {
    const r = hcsign(['vectors', '--op', 'sha256', '--verbose']);
    expect(r.stdout).toContain('ok   crypto-hash.json ');
    expect(r.stdout.trim().split('\n').at(-1)).toBe(`${count(['sha256'])} passed, 0 failed`);
    const f = hcsign(['vectors', '--file', 'crypto-hmac-sha256.json']);
    expect(f.stdout).toMatch(/^\d+ passed, 0 failed\n$/);
    expect(hcsign(['vectors', '--op', 'no-such-op']).stderr).toBe('hcsign: no vector matches --file / --op\n');
  });

  it('speaks the protocol as a port (--serve), so that hcsign can check itself through --exec', () => {
    const r = hcsign(['vectors', '--exec', `"${process.execPath}" dist/cli.js vectors --serve`]);
    expect(r.stdout).toBe(`${census().total} passed, 0 failed\n`);
    expect(r.code).toBe(0);
    const line = hcsign(['vectors', '--serve'], { input: '{"id":"a","op":"sha256","input":{"data":"abc"}}\n{"id":"b","op":"nope","input":{}}\nnot json\n' });
    expect(line.stdout.split('\n')).toEqual([
      '{"id":"a","expect":{"hex":"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"}}',
      '{"id":"b","unsupported":true}',
      '{"id":null,"error":"the request line is not JSON"}',
      '',
    ]);
  });

  it('judges a Node port: wrong values and error answers fail, unsupported ops are counted apart', () => {
    const dir = tempDir();
    const port = writeFile(dir, 'port.cjs', NODE_PORT);
    const r = hcsign(['vectors', '--exec', `"${process.execPath}" ${port}`]);
    const lines = r.stdout.trim().split('\n');
    const hmac = count(['hmac-sha256']);
    const sha1 = count(['sha1']);
    const passed = count(['sha256']) + hmac - 1;
    const unsupported = census().total - count(['sha256', 'hmac-sha256', 'sha1']);
    expect(lines).toContain('FAIL crypto-hmac-sha256.json rfc4231-2: hex: expected "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", got "00"');
    expect(lines).toContain('FAIL crypto-hash.json fips180-sha1-abc: the port answered an error: not today');
    expect(lines.at(-1)).toBe(`${passed} passed, ${1 + sha1} failed, ${unsupported} unsupported`);
    expect(r.code).toBe(1);
  });

  it('a port that supports nothing does not pass', () => {
    const dir = tempDir();
    const port = writeFile(dir, 'none.cjs', `require('node:readline').createInterface({ input: process.stdin }).on('line', (l) => console.log(JSON.stringify({ id: JSON.parse(l).id, unsupported: true })));`);
    const r = hcsign(['vectors', '--exec', `"${process.execPath}" ${port}`]);
    expect(r.stdout.trim().split('\n').at(-1)).toBe(`0 passed, 0 failed, ${census().total} unsupported`);
    expect(r.stderr).toBe('hcsign: no vector passed: the port supports none of the ops run\n');
    expect(r.code).toBe(1);
  });

  it('fails the vectors of a port that exits, answers another id, or does not answer in time', () => {
    const exits = hcsign(['vectors', '--exec', 'exit 3', '--op', 'sha256']);
    expect(exits.stdout).toMatch(/^FAIL (crypto-hash\.json \S+: the port exited \(code 3\)|\d+ remaining vectors? not run: the port exited \(code 3\))\n/);
    expect(exits.stdout.trim().split('\n').at(-1)).toBe(`0 passed, ${count(['sha256'])} failed`);
    expect(exits.code).toBe(1);

    const dir = tempDir();
    const other = writeFile(dir, 'other.cjs', `require('node:readline').createInterface({ input: process.stdin }).on('line', () => console.log('{"id":"x","expect":{}}'));`);
    const wrongId = hcsign(['vectors', '--exec', `"${process.execPath}" ${other}`, '--op', 'sha1']);
    expect(wrongId.stdout).toContain(`: the answer is for id "x", not "fips180-sha1-abc" (answer each line in order)\n`);
    expect(wrongId.code).toBe(1);

    const silent = writeFile(dir, 'silent.cjs', `process.stdin.resume();`);
    const slow = hcsign(['vectors', '--exec', `"${process.execPath}" ${silent}`, '--op', 'sha256', '--timeout', '1']);
    expect(slow.stdout).toContain('the port did not answer within 1000 ms');
    expect(slow.stdout.trim().split('\n').at(-1)).toBe(`0 passed, ${count(['sha256'])} failed`);
    expect(slow.code).toBe(1);
  });

  it("runs the README's Python example port: its ops pass, the rest are unsupported, --strict fails them", () => {
    const readme = readFileSync(join(ROOT, 'vectors', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Running the vectors against a port'));
    const code = /```python\n([\s\S]*?)```/.exec(section)?.[1];
    expect(code).toBeDefined();
    expect(code!.split('\n').length).toBeLessThanOrEqual(25);
    const dir = tempDir();
    const port = writeFile(dir, 'port.py', code!);
    const ops = ['sha256', 'hmac-sha256'];
    const own = hcsign(['vectors', '--exec', `python3 ${port}`, '--op', 'sha256', '--op', 'hmac-sha256', '--strict']);
    expect(own.stdout).toBe(`${count(ops)} passed, 0 failed\n`);
    expect(own.code).toBe(0);
    const all = hcsign(['vectors', '--exec', `python3 ${port}`]);
    expect(all.stdout.trim().split('\n').at(-1)).toBe(`${count(ops)} passed, 0 failed, ${census().total - count(ops)} unsupported`);
    expect(all.code).toBe(0);
    const strict = hcsign(['vectors', '--exec', `python3 ${port}`, '--strict']);
    expect(strict.stdout.trim().split('\n').at(-1)).toBe(`${count(ops)} passed, ${census().total - count(ops)} failed`);
    expect(strict.code).toBe(1);
  });
});
