// Attack: createSignedFetch under hostile answers and redirects. Only APIG's own expired answer is
// retried; the learned clock offset cannot be poisoned; no credential leaves for another origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSignedFetch, formatSdkDate, verifyRequest } from '../../src/apig/index.js';

const creds = { key: 'AK-FETCH', secret: 'SK-FETCH', securityToken: 'STS-TOKEN', projectId: 'proj-1' };
const resolve = (k: string) => (k === creds.key ? creds.secret : undefined);

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => unknown;
interface Host { server: Server; origin: string; handler: Handler; seen: { url: string; headers: IncomingMessage['headers']; method: string }[] }
async function host(): Promise<Host> {
  const h = { handler: (() => undefined) as Handler, seen: [] } as unknown as Host;
  h.server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    h.seen.push({ url: req.url!, headers: req.headers, method: req.method! });
    await h.handler(req, res, Buffer.concat(chunks));
  });
  await new Promise<void>((r) => h.server.listen(0, '127.0.0.1', r));
  h.origin = `http://127.0.0.1:${(h.server.address() as AddressInfo).port}`;
  return h;
}
const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const verified = async (req: IncomingMessage, origin: string, body: Buffer) =>
  verifyRequest({ method: req.method!, url: origin + req.url, headers: req.headers as Record<string, string>, body }, resolve);

let a: Host;
let b: Host;
beforeAll(async () => {
  a = await host();
  b = await host();
});
afterAll(() => {
  a.server.close();
  b.server.close();
});
const reset = () => {
  a.seen = [];
  b.seen = [];
};

describe('retry only on APIG\'s own expired answer', () => {
  it('a header value echoed into "verify signature fail" is never read as expired (one request, no retry)', async () => {
    reset();
    a.handler = (req, res) => {
      // APIG echoes header values in its canonical request: here one that spells out the expired message.
      json(res, 401, {
        error_code: 'APIG.0303',
        error_msg: `Incorrect app authentication information: verify signature fail, canonicalRequest:GET|/|x-note:${req.headers['x-note']}|`,
      });
    };
    const hcFetch = createSignedFetch(creds);
    const note = `signature expired, signature time:${formatSdkDate(new Date())},server time:20300101T000000Z`;
    const res = await hcFetch(`${a.origin}/v1/x`, { headers: { 'X-Note': note } });
    expect(res.status).toBe(401);
    expect(a.seen.length).toBe(1);
    expect(hcFetch.clockOffsets.size).toBe(0);
  });

  it('an expired answer naming another signature time is not about this request: not retried', async () => {
    reset();
    a.handler = (_req, res) => json(res, 401, { error_code: 'APIG.0303', error_msg: 'Incorrect app authentication information: signature expired, signature time:20000101T000000Z,server time:20300101T000000Z' });
    const hcFetch = createSignedFetch(creds);
    expect((await hcFetch(`${a.origin}/v1/x`)).status).toBe(401);
    expect(a.seen.length).toBe(1);
  });
});

