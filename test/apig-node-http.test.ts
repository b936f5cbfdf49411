// The README's "Verify with Node's http or Express" snippets, taken from README.md as written and run:
// the node:http one on a real local server, the Express one (express is not a dependency) with a
// stand-in for express.raw that does what body-parser 1.x (Express 4) does, `req.body = {}` for a request
// without a body included, mounted on a real node:http server too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { signRequest, verifyRequest } from '../src/apig/index.js';

const creds = { key: 'QTWAOYTTINDUT2QVKYUC', secret: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
const secrets = new Map([[creds.key, creds.secret]]);
const MiB = 1024 * 1024;

/** The two js blocks of the README section, without their import lines (checked, then supplied). */
function readmeSnippets(): { express: string; http: string } {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf("### Verify with Node's http or Express");
  const end = readme.indexOf('\n### ', start + 1);
  const blocks = [...readme.slice(start, end).matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks).toHaveLength(2);
  const strip = (code: string, imports: string[]) => {
    const lines = code.split('\n');
    expect(lines.filter((l) => l.startsWith('import '))).toEqual(imports);
    return lines.filter((l) => !l.startsWith('import ')).join('\n');
  };
  return {
    express: strip(blocks[0]!, ["import express from 'express';", "import { verifyRequest } from 'huaweicloud-signer/apig';"]),
    http: strip(blocks[1]!, ["import { createServer } from 'node:http';", "import { verifyRequest } from 'huaweicloud-signer/apig';"]),
  };
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;

type Middleware = (req: IncomingMessage & Record<string, unknown>, res: ServerResponse & Record<string, unknown>, next: () => void) => unknown;

/**
 * express.raw as body-parser 1.x implements it: `req.body = req.body || {}`; no body (neither
 * Transfer-Encoding nor a numeric Content-Length) or a type that does not match leaves it so; else the
 * raw bytes as a Buffer, or 413 past the limit. Only the options the README uses.
 */
function raw(options: { type: string | ((req: IncomingMessage) => boolean); limit: string }): Middleware {
  const limit = Number(/^(\d+)mb$/.exec(options.limit)![1]) * MiB;
  const matches = typeof options.type === 'function' ? options.type : (req: IncomingMessage) => options.type === '*/*' && req.headers['content-type'] !== undefined;
  return async (req, res, next) => {
    req.body = req.body || {};
    const hasBody = req.headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(req.headers['content-length'] ?? NaN));
    if (!hasBody || !matches(req)) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      chunks.push(chunk as Buffer);
    }
    if (size > limit) return void res.writeHead(413).end();
    req.body = Buffer.concat(chunks);
    next();
  };
}

/** A minimal Express: app.post(path, ...handlers), req.originalUrl, res.status().json(). */
function miniExpress() {
  const routes: { path: string; handlers: Middleware[] }[] = [];
  const app = { post: (path: string, ...handlers: Middleware[]) => void routes.push({ path, handlers }) };
  const express = Object.assign(() => app, { raw });
  const bodies: unknown[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const route = routes.find((r) => req.method === 'POST' && r.path === req.url!.split('?')[0]);
    if (!route) return void res.writeHead(404).end();
    const q = req as IncomingMessage & Record<string, unknown>;
    const s = res as ServerResponse & Record<string, unknown>;
    q.originalUrl = req.url;
    s.status = (code: number) => ((res.statusCode = code), s);
    s.json = (value: unknown) => (res.setHeader('content-type', 'application/json'), res.end(JSON.stringify(value)), s);
    const run = (i: number): unknown => {
      if (i === route.handlers.length - 1) bodies.push(q.body); // what the route handler sees
      return route.handlers[i]?.(q, s, () => void run(i + 1));
    };
    void run(0);
  };
  return { express, listener, bodies };
}

interface Answer {
  status: number;
  json: Record<string, unknown>;
}

/** One HTTP/1.1 request with exactly these headers (no Content-Length unless given) and body. */
function send(port: number, method: string, path: string, headers: Record<string, string>, body?: Uint8Array | string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode!, json: text === '' ? {} : JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A request with no Content-Length and no Transfer-Encoding (Node's client adds one for a POST). */
function sendWithoutBody(port: number, method: string, path: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const head = `${method} ${path} HTTP/1.1\r\n${Object.entries(headers).map(([n, v]) => `${n}: ${v}\r\n`).join('')}Connection: close\r\n\r\n`;
    const socket = connect(port, '127.0.0.1', () => socket.end(head));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks).toString('utf8');
      const split = all.indexOf('\r\n\r\n');
      resolve({ status: Number(all.slice(9, 12)), json: JSON.parse(all.slice(split + 4)) });
    });
  });
}

async function signed(port: number, method: string, path: string, body?: string | Uint8Array, headers: Record<string, string> = {}) {
  const s = await signRequest({ method, url: `http://127.0.0.1:${port}${path}`, headers, body }, creds);
  return s.headers;
}

