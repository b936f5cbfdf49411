// createSignedFetch against a local gateway on 127.0.0.1 that verifies like APIG (verifyRequest) on a clock
// 20 minutes ahead of ours and answers in APIG's JSON error format (seed 003).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  createSignedFetch,
  credentialsFromEnv,
  formatSdkDate,
  verifyRequest,
  MAX_SIGNED_BODY_BYTES,
  type Credentials,
  type VerifyOptions,
} from '../src/apig/index.js';
import { expiredServerTime } from '../src/apig/signed-fetch.js';

const SKEW_MS = 20 * 60 * 1000;
const AK = 'HPUAL4HHHH3DJLRVJC0D';
const SK = 'mFh2yfTIz7bE7gB2hbWdQ5D6O3LtSBhwYZu6NkTo';
const SECRETS: Record<string, string> = { [AK]: SK };

interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  verdict: string;
}

interface GatewayMode {
  /** Extra verifyRequest options. */
  verify?: VerifyOptions;
  /** Answer `signature expired` without the server time in the message (the client must use Date). */
  expiredWithoutServerTime?: boolean;
}

let server: Server;
let base: string;
let received: Received[] = [];
let mode: GatewayMode = {};

const gatewayNow = () => new Date(Date.now() + SKEW_MS);

function apigError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify({ error_msg: message, error_code: code, request_id: 'fd65e2b0c5a1b8ad' }));
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks);
  const pairs: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  const now = gatewayNow();
  const result = await verifyRequest(
    { method: req.method!, url: req.url!, headers: pairs, body: new Uint8Array(body) },
    (key) => SECRETS[key],
    { now, maxBodyBytes: 32 * 1024 * 1024, ...mode.verify },
  );
  const record: Received = { method: req.method!, url: req.url!, headers: req.headers, body, verdict: result.ok ? 'ok' : result.reason };
  received.push(record);
  if (result.ok) {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({
      key: result.key,
      signedHeaders: result.signedHeaders,
      bodySha256: createHash('sha256').update(body).digest('hex'),
      bodyLength: body.length,
      contentType: req.headers['content-type'] ?? null,
      securityToken: req.headers['x-security-token'] ?? null,
    }));
    return;
  }
  const sdkDate = String(req.headers['x-sdk-date'] ?? '');
  switch (result.reason) {
    case 'expired':
      if (mode.expiredWithoutServerTime) {
        apigError(res, 401, 'APIG.0303', 'Incorrect app authentication information: signature expired', { Date: now.toUTCString() });
      } else {
        apigError(res, 401, 'APIG.0303', `Incorrect app authentication information: signature expired, signature time:${sdkDate},server time:${formatSdkDate(now)}`);
      }
      return;
    case 'signature-mismatch':
      apigError(res, 401, 'APIG.0303', `Incorrect app authentication information: verify signature fail, canonicalRequest:${(result.canonicalRequest ?? '').split('\n').join('|')}`);
      return;
    case 'unknown-key':
      apigError(res, 401, 'APIG.0303', 'Incorrect app authentication information: app not found, appkey ' + 'x'.repeat(4));
      return;
    default:
      apigError(res, 401, 'APIG.0303', `Incorrect app authentication information: ${result.message}`);
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    handle(req, res).catch((e) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  received = [];
  mode = {};
});

const creds: Credentials = { key: AK, secret: SK };
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

