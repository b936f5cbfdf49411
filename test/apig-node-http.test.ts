// docs/apig.md's Express example, taken from the page as written and run (express is not a dependency)
// with a stand-in for express.raw that does what body-parser 1.x (Express 4) does, `req.body = {}` for a
// request without a body included, mounted on a real node:http server. The node:http example is
// examples/verify-server.mjs, run by test/examples.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { signRequest, verifyRequest } from '../src/apig/index.js';

const creds = { key: 'QTWAOYTTINDUT2QVKYUC', secret: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
const secrets = new Map([[creds.key, creds.secret]]);
const MiB = 1024 * 1024;

const PRELUDE = `const { SIGN_KEY, SIGN_SECRET, PORT = '8080' } = process.env;
if (!SIGN_KEY || !SIGN_SECRET) {
  console.error('Set SIGN_KEY and SIGN_SECRET: the sign_key and sign_secret of the signature key bound to your API.');
  process.exit(1);
}
const secrets = new Map([[SIGN_KEY, SIGN_SECRET]]);
`;

/** The js block of docs/apig.md's Express section, without its import lines and its reading of the environment (checked, then supplied). */
function expressSnippet(): string {
  const doc = readFileSync(new URL('../docs/apig.md', import.meta.url), 'utf8');
  const start = doc.indexOf('## Verify with Express');
  const end = doc.indexOf('\n## ', start + 1);
  const blocks = [...doc.slice(start, end).matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks).toHaveLength(1);
  const lines = blocks[0]!.split('\n');
  expect(lines.filter((l) => l.startsWith('import '))).toEqual(["import express from 'express';", "import { verifyRequest } from 'huaweicloud-signer/apig';"]);
  const code = lines.filter((l) => !l.startsWith('import ')).join('\n');
  expect(code).toContain(PRELUDE);
  expect(code).toContain("app.listen(Number(PORT), '127.0.0.1');");
  return code.replace(PRELUDE, '').replace("app.listen(Number(PORT), '127.0.0.1');", '');
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

describe('docs/apig.md: verify with Express (express.raw stand-in)', () => {
  let port: number;
  let bodies: unknown[];
  beforeAll(async () => {
    const mini = miniExpress();
    bodies = mini.bodies;
    await new AsyncFunction('express', 'verifyRequest', 'secrets', expressSnippet())(mini.express, verifyRequest, secrets);
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