const servers: Server[] = [];
async function listen(listener: (req: IncomingMessage, res: ServerResponse) => void, server = createServer(listener)): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
afterAll(() => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())))));

describe("README: verify with Node's http", () => {
  let port: number;
  let server: Server;
  beforeAll(async () => {
    const make = new AsyncFunction('createServer', 'verifyRequest', 'secrets', readmeSnippets().http.replace('server.listen(8080);', 'return server;'));
    server = (await make(createServer, verifyRequest, secrets)) as Server;
    port = await listen(() => undefined, server);
  });

  it('accepts signed requests with and without a body, raw path and query included', async () => {
    const body = JSON.stringify({ item: '买家', n: 1 });
    const path = '/orders/a%2Fb/?q=a+b&x=%E4%B8%AD&empty';
    const post = await send(port, 'POST', path, { ...(await signed(port, 'POST', path, body, { 'Content-Type': 'application/json' })), 'Content-Length': String(Buffer.byteLength(body)) }, body);
    expect(post).toEqual({ status: 200, json: { key: creds.key } });
    const get = await send(port, 'GET', '/orders', await signed(port, 'GET', '/orders'));
    expect(get).toEqual({ status: 200, json: { key: creds.key } });
    // A chunked body (no Content-Length) is read the same way.
    const chunked = await send(port, 'PUT', '/up', { ...(await signed(port, 'PUT', '/up', 'abc')), 'Transfer-Encoding': 'chunked' }, 'abc');
    expect(chunked.status).toBe(200);
  });

  it('refuses a changed body, path or query, and an unsigned request', async () => {
    const headers = await signed(port, 'POST', '/orders?a=1', '{"n":1}');
    const cases: [string, string][] = [['/orders?a=1', '{"n":2}'], ['/orders/x?a=1', '{"n":1}'], ['/orders?a=2', '{"n":1}']];
    for (const [path, body] of cases) {
      expect(await send(port, 'POST', path, { ...headers, 'Content-Length': String(body.length) }, body)).toEqual({ status: 401, json: { reason: 'signature-mismatch' } });
    }
    expect(await send(port, 'GET', '/orders', { host: `127.0.0.1:${port}` })).toEqual({ status: 401, json: { reason: 'missing-signature' } });
  });

  it('answers 413 and closes the connection on a body over 12 MiB instead of reading it all', async () => {
    const big = new Uint8Array(12 * MiB + 1);
    const headers = await signed(port, 'POST', '/orders', big);
    const outcome = await send(port, 'POST', '/orders', { ...headers, 'Content-Length': String(big.length) }, big).then(
      (a) => a.status,
      (e: NodeJS.ErrnoException) => e.code,
    );
    // The 413 arrives while the client is still writing, so the client may see the closed socket first.
    expect([413, 'EPIPE', 'ECONNRESET']).toContain(outcome);
    let open = -1;
    for (let i = 0; i < 50 && open !== 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      open = await new Promise<number>((resolve) => server.getConnections((_, n) => resolve(n)));
    }
    expect(open).toBe(0); // no connection left hanging
  }, 30_000);
});

describe('README: verify with Express (express.raw stand-in)', () => {
  let port: number;
  let bodies: unknown[];
  beforeAll(async () => {
    const mini = miniExpress();
    bodies = mini.bodies;
    await new AsyncFunction('express', 'verifyRequest', 'secrets', readmeSnippets().express)(mini.express, verifyRequest, secrets);
    port = await listen(mini.listener);
  });

  it('verifies a POST without a body, where Express 4 leaves req.body = {}', async () => {
    bodies.length = 0;
    const res = await sendWithoutBody(port, 'POST', '/orders?x=1', await signed(port, 'POST', '/orders?x=1'));
    expect(bodies).toEqual([{}]); // the trap: not a Buffer
    expect(res).toEqual({ status: 200, json: { key: creds.key, bytes: 0 } });
  });

  it('verifies bodies with and without Content-Type, and refuses a changed one', async () => {
    bodies.length = 0;
    const body = '{"order":42}';
    const typed = await signed(port, 'POST', '/orders', body, { 'Content-Type': 'application/json' });
    expect(await send(port, 'POST', '/orders', { ...typed, 'Content-Length': String(body.length) }, body)).toEqual({ status: 200, json: { key: creds.key, bytes: body.length } });
    const untyped = await signed(port, 'POST', '/orders', body);
    expect(untyped['Content-Type']).toBeUndefined();
    expect(await send(port, 'POST', '/orders', { ...untyped, 'Content-Length': String(body.length) }, body)).toEqual({ status: 200, json: { key: creds.key, bytes: body.length } });
    expect(bodies.map((b) => Buffer.isBuffer(b))).toEqual([true, true]);
    const changed = '{"order":43}';
    expect(await send(port, 'POST', '/orders', { ...typed, 'Content-Length': String(changed.length) }, changed)).toEqual({ status: 401, json: { reason: 'signature-mismatch' } });
  });
});