describe('createSignedFetch against a gateway 20 minutes ahead', () => {
  it('first call succeeds after exactly one retry, the next call needs none', async () => {
    const hcFetch = createSignedFetch(creds);
    expect(hcFetch.clockOffsetMs).toBe(0);
    const res = await hcFetch(`${base}/v1/0f1e2d3c/vpcs?limit=2&marker=13551d6b`);
    expect(res.status).toBe(200);
    expect((await res.json()).key).toBe(AK);
    expect(received.map((r) => r.verdict)).toEqual(['expired', 'ok']);
    // Learned for this origin only; the server time in the message has 1 s resolution.
    expect(hcFetch.clockOffsetMs).toBe(0);
    expect([...hcFetch.clockOffsets.keys()]).toEqual([new URL(base).origin]);
    expect(Math.abs(hcFetch.clockOffsets.get(new URL(base).origin)! - SKEW_MS)).toBeLessThan(3000);

    received = [];
    const res2 = await hcFetch(`${base}/v1/0f1e2d3c/vpcs`, { headers: { 'Content-Type': 'application/json' } });
    expect(res2.status).toBe(200);
    expect(received.map((r) => r.verdict)).toEqual(['ok']);
    // The X-Sdk-Date sent is on the gateway's clock.
    const sent = String(received[0]!.headers['x-sdk-date']);
    expect(Math.abs(Date.parse(sent.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z')) - gatewayNow().getTime())).toBeLessThan(3000);
  });

  it('does not retry an expired answer without the server time in the message (nor learn from its Date header)', async () => {
    mode = { expiredWithoutServerTime: true };
    const hcFetch = createSignedFetch(creds);
    const res = await hcFetch(`${base}/v1/items`);
    expect(res.status).toBe(401);
    expect(received.map((r) => r.verdict)).toEqual(['expired']);
    expect(hcFetch.clockOffsets.size).toBe(0);
  });

  it("clockSkew 'off' never retries and returns the gateway's answer", async () => {
    const hcFetch = createSignedFetch(creds, { clockSkew: 'off' });
    const res = await hcFetch(`${base}/v1/items`);
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.error_code).toBe('APIG.0303');
    expect(body.error_msg).toMatch(/signature expired, signature time:\d{8}T\d{6}Z,server time:\d{8}T\d{6}Z$/);
    expect(received.length).toBe(1);
    expect(hcFetch.clockOffsets.size).toBe(0);
  });

  it('a wrong secret produces exactly one request (verify signature fail is never retried)', async () => {
    const hcFetch = createSignedFetch({ key: AK, secret: SK + 'x' });
    hcFetch.clockOffsetMs = SKEW_MS; // a clock that is already right: the only failure is the signature
    const res = await hcFetch(`${base}/v1/items`, { method: 'POST', body: '{"a":1}' });
    expect(res.status).toBe(401);
    expect((await res.json()).error_msg).toContain('verify signature fail, canonicalRequest:POST|/v1/items/|');
    expect(received.map((r) => r.verdict)).toEqual(['signature-mismatch']);
  });

  it('a wrong secret on a skewed clock: one clock retry, then the signature failure is returned', async () => {
    const hcFetch = createSignedFetch({ key: AK, secret: SK + 'x' });
    const res = await hcFetch(`${base}/v1/items`);
    expect(res.status).toBe(401);
    expect((await res.json()).error_msg).toContain('verify signature fail');
    expect(received.map((r) => r.verdict)).toEqual(['expired', 'signature-mismatch']);
  });

  it('an unknown key is not retried', async () => {
    const hcFetch = createSignedFetch({ key: 'UNKNOWNKEY', secret: SK });
    hcFetch.clockOffsetMs = SKEW_MS;
    const res = await hcFetch(`${base}/v1/items`);
    expect(res.status).toBe(401);
    expect(received.map((r) => r.verdict)).toEqual(['unknown-key']);
  });

  it('a request carrying its own X-Sdk-Date is not retried (the retry would be identical)', async () => {
    const hcFetch = createSignedFetch(creds);
    const res = await hcFetch(`${base}/v1/items`, { headers: { 'X-Sdk-Date': formatSdkDate(new Date()) } });
    expect(res.status).toBe(401);
    expect(received.map((r) => r.verdict)).toEqual(['expired']);
  });

  it('a Request with a binary body works, and the bytes arrive unchanged', async () => {
    const hcFetch = createSignedFetch(creds);
    hcFetch.clockOffsetMs = SKEW_MS;
    const bytes = new Uint8Array(512);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + 3) & 0xff;
    const req = new Request(`${base}/v1/objects/a%20b/%E4%B8%80?x=a+b&y=%2F&z=&w`, {
      method: 'PUT',
      body: bytes,
      headers: { 'Content-Type': 'application/octet-stream', 'X-Custom': '  spaced  value ' },
    });
    const res = await hcFetch(req);
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out.bodySha256).toBe(sha256(bytes));
    expect(out.signedHeaders).toEqual(['content-type', 'host', 'x-custom', 'x-sdk-date']);
    expect(received.length).toBe(1);
    expect(received[0]!.url).toBe('/v1/objects/a%20b/%E4%B8%80?x=a+b&y=%2F&z=&w');
    expect(received[0]!.method).toBe('PUT');
  });

  it('securityToken, projectId and domainId arrive as signed headers; a credentials function is called per request', async () => {
    let calls = 0;
    const hcFetch = createSignedFetch(async () => {
      calls++;
      return { key: AK, secret: SK, securityToken: `token-${calls}`, projectId: '0f1e2d3c4b5a', domainId: 'd0m41n' };
    });
    hcFetch.clockOffsetMs = SKEW_MS;
    const res = await hcFetch(`${base}/v3/auth/projects`);
    expect(res.status).toBe(200);
    const out = await res.json();
    expect(out.signedHeaders).toEqual(['host', 'x-domain-id', 'x-project-id', 'x-sdk-date', 'x-security-token']);
    expect(out.securityToken).toBe('token-1');
    expect(received[0]!.headers['x-project-id']).toBe('0f1e2d3c4b5a');
    expect(received[0]!.headers['x-domain-id']).toBe('d0m41n');
    const res2 = await hcFetch(`${base}/v3/auth/projects`);
    expect((await res2.json()).securityToken).toBe('token-2');
  });

  it('a synchronous credentials function works too: called once per request (not again for the clock retry)', async () => {
    let calls = 0;
    const hcFetch = createSignedFetch(() => {
      calls++;
      return { key: AK, secret: SK, securityToken: `sync-${calls}` };
    });
    // Clock not yet learned: the first request is answered `signature expired`, then re-signed once.
    const res = await hcFetch(`${base}/v1/items`);
    expect(res.status).toBe(200);
    expect((await res.json()).securityToken).toBe('sync-1');
    expect(received.map((r) => r.verdict)).toEqual(['expired', 'ok']);
    expect(calls).toBe(1);
    const res2 = await hcFetch(`${base}/v1/items`);
    expect((await res2.json()).securityToken).toBe('sync-2');
    expect(calls).toBe(2);
    // A function returning nothing is a typed error, not a request.
    const empty = createSignedFetch((() => undefined) as unknown as () => Credentials);
    await expect(empty(`${base}/v1/items`)).rejects.toMatchObject({ code: 'ERR_MISSING_CREDENTIALS' });
    expect(received.length).toBe(3);
  });

  it('credentialsFromEnv feeds createSignedFetch', async () => {
    const hcFetch = createSignedFetch(credentialsFromEnv({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_SECURITY_TOKEN: 'sts' }));
    const res = await hcFetch(`${base}/v1/items`);
    expect(res.status).toBe(200);
    expect((await res.json()).securityToken).toBe('sts');
  });

  it('string, URLSearchParams, FormData, Blob and stream bodies are signed as sent, with the generated Content-Type', async () => {
    const hcFetch = createSignedFetch(creds);
    hcFetch.clockOffsetMs = SKEW_MS;

    let res = await hcFetch(`${base}/s`, { method: 'POST', body: '{"name":"vpc-1 ü"}' });
    let out = await res.json();
    expect(res.status).toBe(200);
    expect(out.bodySha256).toBe(sha256('{"name":"vpc-1 ü"}'));
    expect(out.contentType).toBe('text/plain;charset=UTF-8');
    expect(out.signedHeaders).toContain('content-type');

    res = await hcFetch(`${base}/u`, { method: 'POST', body: new URLSearchParams({ a: '1 2', b: 'ü&=' }) });
    out = await res.json();
    expect(res.status).toBe(200);
    expect(out.bodySha256).toBe(sha256('a=1+2&b=%C3%BC%26%3D'));
    expect(out.contentType).toBe('application/x-www-form-urlencoded;charset=UTF-8');

    const form = new FormData();
    form.append('name', 'report');
    form.append('file', new Blob([new Uint8Array([0, 1, 2, 255])], { type: 'application/octet-stream' }), 'r.bin');
    res = await hcFetch(`${base}/f`, { method: 'POST', body: form });
    out = await res.json();
    expect(res.status).toBe(200);
    expect(out.contentType).toMatch(/^multipart\/form-data; boundary=/);
    const sent = received.at(-1)!;
    const boundary = String(sent.headers['content-type']).split('boundary=')[1]!;
    expect(sent.body.toString('latin1')).toContain(`--${boundary}\r\nContent-Disposition: form-data; name="name"\r\n\r\nreport\r\n`);
    expect(out.bodySha256).toBe(sha256(sent.body));

    res = await hcFetch(`${base}/b`, { method: 'POST', body: new Blob(['blob body'], { type: 'text/csv' }) });
    out = await res.json();
    expect(res.status).toBe(200);
    expect(out.bodySha256).toBe(sha256('blob body'));
    expect(out.contentType).toBe('text/csv');

    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new TextEncoder().encode('chunk-1,'));
        c.enqueue(new TextEncoder().encode('chunk-2'));
        c.close();
      },
    });
    res = await hcFetch(`${base}/st`, { method: 'POST', body: stream });
    out = await res.json();
    expect(res.status).toBe(200);
    expect(out.bodySha256).toBe(sha256('chunk-1,chunk-2'));
    expect(received.every((r) => r.verdict === 'ok')).toBe(true);
  });

  it('a body over 12 MiB is sent with UNSIGNED-PAYLOAD; one at the limit is hashed', async () => {
    const hcFetch = createSignedFetch(creds);
    hcFetch.clockOffsetMs = SKEW_MS;
    const big = new Uint8Array(MAX_SIGNED_BODY_BYTES + 1).fill(0x61);
    let res = await hcFetch(`${base}/upload`, { method: 'PUT', body: big });
    expect(res.status).toBe(200);
    let out = await res.json();
    expect(out.bodyLength).toBe(big.length);
    expect(out.signedHeaders).toContain('x-sdk-content-sha256');
    expect(received.at(-1)!.headers['x-sdk-content-sha256']).toBe('UNSIGNED-PAYLOAD');

    res = await hcFetch(`${base}/upload`, { method: 'PUT', body: big.subarray(0, MAX_SIGNED_BODY_BYTES) });
    out = await res.json();
    expect(res.status).toBe(200);
    expect(out.signedHeaders).not.toContain('x-sdk-content-sha256');
  }, 30_000);

  it('unsignedPayload signs any body as UNSIGNED-PAYLOAD', async () => {
    const hcFetch = createSignedFetch(creds, { unsignedPayload: true });
    hcFetch.clockOffsetMs = SKEW_MS;
    const res = await hcFetch(`${base}/upload`, { method: 'POST', body: 'small' });
    expect(res.status).toBe(200);
    expect(received[0]!.headers['x-sdk-content-sha256']).toBe('UNSIGNED-PAYLOAD');
  });

  it('SDK-HMAC-SM3 end to end, with the clock retry, against a gateway that accepts only SM3', async () => {
    mode = { verify: { algorithms: ['SDK-HMAC-SM3'] } };
    const hcFetch = createSignedFetch(creds, { algorithm: 'SDK-HMAC-SM3' });
    const res = await hcFetch(`${base}/v1/items?b=2&a=1`, { method: 'POST', body: '{"sm3":true}', headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(200);
    expect(received.map((r) => r.verdict)).toEqual(['expired', 'ok']);
    expect(String(received[1]!.headers.authorization)).toMatch(/^SDK-HMAC-SM3 Access=HPUAL4HHHH3DJLRVJC0D, SignedHeaders=content-type;host;x-sdk-date, Signature=[0-9a-f]{64}$/);

    received = [];
    const sha = createSignedFetch(creds);
    sha.clockOffsetMs = SKEW_MS;
    const refused = await sha(`${base}/v1/items`);
    expect(refused.status).toBe(401);
    expect((await refused.json()).error_msg).toContain('"SDK-HMAC-SHA256" is not accepted here');
    expect(received.map((r) => r.verdict)).toEqual(['malformed-authorization']);
  });

  it('the v3 Java header rule and V11 go through as well', async () => {
    const java = createSignedFetch(creds, { headerRule: 'v3-java' });
    java.clockOffsetMs = SKEW_MS;
    let res = await java(`${base}/v1/x`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', 'X_Under': '1' } });
    expect(res.status).toBe(200);
    expect((await res.json()).signedHeaders).toEqual(['host', 'x-sdk-date']);

    const v11 = createSignedFetch(creds, { algorithm: 'V11-HMAC-SHA256', region: 'region-id-1', service: 'vpc' });
    v11.clockOffsetMs = SKEW_MS;
    res = await v11(`${base}/v1/x`);
    expect(res.status).toBe(200);
    expect(String(received.at(-1)!.headers.authorization)).toMatch(/^V11-HMAC-SHA256 Credential=HPUAL4HHHH3DJLRVJC0D\/\d{8}\/region-id-1\/vpc, /);
  });

  it('uses options.fetch and hands it one signed Request', async () => {
    const seen: Request[] = [];
    const hcFetch = createSignedFetch(creds, {
      fetch: (r) => {
        seen.push(r);
        return fetch(r);
      },
    });
    const res = await hcFetch(new URL(`${base}/v1/items?q=1`), { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(seen.length).toBe(2);
    expect(seen[0]!.method).toBe('DELETE');
    expect(seen[1]!.headers.get('authorization')).toMatch(/^SDK-HMAC-SHA256 Access=HPUAL4HHHH3DJLRVJC0D, SignedHeaders=host;x-sdk-date, /);
    expect(seen[0]!.headers.get('x-sdk-date')).not.toBe(seen[1]!.headers.get('x-sdk-date'));
  });

  it('a Host header is neither signed nor sent: fetch sends the URL host, which is what is signed', async () => {
    const hcFetch = createSignedFetch(creds);
    hcFetch.clockOffsetMs = SKEW_MS;
    const res = await hcFetch(`${base}/v1/h`, { headers: { Host: 'api.example.com' } });
    expect(res.status).toBe(200);
    expect(received.map((r) => [r.verdict, r.headers.host])).toEqual([['ok', new URL(base).host]]);
  });

  it('keeps the caller\'s referrer policy on what it sends', async () => {
    const seen: Request[] = [];
    const hcFetch = createSignedFetch(creds, { fetch: async (r) => (seen.push(r), new Response('ok')) });
    await hcFetch(`${base}/r`, { referrerPolicy: 'no-referrer', referrer: '' });
    expect([seen[0]!.referrerPolicy, seen[0]!.referrer]).toEqual(['no-referrer', '']);
  });

  it('an abort rejects with its reason, before the credentials are asked for and while the body is read', async () => {
    let asked = 0;
    const provider = () => (asked++, creds);
    const sent: Request[] = [];
    const hcFetch = createSignedFetch(provider, { fetch: async (r) => (sent.push(r), new Response('ok')) });
    const reason = new Error('stop');
    await expect(hcFetch(`${base}/a`, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(asked).toBe(0);
    // A stream body that never ends: the abort must still end the call.
    const ac = new AbortController();
    const never = new ReadableStream({ pull: () => new Promise(() => undefined) });
    const pending = hcFetch(`${base}/a`, { method: 'POST', body: never, signal: ac.signal });
    setTimeout(() => ac.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
    expect(sent.length).toBe(0);
  });

  it('an abort while the expired answer is read rejects instead of handing back the 401', async () => {
    const ac = new AbortController();
    const reason = new Error('stop');
    const hcFetch = createSignedFetch(creds, {
      fetch: async () => {
        // An APIG 401 whose body arrives slowly; the caller aborts meanwhile.
        const body = new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode('{"error_code":"APIG.0303","error_msg":"Incorrect app authentication information: signature expired'));
            setTimeout(() => ac.abort(reason), 20);
          },
        });
        return new Response(body, { status: 401, headers: { 'Content-Type': 'application/json' } });
      },
    });
    await expect(hcFetch(`${base}/e`, { signal: ac.signal })).rejects.toBe(reason);
  });

  it('other answers come back as soon as their headers do, and a backend\'s own "signature expired" is not retried', async () => {
    let calls = 0;
    const open = () => new ReadableStream({ pull: () => new Promise(() => undefined) });
    const slow = createSignedFetch(creds, { fetch: async () => (calls++, new Response(open(), { status: 404 })) });
    const res = await slow(`${base}/s`);
    expect([res.status, calls]).toEqual([404, 1]);
    const jwt = createSignedFetch(creds, {
      fetch: async () => (calls++, Response.json({ error_code: 'SVC.0401', error_msg: 'JWT signature expired' }, { status: 401, headers: { Date: new Date().toUTCString() } })),
    });
    calls = 0;
    expect((await jwt(`${base}/j`, { method: 'POST', body: 'x' })).status).toBe(401);
    expect([calls, jwt.clockOffsets.size]).toEqual([1, 0]);
  });

  it('concurrent calls after learning the offset need no retry', async () => {
    const hcFetch = createSignedFetch(creds);
    await hcFetch(`${base}/warm`);
    received = [];
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => hcFetch(`${base}/p/${i}`)));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(received.length).toBe(8);
  });
});

