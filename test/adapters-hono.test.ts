// huaweicloud-signer/hono against real Hono on Node (served by @hono/node-server, so the request is the one
// Node's adapter builds): signed calls from the official v3 Node SDK core pass and c.req.json() still
// works after the middleware; tampered, replayed and stale calls never reach the handler; a body read
// before the middleware works from Hono's cache, and one read past the cache is refused with the line to
// change. Deno and Bun run the same app in test/adapters-runtimes.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { fetchEndpoint, verifyApig, type ApigVariables } from '../src/adapters/hono.js';
import { createNonceStore } from '../src/replay/memory-store.js';
import { createSignedFetch } from '../src/apig/index.js';
import { AK, SK, ourCall, resolveSecret, send, v3Call } from './fixtures/adapters/clients.js';

const closers: Array<() => void> = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function listen(app: Hono<any>): Promise<string> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  closers.push(() => server.close());
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function start(setup: { before?: 'json' | 'raw-json' | 'form'; options?: object } = {}) {
  const app = new Hono<{ Variables: ApigVariables }>();
  const seen: unknown[] = [];
  app.onError((err: any, c) => c.json({ code: err.code, message: err.message }, 500));
  if (setup.before === 'json') app.use(async (c, next) => { await c.req.json().catch(() => undefined); await next(); });
  if (setup.before === 'raw-json') app.use(async (c, next) => { await c.req.raw.json().catch(() => undefined); await next(); });
  if (setup.before === 'form') app.use(async (c, next) => { await c.req.formData(); await next(); });
  app.use(verifyApig({ resolveSecret, ...setup.options }));
  app.post('/orders', async (c) => {
    const body = await c.req.json();
    seen.push(body);
    return c.json({ key: c.get('apig').key, body });
  });
  app.get('/orders', (c) => c.json({ key: c.get('apig').key, query: c.req.query('limit') }));
  return { base: await listen(app), seen };
}

describe('hono on Node (@hono/node-server)', () => {
  it('a v3-core-signed JSON call passes and c.req.json() after the middleware still gives the body', async () => {
    const { base, seen } = await start();
    const r = await send(await v3Call(base, 'POST', '/orders', { item: 'vm', name: '云' }, { region: 'cn-north-4' }));
    expect(r).toMatchObject({ status: 200, body: { key: AK, body: { item: 'vm', name: '云' } } });
    expect(await send(await v3Call(base, 'GET', '/orders', undefined, { limit: '2' }))).toMatchObject({ status: 200, body: { key: AK, query: '2' } });
    expect(seen).toHaveLength(1);
  });

  it('tampered, replayed and stale calls get APIG 401s and never reach the handler', async () => {
    const { base, seen } = await start({ options: { replayStore: createNonceStore({ ttlSeconds: 1800 }) } });
    const call = await v3Call(base, 'POST', '/orders', { amount: 1 });
    expect(await send(call, { body: '{"amount":1000}' })).toMatchObject({ status: 401, body: { error_code: 'APIG.0303', error_msg: 'Incorrect app authentication information: verify signature fail' } });
    expect((await send(call)).status).toBe(200);
    expect(await send(call)).toMatchObject({ status: 401, body: { error_msg: expect.stringContaining('replayed') } });
    const stale = await send(await ourCall(base, 'POST', '/orders', '{}', { date: new Date(Date.now() - 20 * 60_000) }));
    expect(stale).toMatchObject({ status: 401, body: { error_msg: expect.stringMatching(/signature expired, signature time:/) } });
    expect(seen).toHaveLength(1);
  });

  it("an expired answer is in APIG's words: createSignedFetch learns the server's clock from it and retries once", async () => {
    const { base, seen } = await start();
    const hcFetch = createSignedFetch({ key: AK, secret: SK });
    hcFetch.clockOffsetMs = -20 * 60_000; // a client clock 20 minutes behind
    const response = await hcFetch(`${base}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ key: AK, body: { n: 1 } });
    expect(Math.abs(hcFetch.clockOffsets.get(base)!)).toBeLessThan(2_000);
    expect(seen).toHaveLength(1);
  });

  it('c.req.json() before the middleware: verified from the text Hono cached, exact bytes kept', async () => {
    const { base } = await start({ before: 'json' });
    expect(await send(await ourCall(base, 'POST', '/orders', '{ "x" :  1 }'))).toMatchObject({ status: 200, body: { body: { x: 1 } } });
    expect((await send(await ourCall(base, 'POST', '/orders', '{ "x" :  1 }'), { body: '{"x":1}' })).status).toBe(401);
  });

  it('c.req.raw.json() or c.req.formData() before the middleware: refused with the line to change', async () => {
    for (const before of ['raw-json', 'form'] as const) {
      const { base, seen } = await start({ before });
      const call = before === 'form'
        ? await ourCall(base, 'POST', '/orders', 'a=1', { headers: { 'content-type': 'application/x-www-form-urlencoded' } })
        : await v3Call(base, 'POST', '/orders', { a: 1 });
      const r = await send(call);
      expect(r, before).toMatchObject({ status: 500, body: { code: 'ERR_BODY_CONSUMED' } });
      expect(r.body.message).toContain('app.use(verifyApig({ resolveSecret })) above that middleware');
      expect(seen).toHaveLength(0);
    }
  });

  it('fetchEndpoint hands the request to a Fetch handler, also after c.req.json() read it', async () => {
    const app = new Hono();
    app.use('/late', async (c, next) => { await c.req.json(); await next(); });
    const echo = fetchEndpoint(async (request) => Response.json({ got: await request.text() }));
    app.post('/seller', echo);
    app.post('/late', echo);
    const base = await listen(app);
    for (const path of ['/seller', '/late']) {
      const r = await send({ url: base + path, init: { method: 'POST', body: '{"a" : 1}', headers: { 'content-type': 'application/json' } } });
      expect(r, path).toMatchObject({ status: 200, body: { got: '{"a" : 1}' } });
    }
  });
});
