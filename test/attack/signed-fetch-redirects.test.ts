// Attack (found by a review of the first fix): createSignedFetch's own redirect follower. (1) Once a chain has left the caller's origin, a
// foreign host can send it back to ANY path on that origin and gets a freshly signed request for it (a
// signing oracle: fetch itself never re-adds credentials after a cross-origin hop). (2) On a cross-origin
// hop it forwards Cookie and Proxy-Authorization, which fetch's own redirect handling strips.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSignedFetch, verifyRequest } from '../../src/apig/index.js';

const creds = { key: 'AK-REVIEW', secret: 'SK-REVIEW', securityToken: 'STS-TOKEN' };
const resolve = (k: string) => (k === creds.key ? creds.secret : undefined);

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => unknown;
interface Host { server: Server; origin: string; handler: Handler; seen: { url: string; headers: IncomingMessage['headers']; method: string; body: string }[] }
async function host(): Promise<Host> {
  const h = { handler: (() => undefined) as Handler, seen: [] } as unknown as Host;
  h.server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    h.seen.push({ url: req.url!, headers: req.headers, method: req.method!, body: body.toString() });
    await h.handler(req, res, body);
  });
  await new Promise<void>((r) => h.server.listen(0, '127.0.0.1', r));
  h.origin = `http://127.0.0.1:${(h.server.address() as AddressInfo).port}`;
  return h;
}

let api: Host; // the Huawei Cloud endpoint the caller targets
let evil: Host; // any host a redirect chain passes through
beforeAll(async () => {
  api = await host();
  evil = await host();
});
afterAll(() => {
  api.server.close();
  evil.server.close();
});

describe('redirects', () => {
  it('a foreign hop that redirects back to the origin must not obtain a valid signature for a path of its choosing', async () => {
    api.seen = [];
    evil.seen = [];
    let verdict: Awaited<ReturnType<typeof verifyRequest>> | undefined;
    api.handler = async (req, res, body) => {
      if (req.url === '/v1/exports/report') {
        // e.g. a download that lives on another host (or an http:// hop a network attacker answers)
        res.writeHead(307, { Location: `${evil.origin}/report` });
        return res.end();
      }
      verdict = await verifyRequest({ method: req.method!, url: api.origin + req.url, headers: req.headers as Record<string, string>, body }, resolve);
      res.writeHead(verdict.ok ? 200 : 401);
      res.end();
    };
    // The foreign host picks any target on the API origin; 307 keeps the method and the body.
    evil.handler = (_req, res) => {
      res.writeHead(307, { Location: `${api.origin}/v1/projects/victim/servers/delete-all?force=true` });
      res.end();
    };
    const hcFetch = createSignedFetch(creds);
    await hcFetch(`${api.origin}/v1/exports/report`, { method: 'POST', body: '{"ids":["a"]}' });
    const last = api.seen.at(-1)!;
    expect(last.url).toBe('/v1/projects/victim/servers/delete-all?force=true');
    // The caller never asked for this target: it must not arrive signed (fetch would send it unsigned).
    expect(verdict?.ok, 'the API accepted a signature made for the foreign host\'s chosen target').not.toBe(true);
    expect(last.headers.authorization).toBeUndefined();
    expect(last.headers['x-security-token']).toBeUndefined();
  });

  it('Cookie and Proxy-Authorization are not forwarded to another origin (plain fetch strips them)', async () => {
    api.handler = (_req, res) => {
      res.writeHead(302, { Location: `${evil.origin}/elsewhere` });
      res.end();
    };
    evil.handler = (_req, res) => {
      res.writeHead(200);
      res.end('ok');
    };
    const secretHeaders = { Cookie: 'SESSION=console-session', 'Proxy-Authorization': 'Basic cHJveHk6cGFzcw==' };

    // Control: the runtime's own fetch drops both on a cross-origin redirect.
    evil.seen = [];
    await fetch(`${api.origin}/v1/x`, { headers: secretHeaders });
    expect(evil.seen[0]!.headers.cookie).toBeUndefined();
    expect(evil.seen[0]!.headers['proxy-authorization']).toBeUndefined();

    evil.seen = [];
    await createSignedFetch(creds)(`${api.origin}/v1/x`, { headers: secretHeaders });
    expect(evil.seen.length).toBe(1);
    expect(evil.seen[0]!.headers.cookie).toBeUndefined();
    expect(evil.seen[0]!.headers['proxy-authorization']).toBeUndefined();
  });
});
