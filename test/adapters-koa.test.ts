// huaweicloud-signer/koa against real Koa and @koa/bodyparser: signed calls from the official v3 Node SDK
// core pass with the body still parsed by a bodyparser mounted after the middleware; tampered, replayed
// and stale calls never reach the next middleware; a bodyparser mounted before it works through the raw
// copy it keeps (ctx.request.rawBody), and a parser that keeps none is refused with the line to change.
import { afterEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { bodyParser } from '@koa/bodyparser';
import { fetchEndpoint, verifyApig } from '../src/adapters/koa.js';
import { createNonceStore } from '../src/replay/memory-store.js';
import { AK, ourCall, resolveSecret, send, v3Call } from './fixtures/adapters/clients.js';

const require = createRequire(import.meta.url);
const Koa = require('koa');
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(app: any): Promise<string> {
  const server: Server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function start(setup: { before?: unknown[]; options?: object; after?: unknown[] } = {}) {
  const app = new Koa();
  const seen: unknown[] = [];
  // Errors as the developer sees them (Koa's default would answer a bare 500).
  app.use(async (ctx: any, next: () => Promise<void>) => {
    try {
      await next();
    } catch (e: any) {
      ctx.status = 500;
      ctx.body = { code: e.code, message: e.message };
    }
  });
  for (const m of setup.before ?? []) app.use(m);
  app.use(verifyApig({ resolveSecret, ...setup.options }));
  for (const m of setup.after ?? [bodyParser()]) app.use(m);
  app.use((ctx: any) => {
    seen.push(ctx.request.body);
    ctx.body = { key: ctx.state.apig.key, body: ctx.request.body };
  });
  return { base: await listen(app), seen };
}

describe(`koa ${require('koa/package.json').version} with @koa/bodyparser`, () => {
  it('a v3-core-signed JSON call passes, and bodyParser() after the middleware still parses it', async () => {
    const { base, seen } = await start();
    const r = await send(await v3Call(base, 'POST', '/orders', { item: 'vm', name: '云' }, { region: 'cn-north-4' }));
    expect(r).toMatchObject({ status: 200, body: { key: AK, body: { item: 'vm', name: '云' } } });
    expect((await send(await v3Call(base, 'GET', '/orders', undefined, { limit: '2' }))).status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it('tampered, replayed and stale calls get APIG 401s and never reach the next middleware', async () => {
    const { base, seen } = await start({ options: { replayStore: createNonceStore({ ttlSeconds: 1800 }) } });
    const call = await v3Call(base, 'POST', '/orders', { amount: 1 });
    expect(await send(call, { body: '{"amount":1000}' })).toMatchObject({ status: 401, body: { error_code: 'APIG.0303', error_msg: 'Incorrect app authentication information: verify signature fail' } });
    expect((await send(call)).status).toBe(200);
    expect(await send(call)).toMatchObject({ status: 401, body: { error_msg: expect.stringContaining('replayed') } });
    const stale = await send(await ourCall(base, 'POST', '/orders', '{}', { date: new Date(Date.now() - 20 * 60_000) }));
    expect(stale).toMatchObject({ status: 401, body: { error_msg: expect.stringMatching(/signature expired, signature time:/) } });
    expect(seen).toHaveLength(1);
  });

  it('bodyParser() mounted before it: the raw copy it keeps (ctx.request.rawBody) is verified', async () => {
    const { base } = await start({ before: [bodyParser()], after: [] });
    expect(await send(await ourCall(base, 'POST', '/orders', '{ "x" :  1 }'))).toMatchObject({ status: 200, body: { body: { x: 1 } } });
    expect((await send(await ourCall(base, 'POST', '/orders', '{ "x" :  1 }'), { body: '{"x":1}' })).status).toBe(401);
  });

  it('a parser that keeps no raw copy, mounted before it: refused with the line to change', async () => {
    // What koa-body does without includeUnparsed: reads ctx.req and keeps only the parsed object.
    const parser = async (ctx: any, next: () => Promise<void>) => {
      let text = '';
      for await (const chunk of ctx.req) text += chunk;
      ctx.request.body = text ? JSON.parse(text) : {};
      await next();
    };
    const { base, seen } = await start({ before: [parser] });
    const r = await send(await v3Call(base, 'POST', '/orders', { a: 1 }));
    expect(r.status).toBe(500);
    expect(r.body.code).toBe('ERR_BODY_CONSUMED');
    expect(r.body.message).toContain('app.use(verifyApig({ resolveSecret })) above app.use(bodyParser())');
    expect(seen).toHaveLength(0);
  });

  it('fetchEndpoint answers with the Fetch handler\'s Response, raw body in, header names as usual', async () => {
    const app = new Koa();
    const endpoint = fetchEndpoint(async (request) =>
      Response.json({ got: await request.text(), method: request.method }, { headers: { 'body-sign': 'sign_type="HMAC-SHA256",signature="x"' } }),
    );
    app.use(endpoint);
    const base = await listen(app);
    const r = await send({ url: `${base}/seller`, init: { method: 'POST', body: '{"a" : 1}', headers: { 'content-type': 'application/json' } } });
    expect(r).toMatchObject({ status: 200, body: { got: '{"a" : 1}', method: 'POST' } });
    expect(r.headers.get('body-sign')).toBe('sign_type="HMAC-SHA256",signature="x"');
    expect(r.headers.get('content-type')).toBe('application/json');
  });
});
