// Attack: verifyRequest answers every request with a result, never a throw or a rejection, whatever the
// client sends, also when it names a key the backend knows (key ids are public: every request carries
// one). Runs in both builds (node:crypto and Web Crypto).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { signRequest, verifyRequest, type VerifyResult } from '../../src/apig/index.js';
import { fcParams, nastyString, scaled } from '../fixtures/hardening/fuzz.js';

const KEY = 'known-app-key';
const SECRET = 'known-app-secret';
const date = new Date(Date.UTC(2019, 10, 15, 3, 36, 55));
const resolve = (k: string) => (k === KEY ? SECRET : undefined);
const URL_ = 'https://api.example.com/v1/items?limit=2';

async function result(p: Promise<VerifyResult>): Promise<VerifyResult> {
  // A rejection fails the test with its error; a result must carry a reason when refused.
  const r = await p;
  expect(typeof r.ok).toBe('boolean');
  if (!r.ok) expect(typeof r.reason === 'string' && typeof r.message === 'string').toBe(true);
  return r;
}

describe('verifyRequest never throws on what a client sends, with a known key', () => {
  it('a V11 Credential scope of any size or content (the HKDF info limit, NUL, surrogates, separators)', async () => {
    const signed = await signRequest({ method: 'GET', url: URL_ }, { key: KEY, secret: SECRET }, { date, algorithm: 'V11-HMAC-SHA256', region: 'r', service: 's' });
    const scopes = ['r'.repeat(1025), 'r'.repeat(20_000), '\0', '\ud800', 'é'.repeat(600), 'a,b', 'a;b', '%00', ' '];
    for (const region of scopes) {
      const auth = signed.authorization.replace('/r/s,', `/${region}/s,`);
      const r = await result(verifyRequest({ method: 'GET', url: URL_, headers: { ...signed.headers, Authorization: auth } }, resolve, { now: date }));
      expect(r.ok).toBe(false);
    }
    await fc.assert(
      fc.asyncProperty(nastyString(3000), nastyString(40), async (region, service) => {
        const auth = signed.authorization.replace('/r/s,', `/${region}/${service},`);
        const r = await result(verifyRequest({ method: 'GET', url: URL_, headers: { ...signed.headers, Authorization: auth } }, resolve, { now: date }));
        expect(r.ok).toBe(false);
      }),
      fcParams(scaled(300)),
    );
  });

  it('any method, target, header value and body (including what a runtime refuses to hash)', async () => {
    const signed = await signRequest({ method: 'POST', url: URL_, body: '{}' }, { key: KEY, secret: SECRET }, { date });
    const bodies: unknown[] = ['x', new Uint8Array(3), new ArrayBuffer(2), null, undefined, { parsed: true }, 42, Symbol.iterator, new DataView(new ArrayBuffer(4))];
    await fc.assert(
      fc.asyncProperty(nastyString(20), nastyString(200), fc.dictionary(nastyString(20), nastyString(100), { maxKeys: 4 }), fc.constantFrom(...bodies), async (method, target, extra, body) => {
        const headers: Record<string, string> = { ...signed.headers, ...extra };
        const r = await result(verifyRequest({ method, url: target, headers, body: body as never }, resolve, { now: date }));
        // Nothing here is the signed request: never accepted.
        if (r.ok) expect([method, target]).toEqual(['POST', URL_]);
      }),
      fcParams(scaled(500)),
    );
  });

  it('request shapes that are not requests at all', async () => {
    for (const request of [null, undefined, 42, 'GET /', [], { url: 5 }, { url: null }, { method: {}, url: '/' }, { url: '/', headers: 'x' }, { url: '/', headers: [[1, 2]] }]) {
      const r = await result(verifyRequest(request as never, resolve, { now: date }));
      expect(r.ok).toBe(false);
    }
  });

  it('a throwing resolveSecret is the caller\'s own error: it propagates (and only then)', async () => {
    const signed = await signRequest({ method: 'GET', url: URL_ }, { key: KEY, secret: SECRET }, { date });
    await expect(verifyRequest({ method: 'GET', url: URL_, headers: signed.headers }, () => { throw new Error('db down'); }, { now: date })).rejects.toThrow('db down');
  });
});
