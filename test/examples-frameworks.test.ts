// The complete files of docs/frameworks.md (examples/frameworks/*.mjs), run as they are with node against
// the built package: each starts, a call signed by the official v3 Node SDK core gets its order back, a
// forged one gets APIG's 401, and the server is stopped.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AK, SK, send, v3Call } from './fixtures/adapters/clients.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill();
});

function start(file: string): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [`examples/frameworks/${file}`], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, APIG_APP_KEY: AK, APIG_APP_SECRET: SK, PORT: '0' },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${file} printed no port: ${out}`)), 30_000);
    child.stderr!.on('data', (d) => (out += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ base: `http://127.0.0.1:${m[1]}`, child });
      }
    });
    child.on('exit', (code) => reject(new Error(`${file} exited with ${code}: ${out}`)));
  });
}

describe('examples/frameworks', () => {
  it('docs/frameworks.md shows each file as it is', () => {
    const doc = readFileSync(new URL('../docs/frameworks.md', import.meta.url), 'utf8');
    for (const file of ['express.mjs', 'koa.mjs', 'fastify.mjs', 'hono.mjs']) {
      const source = readFileSync(new URL(`../examples/frameworks/${file}`, import.meta.url), 'utf8');
      expect(doc, file).toContain('```js\n' + source + '```');
    }
  });

  for (const file of ['express.mjs', 'koa.mjs', 'fastify.mjs', 'hono.mjs']) {
    it(`${file}: starts, serves a signed call, refuses a forged one, stops`, async () => {
      const { base, child } = await start(file);
      const order = { item: 'vm', count: 2 };
      expect(await send(await v3Call(base, 'POST', '/orders', order))).toMatchObject({ status: 200, body: { signedBy: AK, order } });
      const forged = await send(await v3Call(base, 'POST', '/orders', order), { body: JSON.stringify({ ...order, count: 200 }) });
      expect(forged).toMatchObject({ status: 401, body: { error_code: 'APIG.0303', error_msg: 'Incorrect app authentication information: verify signature fail' } });
      const stopped = new Promise((r) => child.once('exit', r));
      child.kill();
      await stopped;
    }, 60_000);
  }
});