describe('expiredServerTime', () => {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

  it("reads the server time from seed 003's message", async () => {
    const t = await expiredServerTime(json(401, {
      error_msg: 'Incorrect app authentication information: signature expired, signature time:20230527T000431Z,server time:20230527T020608Z',
      error_code: 'APIG.0303',
      request_id: 'fd65***b8ad',
    }));
    expect(t).toBe(Date.UTC(2023, 4, 27, 2, 6, 8));
  });

  it('reads only APIG\'s own expired message: never the Date header, never the words elsewhere', async () => {
    const expired = 'Incorrect app authentication information: signature expired, signature time:20230527T000431Z,server time:20230527T020608Z';
    // Tied to the request sent: its signature time must be our X-Sdk-Date.
    expect(await expiredServerTime(json(401, { error_msg: expired, error_code: 'APIG.0303' }), '20230527T000431Z')).toBe(Date.UTC(2023, 4, 27, 2, 6, 8));
    expect(await expiredServerTime(json(401, { error_msg: expired, error_code: 'APIG.0303' }), '20230527T000432Z')).toBeUndefined();
    expect(await expiredServerTime(json(401, { error_msg: expired.replace('app', 'IAM'), error_code: 'APIG.0301' }))).toBe(Date.UTC(2023, 4, 27, 2, 6, 8));
    expect(await expiredServerTime(json(401, { error_msg: 'signature expired', error_code: 'APIG.0303' }, { Date: 'Sat, 27 May 2023 02:06:08 GMT' }))).toBeUndefined();
    expect(await expiredServerTime(json(401, { error_msg: 'signature expired', error_code: 'APIG.0303' }))).toBeUndefined();
    expect(await expiredServerTime(json(401, {
      error_msg: 'Incorrect app authentication information: verify signature fail, canonicalRequest:GET|/test/|',
      error_code: 'APIG.0303',
    }, { Date: 'Sat, 27 May 2023 02:06:08 GMT' }))).toBeUndefined();
    // APIG echoes header values in its verify-signature-fail message: the expired words inside it are not the expired answer.
    expect(await expiredServerTime(json(401, {
      error_msg: `Incorrect app authentication information: verify signature fail, canonicalRequest:GET|/|x-note:${expired.slice(42)}|`,
      error_code: 'APIG.0303',
    }))).toBeUndefined();
    expect(await expiredServerTime(json(401, { error_msg: expired + ' ', error_code: 'APIG.0303' }))).toBeUndefined();
    expect(await expiredServerTime(json(401, { error_msg: expired, error_code: 'APIG.0304' }))).toBeUndefined();
    expect(await expiredServerTime(json(401, { error_msg: 'Incorrect IAM authentication information: verify aksk signature fail, .....', error_code: 'APIG.0301' }))).toBeUndefined();
    expect(await expiredServerTime(json(200, { error_msg: expired, error_code: 'APIG.0303' }))).toBeUndefined();
    expect(await expiredServerTime(new Response('x'.repeat(70 * 1024) + 'signature expired', { status: 401 }))).toBeUndefined();
    expect(await expiredServerTime(json(403, { error_msg: expired, error_code: 'APIG.0303' }))).toBeUndefined();
    expect(await expiredServerTime(json(401, { error_msg: 'JWT signature expired', error_code: 'SVC.0401' }, { Date: 'Sat, 27 May 2023 02:06:08 GMT' }))).toBeUndefined();
    expect(await expiredServerTime(json(401, { error_msg: 'signature expired' }, { Date: 'Sat, 27 May 2023 02:06:08 GMT' }))).toBeUndefined();
    // Not JSON: not APIG's answer.
    expect(await expiredServerTime(new Response(expired, { status: 401 }))).toBeUndefined();
  });
});
