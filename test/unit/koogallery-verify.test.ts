import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Readable } from 'node:stream';
import { SignerError } from '../../src/errors.js';
import {
  NOTIFICATION_SCHEMES,
  authToken,
  createNonceStore,
  headerSignature,
  requestSignature,
  verifyNotification,
  type NonceStore,
  type VerifyOptions,
  type VerifyResult,
} from '../../src/koogallery/index.js';

const AK = 'ebf72724-bacc-414b-a86b-fda5bcc8153c';
const NOW = 1_716_363_778_801;
const BODY = '{"activity":"newInstance","buyerInfo":{"customerName":"张三","mobilePhone":"Ab3d+/=="},"testFlag":"1"}';
const BASE = 'https://isv.example.com/produce';
let counter = 0;
const freshNonce = () => `nonce-${Date.now()}-${++counter}`;

// Every failure message the suite sees: none may contain the accessKey.
const messages: string[] = [];
async function verify(request: Parameters<typeof verifyNotification>[0], options: VerifyOptions = {}, key = AK): Promise<VerifyResult> {
  const result = await verifyNotification(request, key, { now: NOW, nonceStore: createNonceStore(), ...options });
  if (!result.ok) messages.push(result.message);
  return result;
}
const outcome = (r: VerifyResult) => (r.ok ? `ok ${r.scheme}` : r.reason);
const verifyOuter = (request: Parameters<typeof verifyNotification>[0], options: VerifyOptions = {}) => verify(request, options);

async function headerCall(opts: { body?: string | Uint8Array; nonce?: string; timestamp?: string; key?: string } = {}) {
  const body = opts.body ?? BODY;
  const nonce = opts.nonce ?? freshNonce();
  const timestamp = opts.timestamp ?? String(NOW);
  const sign = await headerSignature({ accessKey: opts.key ?? AK, nonce, timestamp, body });
  return { url: BASE, headers: { 'x-sign': sign, 'x-timestamp': timestamp, 'x-nonce': nonce }, body, nonce, sign, timestamp };
}

