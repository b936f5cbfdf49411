import { describe, expect, it } from 'vitest';
import {
  formatSdkDate, parseSdkDate, signFetchRequest, signRequest, verifyRequest, parseAuthorization,
  canonicalQueryString, canonicalUri, type ApigRequest,
} from '../../src/apig/index.js';
import { SignerError } from '../../src/errors.js';
import { createNonceStore } from '../../src/replay/memory-store.js';

const creds = { key: 'QTWAOYTTINDUT2QVKYUC', secret: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
const date = parseSdkDate('20191115T033655Z');
const docRequest: ApigRequest = {
  method: 'GET',
  url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
  headers: { 'Content-Type': 'application/json' },
};
const DOC_SIGNATURE = '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe';
const resolve = (k: string) => (k === creds.key ? creds.secret : undefined);

async function signedPost(body: string | Uint8Array = '{"a":1}') {
  const request: ApigRequest = { method: 'POST', url: 'https://api.example.com/v1/items/?b=2&a=1', headers: { 'Content-Type': 'application/json', 'X-Stage': 'RELEASE' }, body };
  const signed = await signRequest(request, creds, { date });
  return { request, signed, received: { ...request, headers: signed.headers } };
}

describe('X-Sdk-Date', () => {
  it('formats and parses strictly', () => {
    expect(formatSdkDate(new Date('2019-11-15T03:36:55.999Z'))).toBe('20191115T033655Z');
    expect(parseSdkDate('20191115T033655Z').toISOString()).toBe('2019-11-15T03:36:55.000Z');
    for (const bad of ['20191115T033655', '20191115t033655Z', '2019-11-15T03:36:55Z', '20190231T000000Z', '20191115T246000Z', '20191115T033660Z', '２0191115T033655Z', '', ' 20191115T033655Z']) {
      expect(() => parseSdkDate(bad), bad).toThrow(SignerError);
    }
    expect(() => formatSdkDate(new Date(NaN))).toThrow(SignerError);
  });
});

describe('signRequest', () => {
  it('reproduces the documented example and returns every intermediate', async () => {
    const s = await signRequest(docRequest, creds, { date });
    expect(s.signature).toBe(DOC_SIGNATURE);
    expect(s.sdkDate).toBe('20191115T033655Z');
    expect(s.signedHeaders).toBe('content-type;host;x-sdk-date');
    expect(s.headers).toEqual({
      'Content-Type': 'application/json',
      Host: 'service.region.example.com',
      'X-Sdk-Date': '20191115T033655Z',
      Authorization: `SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=${DOC_SIGNATURE}`,
    });
    expect(s.stringToSign).toBe('SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a');
  });

  it('uses an X-Sdk-Date already on the request as is, and does not add Host when present', async () => {
    const s = await signRequest({ ...docRequest, headers: { 'content-type': 'application/json', 'x-sdk-date': '20191115T033655Z', host: 'service.region.example.com' } }, creds, { date: new Date() });
    expect(s.signature).toBe(DOC_SIGNATURE);
    expect(Object.keys(s.headers)).toEqual(['content-type', 'x-sdk-date', 'host', 'Authorization']);
  });

  it('accepts headers as a record, pairs or Headers, in any order and case, and a URL object', async () => {
    const variants: ApigRequest['headers'][] = [
      { 'Content-Type': 'application/json' },
      [['CONTENT-TYPE', 'application/json']],
      new Headers({ 'content-type': 'application/json' }),
    ];
    for (const headers of variants) {
      const s = await signRequest({ ...docRequest, headers }, creds, { date });
      expect(s.signature).toBe(DOC_SIGNATURE);
    }
    const urlObject = await signRequest({ ...docRequest, url: new URL(docRequest.url as string) }, creds, { date });
    expect(urlObject.signature).toBe(DOC_SIGNATURE);
    const reordered = await signRequest({ ...docRequest, url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?marker=13551d6b-755d-4757-b956-536f674975c0&limit=2' }, creds, { date });
    expect(reordered.signature).toBe(DOC_SIGNATURE);
  });

  it('header order and header-name case never change the canonical request', async () => {
    const a = await signRequest({ method: 'GET', url: 'https://h.example.com/x', headers: [['X-B', '2'], ['x-a', '1'], ['X-C', ' 3 ']] }, creds, { date });
    const b = await signRequest({ method: 'GET', url: 'https://h.example.com/x', headers: [['x-c', '3'], ['X-A', '1'], ['x-b', '2']] }, creds, { date });
    expect(a.canonicalRequest).toBe(b.canonicalRequest);
    expect(a.signature).toBe(b.signature);
  });

  it('never signs an Authorization header that is already on the request', async () => {
    const s = await signRequest({ ...docRequest, headers: { 'Content-Type': 'application/json', Authorization: 'Bearer old' } }, creds, { date });
    expect(s.signature).toBe(DOC_SIGNATURE);
    expect(s.headers.Authorization).toContain(DOC_SIGNATURE);
    expect(Object.keys(s.headers).filter((k) => k.toLowerCase() === 'authorization')).toHaveLength(1);
  });

  it('hashes the exact body bytes for every method', async () => {
    const s = await signRequest({ method: 'GET', url: 'https://h.example.com/g', headers: { host: 'h.example.com', 'Content-Type': 'application/json' }, body: '{"q":1}' }, creds, { date });
    expect(s.canonicalRequest.endsWith('\n6ae0f660046dadcf5fe8462c0e00a062db4c8d67be82f4098c5ea4208d19b076')).toBe(true);
    const bytes = await signRequest({ method: 'PUT', url: 'https://h.example.com/g', body: new Uint8Array([0xff, 0x00, 0x80, 0x41, 0xc3, 0x28]).buffer }, creds, { date });
    expect(bytes.canonicalRequest.endsWith('\n84728360fa5705d7e0fcf4ef97b6ba699f43f042533c511fef092c6c1d2921dd')).toBe(true);
  });

  it('signs UNSIGNED-PAYLOAD on request and still signs bodies over 12 MB', async () => {
    const big = new Uint8Array(12 * 1024 * 1024 + 1).fill(0x61);
    const unsigned = await signRequest({ method: 'PUT', url: 'https://h.example.com/upload', body: big }, creds, { date, unsignedPayload: true });
    expect(unsigned.headers['X-Sdk-Content-Sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(unsigned.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
    expect(unsigned.signedHeaders).toBe('host;x-sdk-content-sha256;x-sdk-date');
    const hashed = await signRequest({ method: 'PUT', url: 'https://h.example.com/upload', body: big }, creds, { date });
    expect(hashed.canonicalRequest).toMatch(/\n[0-9a-f]{64}$/);
    const ok = await verifyRequest({ method: 'PUT', url: 'https://h.example.com/upload', headers: unsigned.headers, body: big }, resolve, { now: date, maxBodyBytes: 13 * 1024 * 1024 });
    expect(ok.ok).toBe(true);
  });

  it('signs the content-hash header whatever the header rule, so that its own verifier accepts the request', async () => {
    // A rule that would leave X-Sdk-Content-Sha256 out: unsigned, it could not stand in for the body's hash.
    const onlyHost = (n: string) => n === 'host';
    const request = { method: 'PUT', url: 'https://h.example.com/upload', body: 'abc' };
    const unsigned = await signRequest(request, creds, { date, unsignedPayload: true, headerRule: onlyHost });
    expect(unsigned.signedHeaders).toBe('host;x-sdk-content-sha256;x-sdk-date');
    expect(await verifyRequest({ ...request, headers: unsigned.headers }, resolve, { now: date })).toMatchObject({ ok: true });
    const given = await signRequest({ ...request, headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD', 'X-Other': '1' } }, creds, { date, headerRule: onlyHost });
    expect(given.signedHeaders).toBe('host;x-sdk-content-sha256;x-sdk-date');
    // Without a content-hash header the rule applies as given.
    expect((await signRequest({ ...request, headers: { 'X-Other': '1' } }, creds, { date, headerRule: onlyHost })).signedHeaders).toBe('host;x-sdk-date');
  });

  it('refuses bad input with typed errors', async () => {
    const code = async (p: Promise<unknown>) => p.then(() => 'none', (e) => (e instanceof SignerError ? e.code : String(e)));
    expect(await code(signRequest(docRequest, { key: '', secret: 's' }))).toBe('ERR_MISSING_CREDENTIALS');
    expect(await code(signRequest(docRequest, { key: 'a b', secret: 's' }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await code(signRequest({ method: 'GET', url: '/path-only' }, creds))).toBe('ERR_INVALID_ARGUMENT');
    expect(await code(signRequest({ method: '', url: 'https://a.b/' }, creds))).toBe('ERR_INVALID_ARGUMENT');
    expect(await code(signRequest({ method: 'GET', url: 'https://a.b/', body: 42 as never }, creds))).toBe('ERR_INVALID_ARGUMENT');
    expect(await code(signRequest(docRequest, creds, { algorithm: 'V11-HMAC-SHA256' }))).toBe('ERR_INVALID_ARGUMENT');
    expect(await code(signRequest(docRequest, creds, { algorithm: 'NOPE' as never }))).toBe('ERR_UNSUPPORTED');
    // Headers that are not a record, a Headers or [name, value] pairs: a string used to be signed as a
    // record of its characters ("0": "C", "1": "o"...), a number as no headers, a lone name as 'undefined'.
    for (const headers of ['Content-Type: x', 42, true, [['X-A']], [['X-A', '1', '2']], [[1, 'v']], ['X-A: 1']]) {
      expect(await code(signRequest({ method: 'GET', url: 'https://a.b/', headers: headers as never }, creds)), JSON.stringify(headers)).toBe('ERR_INVALID_ARGUMENT');
    }
  });

  // The derived-key cache once keyed entries by secret, key and scope joined with NUL: ('a\0b', 'c') and
  // ('a', 'b\0c') shared an entry, and the second signed with the first one's key. The expected values
  // come from node:crypto's HKDF (RFC 5869), not from this library.
  it('V11: derived keys of credentials that only differ in where a NUL falls are not confused', async () => {
    const { createHmac, hkdfSync } = await import('node:crypto');
    const options = { algorithm: 'V11-HMAC-SHA256' as const, region: 'region-id-1', service: 'service', date };
    for (const c of [{ key: 'c', secret: 'a\0b' }, { key: 'b\0c', secret: 'a' }]) {
      const signed = await signRequest({ method: 'GET', url: 'https://a.example.com/' }, c, options);
      const derived = Buffer.from(hkdfSync('sha256', c.secret, c.key, '20191115/region-id-1/service', 32)).toString('hex');
      expect(signed.signature).toBe(createHmac('sha256', derived).update(signed.stringToSign).digest('hex'));
    }
  });
});

describe('canonical helpers', () => {
  it('canonicalUri keeps // and appends a slash', () => {
    expect(canonicalUri('')).toBe('/');
    expect(canonicalUri('/')).toBe('/');
    expect(canonicalUri('/a//b')).toBe('/a//b/');
    expect(canonicalUri('/a%2Fb/c')).toBe('/a/b/c/');
    expect(canonicalUri('/p+q')).toBe('/p%2Bq/');
    expect(canonicalUri('/100%')).toBe('/100%25/');
  });
  it('canonicalQueryString sorts by code point and keeps + literal', () => {
    expect(canonicalQueryString('b=2&a=3&a=1')).toBe('a=1&a=3&b=2');
    expect(canonicalQueryString('?q=a+b')).toBe('q=a%2Bb');
    expect(canonicalQueryString('%F0%9F%98%80=2&%EF%BD%9E=1')).toBe('%EF%BD%9E=1&%F0%9F%98%80=2');
    expect(canonicalQueryString('')).toBe('');
    expect(canonicalQueryString('=x&a')).toBe('a=');
  });
});

describe('verifyRequest', () => {
  it('accepts the signed request, reporting key, headers and date', async () => {
    const { received } = await signedPost();
    const r = await verifyRequest(received, resolve, { now: date });
    expect(r).toEqual({ ok: true, key: creds.key, signedHeaders: ['content-type', 'host', 'x-sdk-date', 'x-stage'], sdkDate: date, algorithm: 'SDK-HMAC-SHA256', bodyAuthenticated: true });
  });

  it('accepts an origin-form URL with the Host header, as Node http gives it', async () => {
    const { received } = await signedPost();
    const r = await verifyRequest({ ...received, url: '/v1/items/?b=2&a=1' }, resolve, { now: date });
    expect(r.ok).toBe(true);
  });

  it('accepts a fetch Request and leaves its body readable', async () => {
    const { signed } = await signedPost('{"a":1}');
    const req = new Request('https://api.example.com/v1/items/?b=2&a=1', { method: 'POST', headers: signed.headers, body: '{"a":1}' });
    const r = await verifyRequest(req, resolve, { now: date });
    expect(r.ok).toBe(true);
    expect(await req.text()).toBe('{"a":1}');
  });

  const mutations: [string, (r: ApigRequest & { headers: Record<string, string> }) => ApigRequest, string][] = [
    ['method', (r) => ({ ...r, method: 'PUT' }), 'signature-mismatch'],
    ['path', (r) => ({ ...r, url: 'https://api.example.com/v1/item/?b=2&a=1' }), 'signature-mismatch'],
    ['query value', (r) => ({ ...r, url: 'https://api.example.com/v1/items/?b=3&a=1' }), 'signature-mismatch'],
    ['added query parameter', (r) => ({ ...r, url: 'https://api.example.com/v1/items/?b=2&a=1&c=0' }), 'signature-mismatch'],
    ['signed header value', (r) => ({ ...r, headers: { ...r.headers, 'X-Stage': 'TEST' } }), 'signature-mismatch'],
    ['host', (r) => ({ ...r, headers: { ...r.headers, Host: 'evil.example.com' } }), 'signature-mismatch'],
    ['body', (r) => ({ ...r, body: '{"a":2}' }), 'signature-mismatch'],
    ['body appended newline', (r) => ({ ...r, body: '{"a":1}\n' }), 'signature-mismatch'],
    ['date', (r) => ({ ...r, headers: { ...r.headers, 'X-Sdk-Date': '20191115T033656Z' } }), 'signature-mismatch'],
    ['signed header removed', (r) => { const h = { ...r.headers }; delete h['X-Stage']; return { ...r, headers: h }; }, 'missing-signed-header'],
    ['no authorization', (r) => { const h = { ...r.headers }; delete h.Authorization; return { ...r, headers: h }; }, 'missing-signature'],
    ['garbled authorization', (r) => ({ ...r, headers: { ...r.headers, Authorization: 'SDK-HMAC-SHA256 nonsense' } }), 'malformed-authorization'],
    ['other algorithm', (r) => ({ ...r, headers: { ...r.headers, Authorization: r.headers.Authorization!.replace('SDK-HMAC-SHA256', 'AWS4-HMAC-SHA256') } }), 'malformed-authorization'],
    ['unknown key', (r) => ({ ...r, headers: { ...r.headers, Authorization: r.headers.Authorization!.replace(creds.key, 'OTHERKEY') } }), 'unknown-key'],
    ['date not signed', (r) => ({ ...r, headers: { ...r.headers, Authorization: r.headers.Authorization!.replace(';x-sdk-date', '') } }), 'date-not-signed'],
    ['bad date', (r) => ({ ...r, headers: { ...r.headers, 'X-Sdk-Date': '2019-11-15T03:36:55Z' } }), 'bad-timestamp'],
    ['signature digit', (r) => ({ ...r, headers: { ...r.headers, Authorization: r.headers.Authorization!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } }), 'signature-mismatch'],
  ];
  it.each(mutations)('a changed %s fails with the right reason', async (_name, mutate, reason) => {
    const { received } = await signedPost();
    const r = await verifyRequest(mutate(received as never), resolve, { now: date });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      expect(r.message).not.toContain(creds.secret);
      if (reason === 'signature-mismatch') expect(r.canonicalRequest).toMatch(/^[A-Z]+\n/);
    }
  });

  it('applies the 15-minute window in both directions, inclusive', async () => {
    const { received } = await signedPost();
    const at = (s: number) => verifyRequest(received, resolve, { now: new Date(date.getTime() + s * 1000) });
    expect((await at(900)).ok).toBe(true);
    expect((await at(-900)).ok).toBe(true);
    expect((await at(899)).ok).toBe(true);
    expect((await at(-899)).ok).toBe(true);
    for (const s of [901, -901]) {
      const r = await at(s);
      expect(r.ok ? 'ok' : r.reason).toBe('expired');
    }
    const custom = await verifyRequest(received, resolve, { now: new Date(date.getTime() + 61_000), maxSkewSeconds: 60 });
    expect(custom.ok ? 'ok' : custom.reason).toBe('expired');
  });

  // The window is 900 s on each side, so a signature can come back up to 1800 s after its first use: a
  // replayStore must remember it that long. createNonceStore's default (120 s) is for verifyNotification.
  it('refuses a replay anywhere in the window with a 1800-s replayStore, which the 120-s default would miss', async () => {
    const { received } = await signedPost();
    let clock = date.getTime() - 900_000; // first use at the earliest moment the signature is valid
    const verifyAt = (replayStore: { checkAndSet(k: string): Promise<boolean> }) => verifyRequest(received, resolve, { now: new Date(clock), replayStore });
    const long = createNonceStore({ ttlSeconds: 1800, now: () => clock });
    const memory = createNonceStore({ now: () => clock });
    // The 120-s store as is: refused up front, since it tells its lifetime.
    await expect(verifyAt(memory)).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    // The same store behind a wrapper that hides its lifetime: what it would miss.
    const short = { checkAndSet: (k: string) => memory.checkAndSet(k) };
    expect((await verifyAt(long)).ok).toBe(true);
    expect((await verifyAt(short)).ok).toBe(true);
    clock = date.getTime() + 899_000; // near the latest moment: 1799 s later
    const replays = [await verifyAt(long), await verifyAt(short)];
    expect(replays.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['replayed', 'ok']);
  });

  it('reads the signature from a renamed header (backend_sign_header)', async () => {
    const { received } = await signedPost();
    const h: Record<string, string> = { ...received.headers, 'X-Apig-Signature': received.headers.Authorization! };
    delete h.Authorization;
    expect((await verifyRequest({ ...received, headers: h }, resolve, { now: date, header: 'x-apig-signature' })).ok).toBe(true);
    const r = await verifyRequest({ ...received, headers: h }, resolve, { now: date });
    expect(r.ok ? 'ok' : r.reason).toBe('missing-signature');
  });

  it('accepts the official demos\' comma without a space and an upper-case signature', async () => {
    const { received } = await signedPost();
    const tight = received.headers.Authorization!.replace(/, /g, ',').replace(/Signature=([0-9a-f]+)/, (_, s: string) => `Signature=${s.toUpperCase()}`);
    expect((await verifyRequest({ ...received, headers: { ...received.headers, Authorization: tight } }, resolve, { now: date })).ok).toBe(true);
  });

  it('accepts tabs where the demos\' grammar has \\s (after the algorithm and after each comma)', async () => {
    const { received } = await signedPost();
    const tabbed = received.headers.Authorization!.replace(' ', '\t').replace(/, /g, ',\t');
    expect(tabbed).toMatch(/^SDK-HMAC-SHA256\tAccess=[^,]+,\tSignedHeaders=[^,]+,\tSignature=[0-9a-f]{64}$/);
    expect(await verifyRequest({ ...received, headers: { ...received.headers, Authorization: tabbed } }, resolve, { now: date })).toMatchObject({ ok: true, key: creds.key });
  });

  it('refuses oversized bodies and header sections without hashing them', async () => {
    const { received } = await signedPost();
    const big = await verifyRequest({ ...received, body: new Uint8Array(1025) }, resolve, { now: date, maxBodyBytes: 1024 });
    expect(big.ok ? 'ok' : big.reason).toBe('body-too-large');
    const req = new Request('https://api.example.com/v1/items/?b=2&a=1', { method: 'POST', headers: received.headers, body: new Uint8Array(2048) });
    const bigReq = await verifyRequest(req, resolve, { now: date, maxBodyBytes: 1024 });
    expect(bigReq.ok ? 'ok' : bigReq.reason).toBe('body-too-large');
    const headers = await verifyRequest({ ...received, headers: { ...received.headers, 'X-Big': 'x'.repeat(70_000) } }, resolve, { now: date });
    expect(headers.ok ? 'ok' : headers.reason).toBe('headers-too-large');
  });

  it('never throws on garbage', async () => {
    const garbage: unknown[] = [
      { method: 'GET', url: 'https://a/', headers: { Authorization: 'SDK-HMAC-SHA256 Access=, SignedHeaders=, Signature=' } },
      { method: 'GET', url: 'https://a/', headers: { Authorization: ',,,,' } },
      { method: 'GET', url: 'https://a/', headers: { Authorization: 'SDK-HMAC-SHA256 Access=a, SignedHeaders=x-sdk-date, Signature=zz' } },
      { method: 'GET', url: 'https://a/', headers: { Authorization: 'V11-HMAC-SHA256 Credential=a/b, SignedHeaders=x-sdk-date, Signature=00' } },
      { method: 'GET', url: 'https://a/', headers: { Authorization: 'SDK-HMAC-SHA256 Access=a, SignedHeaders=x-sdk-date, Signature=00', 'X-Sdk-Date': 'garbage' } },
      { method: undefined, url: undefined, headers: undefined },
      { method: 'GET', url: '%%%', headers: { Authorization: 'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=x-sdk-date, Signature=00', 'X-Sdk-Date': '20191115T033655Z' }, body: 'x' },
      { method: 'GET', url: 'https://a/', headers: 'Authorization: SDK-HMAC-SHA256 Access=a, SignedHeaders=x-sdk-date, Signature=00' },
      { method: 'GET', url: 'https://a/', headers: [['Authorization']] },
    ];
    for (const g of garbage) {
      const r = await verifyRequest(g as ApigRequest, resolve, { now: date });
      expect(r.ok).toBe(false);
    }
  });
});

describe('parseAuthorization', () => {
  it('parses both the Access and the V11 Credential forms', () => {
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=ak, SignedHeaders=host;x-sdk-date, Signature=ab12')).toEqual({ algorithm: 'SDK-HMAC-SHA256', key: 'ak', signedHeaders: ['host', 'x-sdk-date'], signature: 'ab12' });
    expect(parseAuthorization('V11-HMAC-SHA256 Credential=AK/20191115/region-id-1/service, SignedHeaders=host;x-sdk-date, Signature=c639')).toEqual({ algorithm: 'V11-HMAC-SHA256', key: 'AK', scope: '20191115/region-id-1/service', signedHeaders: ['host', 'x-sdk-date'], signature: 'c639' });
    // The demos' grammar, `ALG\s+Access=...,\s?SignedHeaders=...,\s?Signature=...`, with a header's
    // whitespace (space or tab).
    const parsed = { algorithm: 'SDK-HMAC-SHA256', key: 'ak', signedHeaders: ['host', 'x-sdk-date'], signature: 'ab12' };
    for (const good of [
      'SDK-HMAC-SHA256\tAccess=ak, SignedHeaders=host;x-sdk-date, Signature=ab12',
      'SDK-HMAC-SHA256  \t Access=ak,SignedHeaders=host;x-sdk-date,\tSignature=ab12',
      'SDK-HMAC-SHA256 Access=ak,\tSignedHeaders=host;x-sdk-date, Signature=ab12',
    ]) {
      expect(parseAuthorization(good), JSON.stringify(good)).toEqual(parsed);
    }
    for (const bad of ['', 'SDK-HMAC-SHA256', 'SDK-HMAC-SHA256 Access=a', 'SDK-HMAC-SHA256\t', 'SDK-HMAC-SHA256 Access=a,  SignedHeaders=h, Signature=00', 'SDK-HMAC-SHA256 Access=a, \tSignedHeaders=h, Signature=00', 'SDK-HMAC-SHA256 Access=a, SignedHeaders=h, Signature=xyz', 'SDK-HMAC-SHA256 Access=a, Access=b, Signature=00', 'SDK-HMAC-SHA256 Access=a, SignedHeaders=a;;b, Signature=00']) {
      expect(parseAuthorization(bad), bad).toBeNull();
    }
  });
});

describe('signFetchRequest', () => {
  it('returns a signed copy whose body and URL are what was signed', async () => {
    const original = new Request('https://api.example.com/v1/items?b=2&a=1', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    const signed = await signFetchRequest(original, creds, { date });
    expect(signed.url).toBe(original.url);
    expect(await signed.clone().text()).toBe('{"a":1}');
    expect(signed.headers.get('x-sdk-date')).toBe('20191115T033655Z');
    expect(signed.headers.has('host')).toBe(false); // fetch sends Host from the URL, which is what was signed
    const received = new Request(signed.url, { method: 'POST', headers: [...signed.headers, ['host', 'api.example.com']], body: await signed.clone().arrayBuffer() });
    const r = await verifyRequest(received, resolve, { now: date });
    expect(r.ok).toBe(true);
    // The original stays usable.
    expect(await original.text()).toBe('{"a":1}');
  });
});

describe('parseAuthorization on control characters', () => {
  it('refuses a signature with U+0010..U+0019, which case-folding would read as digits', () => {
    for (let c = 0x10; c <= 0x19; c++) {
      expect(parseAuthorization(`SDK-HMAC-SHA256 Access=ak, SignedHeaders=x-sdk-date, Signature=${String.fromCharCode(c)}ab12`)).toBeNull();
    }
    expect(parseAuthorization('SDK-HMAC-SHA256 Access=ak, SignedHeaders=x-sdk-date, Signature=AB12cd')).not.toBeNull();
  });
});
