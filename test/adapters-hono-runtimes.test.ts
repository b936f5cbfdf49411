// huaweicloud-signer/hono in Deno (Deno.serve, Deno's build) and Bun (Bun.serve, node:crypto build):
// the runtime serves a Hono app behind verifyApig (test/fixtures/adapters/hono-server.mjs) and this test
// sends it calls signed by the official v3 Node SDK core, tampered, replayed and stale ones.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AK, ourCall, send, v3Call } from './fixtures/adapters/clients.js';

const script = fileURLToPath(new URL('./fixtures/adapters/hono-server.mjs', import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill();
});

function serve(command: string, args: string[]): Promise<string> {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no port within 60 s: ${out}${err}`)), 60_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}${err}`)));
  });
}

describe.each([
  ['deno', 'Deno.serve', () => serve(bin('deno'), ['run', '--no-prompt', '--no-lock', '--quiet', '--allow-net=127.0.0.1', `--allow-read=${root}`, script])],
  ['bun', 'Bun.serve', () => serve(bin('bun'), ['run', script])],
] as const)('hono in %s (%s)', (runtime, _server, start) => {
  it('v3-core-signed calls pass with c.req.json() working; tampered, replayed and stale ones get APIG 401s', async () => {
    const base = await start();
    const call = await v3Call(base, 'POST', '/orders', { item: 'vm', name: '云' }, { region: 'cn-north-4' });
    expect(await send(call)).toMatchObject({ status: 200, body: { key: AK, body: { item: 'vm', name: '云' }, runtime } });
    expect(await send(call)).toMatchObject({ status: 401, body: { error_code: 'APIG.0303', error_msg: expect.stringContaining('replayed') } });
    expect(await send(await v3Call(base, 'GET', '/orders', undefined, { limit: '2' }))).toMatchObject({ status: 200, body: { key: AK, limit: '2' } });
    const tampered = await send(await v3Call(base, 'POST', '/orders', { amount: 1 }), { body: '{"amount":1000}' });
    expect(tampered).toMatchObject({ status: 401, body: { error_msg: 'Incorrect app authentication information: verify signature fail' } });
    const stale = await send(await ourCall(base, 'POST', '/orders', '{}', { date: new Date(Date.now() - 20 * 60_000) }));
    expect(stale).toMatchObject({ status: 401, body: { error_msg: expect.stringMatching(/signature expired, signature time:\d{8}T\d{6}Z,server time:\d{8}T\d{6}Z$/) } });
    // A body read by c.req.json() before the middleware is verified from Hono's cache.
    expect(await send(await ourCall(base, 'POST', '/early/orders', '{ "x" :  1 }'))).toMatchObject({ status: 200, body: { body: { x: 1 } } });
  }, 90_000);
});
