// sellerEndpoint of each adapter (createSellerHandler served by the framework) against the real Express,
// Koa, Fastify and Hono: a KooGallery call signed over the raw body reaches the callback with the verified
// body (also behind Koa's bodyparser and Hono's c.req.json() run before it, from the raw copy they keep); a forged
// one gets a signed 000001 and never reaches it. Calls are signed with node:crypto's createHmac (independent
// of the library's HMAC), by KooGallery's URL-signature rule.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { sellerEndpoint as expressSeller } from '../src/adapters/express.js';
import { sellerEndpoint as koaSeller } from '../src/adapters/koa.js';
import { sellerEndpoint as fastifySeller } from '../src/adapters/fastify.js';
import { sellerEndpoint as honoSeller } from '../src/adapters/hono.js';
import type { SellerHandlerOptions } from '../src/koogallery/index.js';

const require = createRequire(import.meta.url);
const BASIC = 'example-basic-access-key';
const hmacHex = (key: string, data: string) => createHmac('sha256', key).update(data).digest('hex');
const urlSig = (nonce: string, ts: string, body: string) => hmacHex(BASIC, BASIC + nonce + ts + hmacHex(BASIC, body)).toUpperCase();
let counter = 0;

async function call(url: string, body: string, forge = false) {
  const nonce = `N${Date.now()}${++counter}`.padEnd(32, 'X');
  const ts = String(Date.now());
  const signature = forge ? urlSig(nonce, ts, body.replace('CS1', 'CS9')) : urlSig(nonce, ts, body);
  const res = await fetch(`${url}?signature=${signature}&timestamp=${ts}&nonce=${nonce}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json;charset=utf8' },
    body,
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  // Every answer is signed over its exact bytes.
  expect(res.headers.get('body-sign')).toBe(`sign_type="HMAC-SHA256", signature="${createHmac('sha256', BASIC).update(bytes).digest('base64')}"`);
  return JSON.parse(bytes.toString('utf8')) as { resultCode: string; instanceId?: string };
}

const closers: Array<() => unknown> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});
const listening = (server: Server): Promise<string> =>
  new Promise((resolve) => server.once('listening', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

// A body a JSON parser would re-serialise differently (spaces): it must reach the handler byte for byte.
const body = '{ "activity": "newInstance", "businessId": "b-1", "orderId": "CS1", "orderLineId": "CS1-1", "testFlag": "0" }';

const apps: Record<string, (options: SellerHandlerOptions) => Promise<string>> = {
  async express(options) {
    const express = require('express');
    const app = express();
    // Before express.json(): KooGallery's `charset=utf8` is one body-parser refuses (415).
    app.use('/koogallery', expressSeller(options));
    app.use(express.json());
    const server: Server = app.listen(0, '127.0.0.1');
    closers.push(() => new Promise((r) => server.close(r)));
    return `${await listening(server)}/koogallery`;
  },
  async koa(options) {
    const Koa = require('koa');
    const { bodyParser } = require('@koa/bodyparser');
    const app = new Koa();
    app.use(bodyParser());
    app.use(koaSeller(options));
    const server: Server = app.listen(0, '127.0.0.1');
    closers.push(() => new Promise((r) => server.close(r)));
    return `${await listening(server)}/koogallery`;
  },
  async fastify(options) {
    const app = Fastify();
    app.post('/koogallery', fastifySeller(options));
    closers.push(() => app.close());
    return `${await app.listen({ port: 0, host: '127.0.0.1' })}/koogallery`;
  },
  async hono(options) {
    const app = new Hono();
    app.use(async (c, next) => { await c.req.json(); await next(); });
    app.post('/koogallery', honoSeller(options));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    closers.push(() => new Promise((r) => server.close(r)));
    await new Promise((r) => server.once('listening', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/koogallery`;
  },
};

describe('sellerEndpoint', () => {
  for (const [name, start] of Object.entries(apps)) {
    it(`${name}: a signed newInstance reaches the callback with the verified body; a forged one gets a signed 000001`, async () => {
      const newInstance = vi.fn(async () => ({ instanceId: 'ins-1' }));
      const url = await start({ accessKeys: { basic: BASIC }, on: { newInstance } });
      expect(await call(url, body)).toEqual({ resultCode: '000000', resultMsg: 'success', instanceId: 'ins-1' });
      expect(newInstance).toHaveBeenCalledWith(expect.objectContaining({ interface: 'newInstance', body: JSON.parse(body) }));
      expect(await call(url, body, true)).toMatchObject({ resultCode: '000001' });
      expect(newInstance).toHaveBeenCalledTimes(1);
    });
  }
});