describe('the learned clock offset cannot be poisoned', () => {
  const expiredWith = (serverTime: string): Handler => (req, res) =>
    json(res, 401, { error_code: 'APIG.0303', error_msg: `Incorrect app authentication information: signature expired, signature time:${req.headers['x-sdk-date']},server time:${serverTime}` });

  it('a server time decades away (or in year 9999) is ignored, and later calls still work', async () => {
    for (const serverTime of ['99991231T235959Z', '19700101T000000Z', formatSdkDate(new Date(Date.now() + 25 * 3600_000))]) {
      reset();
      a.handler = expiredWith(serverTime);
      const hcFetch = createSignedFetch(creds);
      expect((await hcFetch(`${a.origin}/v1/x`)).status).toBe(401);
      expect(a.seen.length).toBe(1);
      expect(hcFetch.clockOffsets.size).toBe(0);
      a.handler = async (req, res, body) => json(res, (await verified(req, a.origin, body)).ok ? 200 : 401, {});
      expect((await hcFetch(`${a.origin}/v1/x`)).status).toBe(200);
    }
  });

  it('is learned per origin: one origin\'s answer does not move another\'s clock', async () => {
    reset();
    const ahead = formatSdkDate(new Date(Date.now() + 20 * 60_000));
    let first = true;
    a.handler = async (req, res, body) => {
      if (first) {
        first = false;
        return expiredWith(ahead)(req, res, body);
      }
      json(res, 200, {});
    };
    b.handler = (_req, res) => json(res, 200, { date: _req.headers['x-sdk-date'] });
    const hcFetch = createSignedFetch(creds);
    expect((await hcFetch(`${a.origin}/v1/x`)).status).toBe(200);
    expect(a.seen.length).toBe(2);
    expect([...hcFetch.clockOffsets.keys()]).toEqual([a.origin]);
    const other = await (await hcFetch(`${b.origin}/v1/y`)).json();
    // b is signed on the local clock, not a's.
    expect(Math.abs(Date.parse(String(other.date).replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')) - Date.now())).toBeLessThan(5000);
  });
});

describe('redirects', () => {
  const CREDENTIAL_HEADERS = ['authorization', 'x-sdk-date', 'x-security-token', 'x-project-id', 'x-domain-id', 'x-sdk-content-sha256'];

  it('to another origin: followed without any credential header', async () => {
    reset();
    a.handler = (_req, res) => { res.writeHead(307, { Location: `${b.origin}/elsewhere?x=1` }); res.end(); };
    b.handler = (_req, res) => json(res, 200, { ok: true });
    const hcFetch = createSignedFetch(creds);
    const res = await hcFetch(`${a.origin}/v1/x`, { method: 'POST', body: 'payload', headers: { 'X-Custom': 'kept' } });
    expect(res.status).toBe(200);
    expect(b.seen.length).toBe(1);
    for (const name of CREDENTIAL_HEADERS) expect(b.seen[0]!.headers[name], name).toBeUndefined();
    expect(b.seen[0]!.headers['x-custom']).toBe('kept');
    expect(a.seen[0]!.headers['x-security-token']).toBe('STS-TOKEN');
  });

  it('on the same origin: signed again for the new target, and the signature verifies there', async () => {
    reset();
    a.handler = async (req, res, body) => {
      if (req.url === '/v1/old') {
        res.writeHead(301, { Location: '/v1/new?page=2' });
        return res.end();
      }
      const r = await verified(req, a.origin, body);
      json(res, r.ok ? 200 : 401, r);
    };
    const hcFetch = createSignedFetch(creds);
    const res = await hcFetch(`${a.origin}/v1/old`);
    expect(res.status).toBe(200);
    expect(a.seen.map((s) => s.url)).toEqual(['/v1/old', '/v1/new?page=2']);
  });

  it('303 turns a POST into a GET without its body; redirect: "error" and "manual" behave as fetch', async () => {
    reset();
    a.handler = async (req, res, body) => {
      if (req.url === '/v1/form') {
        res.writeHead(303, { Location: '/v1/done' });
        return res.end();
      }
      json(res, (await verified(req, a.origin, body)).ok ? 200 : 401, { method: req.method, length: body.length });
    };
    const hcFetch = createSignedFetch(creds);
    const res = await hcFetch(`${a.origin}/v1/form`, { method: 'POST', body: 'x=1', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(await res.json()).toEqual({ method: 'GET', length: 0 });
    await expect(hcFetch(`${a.origin}/v1/form`, { method: 'POST', body: 'x', redirect: 'error' })).rejects.toThrow(TypeError);
    const manual = await hcFetch(`${a.origin}/v1/form`, { method: 'POST', body: 'x', redirect: 'manual' });
    expect(manual.status).toBe(303);
  });

  it('where the runtime hides the target (a browser\'s opaque redirect), the call rejects instead of following blind', async () => {
    const opaque = new Response(null, { status: 200 });
    Object.defineProperty(opaque, 'type', { value: 'opaqueredirect' });
    const sent: Request[] = [];
    const hcFetch = createSignedFetch(creds, { fetch: async (r) => (sent.push(r), opaque) });
    await expect(hcFetch('https://api.example.com/v1/x')).rejects.toMatchObject({ code: 'ERR_UNSUPPORTED' });
    expect(sent.length).toBe(1);
    expect(sent[0]!.redirect).toBe('manual');
  });

  it('a redirect loop ends after 20 hops with a TypeError, as fetch', async () => {
    reset();
    a.handler = (_req, res) => { res.writeHead(302, { Location: '/v1/loop' }); res.end(); };
    await expect(createSignedFetch(creds)(`${a.origin}/v1/loop`)).rejects.toThrow(TypeError);
    expect(a.seen.length).toBe(21);
  });
});
