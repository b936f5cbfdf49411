// huaweicloud-signer/fastify against real Fastify: the plugin checks signatures in preParsing, on the bytes
// as sent, and Fastify's default JSON parser (and a custom one registered before it) still parses them;
// signed calls from the official v3 Node SDK core pass, tampered/replayed/stale ones never reach a handler
// nor a parser; a fetchEndpoint route answers with its Fetch handler's Response.
import { afterEach, describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { connect } from 'node:net';
import { fetchEndpoint, verifyApig } from '../src/adapters/fastify.js';
import { createNonceStore } from '../src/replay/memory-store.js';
import { AK, ourCall, resolveSecret, send, v3Call } from './fixtures/adapters/clients.js';
import { createRequire } from 'node:module';

const version = createRequire(import.meta.url)('fastify/package.json').version;
const apps: Array<{ close(): Promise<unknown> }> = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function start(setup: { options?: object; customParser?: boolean } = {}) {
  const app = Fastify();
  apps.push(app);
  const seen: unknown[] = [];
  if (setup.customParser) {
    // An app's own parser for text, registered before the plugin: it still gets the bytes.
    app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => done(null, { text: body }));
  }
  await app.register(verifyApig({ resolveSecret, ...setup.options }));
  const handler = async (request: any) => {
    seen.push(request.body);
    return { key: request.apig.key, body: request.body ?? null };
  };
  app.post('/orders', handler);
  app.get('/orders', handler);
  app.setErrorHandler((err: any, _req, reply) => reply.code(500).send({ code: err.code, message: err.message }));
  return { base: await app.listen({ port: 0, host: '127.0.0.1' }), seen };
}

describe(`fastify ${version}`, () => {
  it("a v3-core-signed JSON call passes and Fastify's JSON parser still gives the handler its body", async () => {
    const { base, seen } = await start();
    const r = await send(await v3Call(base, 'POST', '/orders', { item: 'vm', name: '云' }, { region: 'cn-north-4' }));
    expect(r).toMatchObject({ status: 200, body: { key: AK, body: { item: 'vm', name: '云' } } });
    expect(await send(await v3Call(base, 'GET', '/orders', undefined, { limit: '2' }))).toMatchObject({ status: 200, body: { key: AK } });
    expect(await send(await ourCall(base, 'POST', '/orders', '{ "spaced" :  true }'))).toMatchObject({ status: 200, body: { body: { spaced: true } } });
    expect(seen).toHaveLength(3);
  });

  it('tampered, replayed, stale and unsigned calls get APIG 401s and never reach the handler', async () => {
    const { base, seen } = await start({ options: { replayStore: createNonceStore({ ttlSeconds: 1800 }) } });
    const call = await v3Call(base, 'POST', '/orders', { amount: 1 });
    expect(await send(call, { body: '{"amount":1000}' })).toMatchObject({ status: 401, body: { error_code: 'APIG.0303', error_msg: 'Incorrect app authentication information: verify signature fail' } });
    expect((await send(call)).status).toBe(200);
    expect(await send(call)).toMatchObject({ status: 401, body: { error_msg: expect.stringContaining('replayed') } });
    const stale = await send(await ourCall(base, 'POST', '/orders', '{}', { date: new Date(Date.now() - 20 * 60_000) }));
    expect(stale).toMatchObject({ status: 401, body: { error_msg: expect.stringMatching(/signature expired, signature time:/) } });
    // Not even a body the JSON parser would refuse gets that far: the signature is checked first.
    const unsigned = await send({ url: `${base}/orders`, init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' } });
    expect(unsigned).toMatchObject({ status: 401, body: { error_msg: 'Incorrect app authentication information: missing-signature, no authorization header' } });
    expect(seen).toHaveLength(1);
  });

  it('a content-type parser of the app, registered before the plugin, parses the verified bytes', async () => {
    const { base } = await start({ customParser: true });
    const r = await send(await ourCall(base, 'POST', '/orders', 'hello 云', { headers: { 'content-type': 'text/plain' } }));
    expect(r).toMatchObject({ status: 200, body: { body: { text: 'hello 云' } } });
  });

  it('a preParsing hook that read the payload first: refused with the line to change', async () => {
    const app = Fastify();
    apps.push(app);
    app.addHook('preParsing', async (_request, _reply, payload) => {
      for await (const _ of payload) void _;
      return payload;
    });
    await app.register(verifyApig({ resolveSecret }));
    app.post('/orders', async () => ({ reached: true }));
    app.setErrorHandler((err: any, _req, reply) => reply.code(500).send({ code: err.code, message: err.message }));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const r = await send(await v3Call(base, 'POST', '/orders', { a: 1 }));
    expect(r).toMatchObject({ status: 500, body: { code: 'ERR_BODY_CONSUMED' } });
    expect(r.body.message).toContain('await app.register(verifyApig({ resolveSecret })) before the plugin that reads the payload');
  });

  it('fetchEndpoint: any content type, the raw body in, the Response out with Body-Sign spelled so', async () => {
    const app = Fastify();
    apps.push(app);
    app.post('/seller', fetchEndpoint(async (request) =>
      Response.json({ got: await request.text(), url: request.url.replace(/^http:\/\/[^/]+/, '') }, { status: 200, headers: { 'body-sign': 'sign_type="HMAC-SHA256",signature="x"' } }),
    ));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const body = '{"a" : 1}';
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(base).port), '127.0.0.1', () =>
        socket.end(`POST /seller?x=%41 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-unknown\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`),
      );
      let out = '';
      socket.on('data', (d) => (out += d));
      socket.on('error', reject);
      socket.on('end', () => resolve(out));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 200/);
    expect(raw).toContain('\r\nBody-Sign: sign_type="HMAC-SHA256",signature="x"\r\n');
    expect(raw.slice(raw.indexOf('\r\n\r\n') + 4)).toBe(JSON.stringify({ got: body, url: '/seller?x=%41' }));
  });
});
