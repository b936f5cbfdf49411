// huaweicloud-signer/express against real Express 4 and 5 (express, and express4 as an npm alias): signed calls
// from the official v3 Node SDK core pass with the body still parsed by express.json() mounted after the
// middleware; tampered, replayed and stale calls never reach the route; a JSON parser mounted before it is
// caught with the line to change, and the raw copies Express apps keep (express.raw(), a verify hook) work.
import { afterEach, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { fetchEndpoint, verifyApig } from '../src/adapters/express.js';
import { createNonceStore } from '../src/replay/memory-store.js';
import { AK, ourCall, resolveSecret, send, v3Call } from './fixtures/adapters/clients.js';

const require = createRequire(import.meta.url);
const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

for (const name of ['express4', 'express']) {
  const express = require(name);
  describe(`${name} (${require(`${name}/package.json`).version})`, () => {
    // An app as people write them; `before` runs ahead of the middleware (the traps), `after` behind it.
    async function start(setup: { before?: unknown[]; options?: object; after?: unknown[] } = {}) {
      const app = express();
      const seen: unknown[] = [];
      for (const m of setup.before ?? []) app.use(m);
      app.use(verifyApig({ resolveSecret, ...setup.options }));
      for (const m of setup.after ?? [express.json(), express.urlencoded({ extended: false })]) app.use(m);
      const handler = (req: any, res: any) => {
        seen.push(req.body);
        res.json({ key: req.apig.key, algorithm: req.apig.algorithm, body: Buffer.isBuffer(req.body) ? req.body.toString('utf8') : req.body });
      };
      app.post('/orders', handler);
      app.get('/orders', handler);
      app.use((err: any, _req: any, res: any, _next: any) => res.status(500).json({ code: err.code, message: err.message }));
      const server: Server = app.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      servers.push(server);
      return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
    }

    it('a v3-core-signed JSON call passes, and express.json() after the middleware still parses it', async () => {
      const { base, seen } = await start();
      const r = await send(await v3Call(base, 'POST', '/orders', { item: 'vm', count: 2, name: '云' }, { region: 'cn-north-4' }));
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ key: AK, algorithm: 'SDK-HMAC-SHA256', body: { item: 'vm', count: 2, name: '云' } });
      expect(seen).toHaveLength(1);
    });

    it('a signed GET with a query passes', async () => {
      const { base } = await start();
      const r = await send(await v3Call(base, 'GET', '/orders', undefined, { limit: '2', marker: 'a b' }));
      expect(r.status).toBe(200);
      expect(r.body.key).toBe(AK);
    });

    it('the exact bytes are verified (whitespace a parser drops), and a form body parsed after it too', async () => {
      const { base } = await start();
      const json = await send(await ourCall(base, 'POST', '/orders', '{ "b" : 2,\n  "a": [1, 2] }'));
      expect(json).toMatchObject({ status: 200, body: { body: { b: 2, a: [1, 2] } } });
      const form = await send(await ourCall(base, 'POST', '/orders', 'a=1&b=%E4%BA%91', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
      expect(form).toMatchObject({ status: 200, body: { body: { a: '1', b: '云' } } });
    });

    it('tampered, stale, unsigned and unknown-key calls get APIG 401s and never reach the route', async () => {
      const { base, seen } = await start();
      const call = await v3Call(base, 'POST', '/orders', { amount: 1 });
      const tampered = await send(call, { body: JSON.stringify({ amount: 1000 }) });
      expect(tampered).toMatchObject({ status: 401, body: { error_code: 'APIG.0303', error_msg: 'Incorrect app authentication information: verify signature fail' } });
      const stale = await send(await ourCall(base, 'POST', '/orders', '{}', { date: new Date(Date.now() - 20 * 60_000) }));
      expect(stale.status).toBe(401);
      expect(stale.body.error_msg).toMatch(/^Incorrect app authentication information: signature expired, signature time:\d{8}T\d{6}Z,server time:\d{8}T\d{6}Z$/);
      const unsigned = await send({ url: `${base}/orders`, init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' } });
      expect(unsigned.body).toEqual({ error_code: 'APIG.0303', error_msg: 'Incorrect app authentication information: missing-signature, no authorization header' });
      const forged = await send(await ourCall(base, 'POST', '/orders', '{}'), {});
      expect(forged.status).toBe(200); // the control: the same call, untouched
      expect(seen).toHaveLength(1);
    });

    it('a replayed call is refused with a replay store; the canonical request is shown only with debug', async () => {
      const { base, seen } = await start({ options: { replayStore: createNonceStore({ ttlSeconds: 1800 }) } });
      const call = await v3Call(base, 'POST', '/orders', { once: true });
      expect((await send(call)).status).toBe(200);
      expect(await send(call)).toMatchObject({ status: 401, body: { error_msg: expect.stringContaining('replayed') } });
      expect(seen).toHaveLength(1);
      const debug = await start({ options: { debug: true } });
      const tampered = await send(await v3Call(debug.base, 'POST', '/orders', { a: 1 }), { body: '{"a":2}' });
      expect(tampered.body.error_msg).toMatch(/^Incorrect app authentication information: verify signature fail, canonicalRequest:POST\|\/orders\/\|\|content-type:application\/json\|host:127\.0\.0\.1:\d+\|x-sdk-date:\d{8}T\d{6}Z\|\|content-type;host;x-sdk-date\|[0-9a-f]{64}$/);
    });

    it('express.json() mounted before it: refused with the line to change, the route never runs', async () => {
      const { base, seen } = await start({ before: [express.json()] });
      const r = await send(await v3Call(base, 'POST', '/orders', { a: 1 }));
      expect(r.status).toBe(500);
      expect(r.body.code).toBe('ERR_BODY_CONSUMED');
      expect(r.body.message).toContain('express.json({ verify: (req, _res, buf) => { req.rawBody = buf } })');
      expect(r.body.message).toContain('app.use(verifyApig({ resolveSecret })) above app.use(express.json())');
      expect(seen).toHaveLength(0);
    });

    it("express.json() before it with a verify hook keeping req.rawBody, and express.raw() before it, both work", async () => {
      const hooked = await start({ before: [express.json({ verify: (req: any, _res: unknown, buf: Buffer) => { req.rawBody = buf; } })] });
      expect(await send(await ourCall(hooked.base, 'POST', '/orders', '{"x":  1}'))).toMatchObject({ status: 200, body: { body: { x: 1 } } });
      expect(await send(await ourCall(hooked.base, 'POST', '/orders', '{"x":  1}'), { body: '{"x": 1}' })).toMatchObject({ status: 401 });
      const raw = await start({ before: [express.raw({ type: '*/*' })], after: [] });
      expect(await send(await ourCall(raw.base, 'POST', '/orders', '{"x":  1}'))).toMatchObject({ status: 200, body: { body: '{"x":  1}' } });
      // A GET through express.json() (which reads nothing without a body) passes too.
      expect((await send(await v3Call(hooked.base, 'GET', '/orders'))).status).toBe(200);
    });

    it('what a client controls: an oversized body, a repeated Authorization; a throwing resolveSecret goes to next(err)', async () => {
      const small = await start({ options: { maxBodyBytes: 16 } });
      const big = await send(await ourCall(small.base, 'POST', '/orders', JSON.stringify({ pad: 'x'.repeat(100) })));
      expect(big).toMatchObject({ status: 401, body: { error_msg: expect.stringContaining('body-too-large') } });
      const { base, seen } = await start();
      const call = await ourCall(base, 'POST', '/orders', '{}');
      const headers = new Headers(call.init.headers);
      headers.append('authorization', 'SDK-HMAC-SHA256 Access=other, SignedHeaders=host;x-sdk-date, Signature=00');
      expect((await send(call, { headers })).status).toBe(401);
      expect(seen).toHaveLength(0);
      const app = express();
      app.use(verifyApig({ resolveSecret: () => { throw new Error('secret store down'); } }));
      app.post('/orders', () => seen.push('reached'));
      app.use((err: any, _req: any, res: any, _next: any) => res.status(500).json({ message: err.message }));
      const server: Server = app.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      servers.push(server);
      const thrown = await send(await ourCall(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'POST', '/orders', '{}'));
      expect(thrown).toMatchObject({ status: 500, body: { message: 'secret store down' } });
      expect(seen).toHaveLength(0);
    });

    it('fetchEndpoint serves a Fetch-API handler with the raw body and header names spelled as usual', async () => {
      const app = express();
      app.use(express.json());
      app.post('/seller', fetchEndpoint(async (request) => {
        const text = await request.text();
        return new Response(JSON.stringify({ got: text, path: new URL(request.url).pathname + new URL(request.url).search }), {
          status: 201,
          headers: { 'content-type': 'application/json', 'body-sign': 'sign_type="HMAC-SHA256",signature="x"' },
        });
      }));
      const server: Server = app.listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      servers.push(server);
      const { port } = server.address() as AddressInfo;
      // A raw HTTP exchange, so the response's header names are seen as sent.
      const { connect } = await import('node:net');
      const body = '{"a" : 1}';
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () =>
          socket.end(`POST /seller?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`),
        );
        let out = '';
        socket.on('data', (d) => (out += d));
        socket.on('error', reject);
        socket.on('end', () => resolve(out));
      });
      expect(raw).toMatch(/^HTTP\/1\.1 201/);
      expect(raw).toContain('\r\nBody-Sign: sign_type="HMAC-SHA256",signature="x"\r\n');
      expect(raw.slice(raw.indexOf('\r\n\r\n') + 4)).toBe(JSON.stringify({ got: body, path: '/seller?x=1' }));
    });
  });
}