async function urlCall(opts: { body?: string; nonce?: string; timestamp?: string } = {}) {
  const body = opts.body ?? BODY;
  const nonce = opts.nonce ?? freshNonce();
  const timestamp = opts.timestamp ?? String(NOW);
  const signature = await requestSignature({ accessKey: AK, nonce, timestamp, body });
  return { url: `${BASE}?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, body, nonce, signature, timestamp };
}

describe('request shapes', () => {
  it('headers in a Map are found whatever the case of their names', async () => {
    const call = await headerCall();
    const headers = new Map([['X-Sign', call.sign], ['X-Timestamp', call.timestamp], ['X-Nonce', call.nonce]]);
    expect(outcome(await verify({ url: BASE, headers, body: BODY }))).toBe('ok header-signature');
  });

  it('a Node request stream a parser has already read is refused as such, not read as an empty body', async () => {
    const call = await headerCall();
    const consumed = Readable.from([Buffer.from(BODY)]);
    for await (const chunk of consumed) void chunk;
    const r = await verify({ url: BASE, headers: call.headers, body: consumed });
    expect(r).toMatchObject({ ok: false, reason: 'bad-request' });
    expect(!r.ok && r.message).toMatch(/already read/);
    // The same for the legacy authToken, which does not cover the body: it is not silently dropped.
    const params = { activity: 'newInstance', timeStamp: '20240522153618801' };
    const token = encodeURIComponent(await authToken(params, AK));
    const read = Readable.from([Buffer.from(BODY)]);
    for await (const chunk of read) void chunk;
    const legacy = { schemes: NOTIFICATION_SCHEMES, authTokenUtcOffsetMinutes: 480 };
    expect(outcome(await verify({ url: `${BASE}?${new URLSearchParams(params)}&authToken=${token}`, body: read }, legacy))).toBe('bad-request');
  });

  it('a node:http-like request passed as it is: its stream is the body', async () => {
    const call = await headerCall();
    const req = Object.assign(Readable.from([Buffer.from(BODY.slice(0, 10)), Buffer.from(BODY.slice(10))]), { url: '/produce', headers: call.headers });
    const r = await verify(req as never);
    expect(outcome(r)).toBe('ok header-signature');
    expect(r.ok && new TextDecoder().decode(r.body)).toBe(BODY);
  });

  it('a declared Content-Length over maxBodyBytes is refused before the body is read, whatever its form', async () => {
    const call = await headerCall();
    let pulled = 0;
    const stream = new Readable({ read() { pulled++; this.push(Buffer.from(BODY)); this.push(null); } });
    const headers = { ...call.headers, 'content-length': '1000000000' };
    expect(outcome(await verify({ url: BASE, headers, body: stream }, { maxBodyBytes: 1000 }))).toBe('body-too-large');
    expect(pulled).toBe(0);
    expect(outcome(await verify({ url: BASE, headers, body: BODY }, { maxBodyBytes: 1000 }))).toBe('body-too-large');
  });

  it('only canonical timestamps: 10-digit seconds or 13-digit milliseconds, no leading zero or sign', async () => {
    const seconds = String(Math.floor(NOW / 1000));
    expect(outcome(await verify(await headerCall({ timestamp: seconds })))).toBe('ok header-signature');
    for (const ts of [seconds.padStart(12, '0'), '0' + seconds, '0' + String(NOW), '+' + String(NOW), String(NOW) + '0', seconds.slice(1)]) {
      expect(outcome(await verify(await headerCall({ timestamp: ts })))).toBe('bad-timestamp');
    }
  });
});

describe('header scheme (x-sign, x-timestamp, x-nonce)', () => {
  it('accepts a signed call and returns the verified body, nonce and time', async () => {
    const call = await headerCall();
    const r = await verify(call);
    expect(r).toMatchObject({ ok: true, scheme: 'header-signature', nonce: call.nonce, timestamp: NOW, unsignedParams: {} });
    expect(r.ok && r.params).toBeUndefined();
    expect(r.ok && new TextDecoder().decode(r.body)).toBe(BODY);
  });

  it('accepts a fetch Request and leaves its body readable', async () => {
    const call = await headerCall();
    const request = new Request(BASE, { method: 'POST', headers: call.headers, body: BODY });
    expect(outcome(await verify(request))).toBe('ok header-signature');
    expect(await request.text()).toBe(BODY);
  });

  it('accepts an upper-case x-sign (the document example is upper-case) and mixed-case header names', async () => {
    const call = await headerCall();
    const headers = { 'X-Sign': call.sign.toUpperCase(), 'X-Timestamp': call.timestamp, 'X-NONCE': call.nonce };
    expect(outcome(await verify({ ...call, headers }))).toBe('ok header-signature');
  });

  it('accepts header pairs, Node-style arrays and binary bodies', async () => {
    const binary = new Uint8Array([0, 0xff, 0x80, 10]);
    const call = await headerCall({ body: binary });
    expect(outcome(await verify({ url: BASE, headers: Object.entries(call.headers), body: binary }))).toBe('ok header-signature');
    const call2 = await headerCall({ body: binary });
    const arrays = Object.fromEntries(Object.entries(call2.headers).map(([k, v]) => [k, [v, 'second']]));
    expect(outcome(await verify({ url: BASE, headers: arrays, body: binary.buffer }))).toBe('ok header-signature');
  });

  it('refuses a body changed by one byte, another nonce or timestamp, another key', async () => {
    const call = await headerCall();
    expect(outcome(await verify({ ...call, body: BODY.replace('1"}', '0"}') }))).toBe('signature-mismatch');
    expect(outcome(await verify({ ...call, headers: { ...call.headers, 'x-nonce': call.nonce + 'x' } }))).toBe('signature-mismatch');
    expect(outcome(await verify({ ...call, headers: { ...call.headers, 'x-timestamp': String(NOW + 1) } }))).toBe('signature-mismatch');
    expect(outcome(await verify(call, {}, AK + 'x'))).toBe('signature-mismatch');
    expect(outcome(await verify({ ...call, headers: { ...call.headers, 'x-sign': call.sign.slice(1) } }))).toBe('signature-mismatch');
  });

  it('refuses missing or empty parameters', async () => {
    const call = await headerCall();
    for (const name of ['x-timestamp', 'x-nonce'] as const) {
      const { [name]: _, ...rest } = call.headers;
      expect(outcome(await verify({ ...call, headers: rest }))).toBe('missing-parameter');
    }
    expect(outcome(await verify({ ...call, headers: { ...call.headers, 'x-sign': '' } }))).toBe('missing-parameter');
  });
});

describe('URL scheme (signature, timestamp, nonce)', () => {
  it('accepts a signed POST, as a fetch Request and as an object', async () => {
    const call = await urlCall();
    const r = await verify(new Request(call.url, { method: 'POST', body: call.body }));
    expect(r).toMatchObject({ ok: true, scheme: 'url-signature', nonce: call.nonce, unsignedParams: {} });
    expect(r.ok && r.params).toBeUndefined();
    expect(outcome(await verify({ url: call.url.replace(BASE, '/produce'), body: call.body }))).toBe('ok url-signature');
  });

  it('accepts an upper-case signature and a 10-digit timestamp in seconds', async () => {
    const call = await urlCall({ timestamp: String(Math.floor(NOW / 1000)) });
    expect(outcome(await verify({ url: call.url.replace(call.signature, call.signature.toUpperCase()), body: call.body }))).toBe('ok url-signature');
  });

  it('refuses a body changed by one byte and a missing nonce or timestamp', async () => {
    const call = await urlCall();
    expect(outcome(await verify({ url: call.url, body: call.body + ' ' }))).toBe('signature-mismatch');
    expect(outcome(await verify({ url: call.url.replace(/&nonce=[^&]*/, ''), body: call.body }))).toBe('missing-parameter');
    expect(outcome(await verify({ url: call.url.replace(/&timestamp=[^&]*/, ''), body: call.body }))).toBe('missing-parameter');
  });
});

describe('time window', () => {
  it('accepts up to maxSkewSeconds either way, in milliseconds or seconds', async () => {
    for (const ts of [NOW - 60_000, NOW + 60_000]) {
      expect(outcome(await verify(await headerCall({ timestamp: String(ts) })))).toBe('ok header-signature');
    }
    expect(outcome(await verify(await headerCall({ timestamp: String(Math.ceil(NOW / 1000) - 60) })))).toBe('ok header-signature');
  });

  it('refuses stale and future timestamps', async () => {
    expect(outcome(await verify(await headerCall({ timestamp: String(NOW - 60_001) })))).toBe('expired');
    expect(outcome(await verify(await headerCall({ timestamp: String(NOW + 60_001) })))).toBe('expired');
    expect(outcome(await verify(await urlCall({ timestamp: String(Math.floor(NOW / 1000) - 120) })))).toBe('expired');
    expect(outcome(await verify(await urlCall({ timestamp: String(Math.floor(NOW / 1000) + 120) })))).toBe('expired');
  });

  it('honours maxSkewSeconds and now as a Date', async () => {
    const call = await headerCall({ timestamp: String(NOW - 200_000) });
    expect(outcome(await verify(call, { maxSkewSeconds: 300, now: new Date(NOW), nonceStore: createNonceStore({ ttlSeconds: 600 }) }))).toBe('ok header-signature');
    // A store that forgets sooner than the window needs is refused up front.
    await expect(verify(call, { maxSkewSeconds: 300 })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    expect(outcome(await verify(call, { maxSkewSeconds: 100, nonceStore: false }))).toBe('expired');
  });

  it('refuses timestamps that are not digits', async () => {
    for (const ts of ['abc', '1.7e12', '-1716363778801', ' 1716363778801', '12345678901234567']) {
      expect(outcome(await verify(await headerCall({ timestamp: ts })))).toBe('bad-timestamp');
    }
  });
});

describe('replays', () => {
  it('refuses a call or a nonce seen before, in both schemes, across schemes', async () => {
    const nonceStore = createNonceStore();
    const call = await headerCall();
    expect(outcome(await verify(call, { nonceStore }))).toBe('ok header-signature');
    expect(outcome(await verify(call, { nonceStore }))).toBe('replayed');
    const url = await urlCall();
    expect(outcome(await verify(url, { nonceStore }))).toBe('ok url-signature');
    expect(outcome(await verify(url, { nonceStore }))).toBe('replayed');
    // A nonce used again, even in a newly signed call of the other scheme.
    expect(outcome(await verify(await urlCall({ nonce: call.nonce }), { nonceStore }))).toBe('replayed');
  });

  it('records nonces only for valid signatures', async () => {
    const nonceStore = createNonceStore();
    const call = await headerCall();
    expect(outcome(await verify({ ...call, body: 'forged' }, { nonceStore }))).toBe('signature-mismatch');
    expect(nonceStore.size).toBe(0);
    expect(outcome(await verify(call, { nonceStore }))).toBe('ok header-signature');
  });

  it('uses a shared default store when none is given', async () => {
    const call = await headerCall();
    expect(outcome(await verifyNotification(call, AK, { now: NOW }))).toBe('ok header-signature');
    expect(outcome(await verifyNotification(call, AK, { now: NOW }))).toBe('replayed');
    expect(outcome(await verifyNotification(call, AK, { now: NOW, nonceStore: false }))).toBe('ok header-signature');
  });

  it('fails closed when the store is full or fails, and works with a custom async store', async () => {
    const full = createNonceStore({ maxEntries: 1 });
    await full.checkAndSet('other');
    expect(outcome(await verify(await headerCall(), { nonceStore: full }))).toBe('replay-store-full');
    const broken: NonceStore = { checkAndSet: async () => { throw new Error('redis down: password=hunter2'); } };
    const r = await verify(await headerCall(), { nonceStore: broken });
    expect(outcome(r)).toBe('replay-store-unavailable');
    expect(!r.ok && r.message).not.toContain('hunter2');
    const liar: NonceStore = { checkAndSet: async () => 'yes' as unknown as boolean };
    expect(outcome(await verify(await headerCall(), { nonceStore: liar }))).toBe('replayed');
    const seen = new Set<string>();
    const custom: NonceStore = {
      async checkAndSet(n) {
        await new Promise((r) => setTimeout(r, 1));
        if (seen.has(n)) return false;
        seen.add(n);
        return true;
      },
    };
    const call = await headerCall();
    expect(outcome(await verify(call, { nonceStore: custom }))).toBe('ok header-signature');
    expect(outcome(await verify(call, { nonceStore: custom }))).toBe('replayed');
  });

  it('refuses absurdly long nonces', async () => {
    expect(outcome(await verify(await headerCall({ nonce: 'n'.repeat(513) })))).toBe('bad-request');
  });
});

describe('legacy authToken (opted in)', () => {
  const params = { activity: 'newInstance', customerName: '张 三+', mobilePhone: 'Ab3d/+xY==', timeStamp: '20240522153618801' };
  const query = new URLSearchParams(params).toString(); // form-encoded, like Java's URLEncoder
  const AT = Date.UTC(2024, 4, 22, 7, 36, 18, 801); // 2024-05-22 15:36:18.801 at UTC+8
  const legacy: VerifyOptions = { schemes: NOTIFICATION_SCHEMES, authTokenUtcOffsetMinutes: 480, now: AT };
  const verify = (request: Parameters<typeof verifyNotification>[0], options: VerifyOptions = {}) => verifyOuter(request, { ...legacy, ...options });

  it('is refused by default: scheme-not-allowed', async () => {
    const url = `${BASE}?${query}&authToken=${encodeURIComponent(await authToken(params, AK))}`;
    expect(outcome(await verifyOuter({ url }, { now: AT }))).toBe('scheme-not-allowed');
  });

  it("accepts the token raw (with '+'), percent-encoded, or already form-decoded (spaces)", async () => {
    const token = await authToken(params, AK);
    expect(token).toContain('+');
    for (const sent of [token, encodeURIComponent(token), token.replace(/\+/g, ' '), token.replace(/\+/g, '%20')]) {
      const r = await verify({ url: `${BASE}?${query}&authToken=${sent}` });
      expect(outcome(r)).toBe('ok auth-token');
      expect(r.ok && r.params).toMatchObject(params);
    }
    expect(outcome(await verify(new Request(`${BASE}?${query}&authToken=${encodeURIComponent(token)}`)))).toBe('ok auth-token');
  });

  it("decodes the other parameters as a form ('+' is a space), so an unencoded '+' breaks the token", async () => {
    const token = encodeURIComponent(await authToken(params, AK));
    const raw = `activity=newInstance&customerName=${encodeURIComponent('张 三')}+&mobilePhone=Ab3d/+xY==&timeStamp=${params.timeStamp}`;
    expect(outcome(await verify({ url: `${BASE}?${raw}&authToken=${token}` }))).toBe('signature-mismatch');
  });

  it("takes a repeated parameter's first value, as the Java sample reads getParameterMap() (value[0])", async () => {
    const token = encodeURIComponent(await authToken(params, AK));
    const r = await verify({ url: `${BASE}?${query}&activity=releaseInstance&authToken=${token}` });
    expect(outcome(r)).toBe('ok auth-token');
    expect(r.ok && r.params?.activity).toBe('newInstance');
    const second = encodeURIComponent(await authToken({ ...params, activity: 'releaseInstance' }, AK));
    expect(outcome(await verify({ url: `${BASE}?${query}&activity=releaseInstance&authToken=${second}` }))).toBe('signature-mismatch');
  });

  it('refuses a wrong token, a changed parameter, a missing timeStamp or an empty token', async () => {
    const token = encodeURIComponent(await authToken(params, AK));
    expect(outcome(await verify({ url: `${BASE}?${query.replace('newInstance', 'releaseInstance')}&authToken=${token}` }))).toBe('signature-mismatch');
    expect(outcome(await verify({ url: `${BASE}?${query}&authToken=${token}`.replace(/timeStamp=\d+&?/, '') }))).toBe('missing-parameter');
    expect(outcome(await verify({ url: `${BASE}?${query}&authToken=` }))).toBe('missing-parameter');
    expect(outcome(await verify({ url: `${BASE}?${query}&authToken=AAAA` }))).toBe('signature-mismatch');
  });

  it('checks its timeStamp against the window, in UTC by default (the V1 basic interfaces) or the given offset', async () => {
    const url = `${BASE}?${query}&authToken=${encodeURIComponent(await authToken(params, AK))}`;
    const r = await verify({ url }, { now: AT + 30_000 });
    expect(r).toMatchObject({ ok: true, timestamp: AT });
    expect(outcome(await verify({ url }, { now: AT + 61_000 }))).toBe('expired');
    expect(outcome(await verify({ url }, { now: AT - 61_000 }))).toBe('expired');
    // The same digits read as UTC are 8 hours later.
    expect(outcome(await verifyOuter({ url }, { schemes: NOTIFICATION_SCHEMES, now: AT }))).toBe('expired');
    expect(outcome(await verifyOuter({ url }, { schemes: NOTIFICATION_SCHEMES, now: AT + 8 * 3600_000 }))).toBe('ok auth-token');
    const bad = { ...params, timeStamp: '20240231000000000' };
    const badUrl = `${BASE}?${new URLSearchParams(bad)}&authToken=${encodeURIComponent(await authToken(bad, AK))}`;
    expect(outcome(await verify({ url: badUrl }))).toBe('bad-timestamp');
  });

  it('accepts a token once: a captured call is a replay', async () => {
    const nonceStore = createNonceStore();
    const token = await authToken(params, AK);
    const url = `${BASE}?${query}&authToken=${encodeURIComponent(token)}`;
    expect(outcome(await verify({ url }, { nonceStore }))).toBe('ok auth-token');
    expect(outcome(await verify({ url }, { nonceStore }))).toBe('replayed');
    // The token spelled another way (a raw '+' instead of %2B) is the same token.
    expect(token).toContain('+');
    expect(outcome(await verify({ url: `${BASE}?${query}&authToken=${token}` }, { nonceStore }))).toBe('replayed');
  });

  it("refuses a decoded '&' in a value or '&'/'=' in a name: one parameter cannot stand for two", async () => {
    // A captured call with a=1&b=2: sending a=1%26b%3D2 keeps the token (same signed string) but hides b.
    const two = { a: '1', b: '2', timeStamp: params.timeStamp };
    const token = encodeURIComponent(await authToken(two, AK));
    expect(outcome(await verify({ url: `${BASE}?a=1&b=2&timeStamp=${two.timeStamp}&authToken=${token}` }))).toBe('ok auth-token');
    expect(outcome(await verify({ url: `${BASE}?a=1%26b%3D2&timeStamp=${two.timeStamp}&authToken=${token}` }))).toBe('bad-request');
    expect(outcome(await verify({ url: `${BASE}?a%3D1=&b=2&timeStamp=${two.timeStamp}&authToken=${token}` }))).toBe('bad-request');
  });
});

describe('scheme selection', () => {
  it('x-sign wins over a signature parameter, which wins over authToken', async () => {
    const call = await headerCall();
    expect(outcome(await verify({ ...call, url: `${BASE}?signature=bogus&timestamp=1&nonce=x&authToken=bogus` }))).toBe('ok header-signature');
    const url = await urlCall();
    expect(outcome(await verify({ url: url.url + '&authToken=bogus', body: url.body }))).toBe('ok url-signature');
    expect(outcome(await verify({ url: url.url, body: url.body, headers: { 'x-sign': 'bogus' } }))).toBe('missing-parameter');
  });

  it('restricts schemes with options.schemes', async () => {
    const call = await headerCall();
    const r = await verify(call, { schemes: ['url-signature'] });
    expect(r).toMatchObject({ ok: false, reason: 'scheme-not-allowed', scheme: 'header-signature' });
    expect(outcome(await verify({ url: `${BASE}?a=1&timeStamp=1&authToken=x` }, { schemes: ['header-signature', 'url-signature'] }))).toBe('scheme-not-allowed');
  });

  it('says when there is no signature at all', async () => {
    expect(outcome(await verify({ url: BASE, body: BODY }))).toBe('missing-signature');
    expect(outcome(await verify(new Request(`${BASE}?activity=newInstance`)))).toBe('missing-signature');
  });
});

describe('body size', () => {
  const small = { maxBodyBytes: 64 };

  it('refuses bodies over maxBodyBytes: bytes, strings, declared lengths, streams, iterables', async () => {
    const big = 'x'.repeat(65);
    const call = await headerCall({ body: big });
    expect(outcome(await verify(call, small))).toBe('body-too-large');
    expect(outcome(await verify({ ...call, body: new TextEncoder().encode(big) }, small))).toBe('body-too-large');
    expect(outcome(await verify(new Request(BASE, { method: 'POST', headers: call.headers, body: big }), small))).toBe('body-too-large');
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new Uint8Array(10));
        c.close();
      },
    });
    const streamed = new Request(BASE, { method: 'POST', headers: call.headers, body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.headers.get('content-length')).toBeNull();
    expect(outcome(await verify(streamed, small))).toBe('body-too-large');
    async function* chunks() {
      for (let i = 0; i < 10; i++) yield new Uint8Array(10);
    }
    expect(outcome(await verify({ ...call, body: chunks() }, small))).toBe('body-too-large');
  });

  it('accepts a body of exactly maxBodyBytes, from a stream or an async iterable of chunks', async () => {
    const body = 'y'.repeat(64);
    const call = await headerCall({ body });
    async function* chunks() {
      yield body.slice(0, 10);
      yield new TextEncoder().encode(body.slice(10));
    }
    expect(outcome(await verify({ ...call, body: chunks() }, small))).toBe('ok header-signature');
    const call2 = await headerCall({ body });
    expect(outcome(await verify(new Request(BASE, { method: 'POST', headers: call2.headers, body }), small))).toBe('ok header-signature');
  });

  it('defaults to 12 MiB', async () => {
    const call = await headerCall({ body: new Uint8Array(12 * 1024 * 1024 + 1) });
    expect(outcome(await verify(call))).toBe('body-too-large');
  });
});

describe('never throws on request input', () => {
  it('turns malformed requests into bad-request', async () => {
    const call = await headerCall();
    const cases: unknown[] = [
      null,
      undefined,
      42,
      'https://isv.example.com',
      {},
      { url: 42 },
      { url: `${BASE}?signature=%zz` },
      { url: `${BASE}?authToken=%ff%fe&timeStamp=1` },
      { url: BASE, headers: 'x-sign: a' },
      { url: BASE, headers: [['x-sign']] },
      { url: BASE, headers: { 'x-sign': { a: 1 } } },
      { ...call, body: { activity: 'newInstance' } },
      { ...call, body: 42 },
      { ...call, body: (async function* () { yield 1; })() },
      { ...call, body: (async function* () { throw new Error('socket hang up'); })() },
    ];
    for (const request of cases) {
      const r = await verify(request as Parameters<typeof verifyNotification>[0]);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).toBe('bad-request');
    }
  });

  it('refuses a fetch Request whose body was already read', async () => {
    const call = await headerCall();
    const request = new Request(BASE, { method: 'POST', headers: call.headers, body: BODY });
    await request.text();
    expect(outcome(await verify(request))).toBe('bad-request');
  });

  it('survives arbitrary urls, headers and bodies (property test)', async () => {
    const headerValue = fc.oneof(fc.string(), fc.array(fc.string()), fc.integer(), fc.constant(undefined), fc.object());
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true }), fc.string().map((s) => `${BASE}?${s}`), fc.anything()),
        fc.oneof(fc.dictionary(fc.constantFrom('x-sign', 'x-timestamp', 'x-nonce', 'content-length', 'other'), headerValue), fc.anything()),
        fc.oneof(fc.string(), fc.uint8Array(), fc.anything()),
        async (url, headers, body) => {
          const r = await verifyNotification({ url, headers, body } as Parameters<typeof verifyNotification>[0], AK, { now: NOW, nonceStore: false });
          expect(r.ok).toBe(false);
          expect(typeof (r as { reason: string }).reason).toBe('string');
        },
      ),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), fc.string(), fc.string(), async (sig, ts, nonce, query) => {
        const r = await verifyNotification(
          { url: `${BASE}?${query}&signature=${sig}&timestamp=${ts}&nonce=${nonce}`, body: BODY },
          AK,
          { now: NOW, nonceStore: false },
        );
        expect(r.ok).toBe(false);
      }),
      { numRuns: 150 },
    );
  }, 30_000); // 300 runs take about 2 s alone; leave room when the whole suite shares the CPU

  it('throws only on bad configuration', async () => {
    const call = await headerCall();
    const rejects = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (e) {
        return e instanceof SignerError ? e.code : String(e);
      }
      return 'resolved';
    };
    expect(await rejects(verifyNotification(call, ''))).toBe('ERR_MISSING_CREDENTIALS');
    expect(await rejects(verifyNotification(call, AK, { maxSkewSeconds: -1 }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await rejects(verifyNotification(call, AK, { maxBodyBytes: Number.NaN }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await rejects(verifyNotification(call, AK, { schemes: ['nope' as 'auth-token'] }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await rejects(verifyNotification(call, AK, { nonceStore: {} as NonceStore }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await rejects(verifyNotification(call, AK, { authTokenUtcOffsetMinutes: 1.5 }))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('never puts the accessKey in a message', () => {
    expect(messages.length).toBeGreaterThan(30);
    for (const m of messages) {
      expect(m).not.toContain(AK);
      expect(m).not.toContain(AK.slice(0, 8));
    }
  });
});
