// Hostile values in every field a client controls, for both verifiers and every scheme (SDK-HMAC-SHA256,
// V11-HMAC-SHA256, SDK-HMAC-SM3; KooGallery x-sign, URL signature, opted-in authToken), in both builds:
// a result always (never a throw), and never `ok` for a forged or replayed call.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createNonceStore, signRequest, verifyRequest, type VerifyResult } from '../../src/apig/index.js';
import * as koo from '../../src/koogallery/index.js';
import { fcParams, nastyString, scaled } from '../fixtures/hardening/fuzz.js';

const creds = { key: 'FUZZ-AK', secret: 'FUZZ-SK' };
const resolve = (k: string) => (k === creds.key ? creds.secret : undefined);
const date = new Date(Date.UTC(2024, 4, 22, 7, 42, 58));
const URL_ = 'https://api.example.com/v1/items?limit=2';
const RUNS = scaled(150);
const ALGORITHMS = ['SDK-HMAC-SHA256', 'V11-HMAC-SHA256', 'SDK-HMAC-SM3'] as const;

async function apigSigned(algorithm: (typeof ALGORITHMS)[number]) {
  return signRequest({ method: 'POST', url: URL_, headers: { 'X-Custom': 'orig' }, body: 'body' }, creds, { date, algorithm, region: 'r1', service: 's1' });
}
async function apigVerify(request: object, options = {}): Promise<VerifyResult> {
  const r = await verifyRequest(request as never, resolve, { now: date, ...options });
  expect(typeof r.ok).toBe('boolean');
  return r;
}
// A header value the canonical form reads as another value than 'orig' (values are trimmed).
const otherValue = nastyString(60).filter((v) => v.trim() !== 'orig' && v.replace(/^[\s\u001c-\u001f\u0085]+|[\s\u001c-\u001f\u0085]+$/g, '') !== 'orig');

describe.each(ALGORITHMS)('verifyRequest, %s', (algorithm) => {
  it('hostile Authorization fields (key, scope, SignedHeaders, signature): a result, never ok', async () => {
    const s = await apigSigned(algorithm);
    const fields = /^(\S+) (Access|Credential)=([^,]*), SignedHeaders=([^,]*), Signature=(.*)$/.exec(s.authorization)!;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5 }), nastyString(300), async (field, value) => {
        const parts = fields.slice(1);
        if (parts[field - 1] === value) return;
        parts[field - 1] = value;
        const auth = `${parts[0]} ${parts[1]}=${parts[2]}, SignedHeaders=${parts[3]}, Signature=${parts[4]}`;
        const r = await apigVerify({ method: 'POST', url: URL_, headers: { ...s.headers, Authorization: auth }, body: 'body' });
        // Only an equivalent spelling of the same signature (hex case) may still verify.
        if (r.ok) expect(field === 5 && value.toLowerCase() === s.signature).toBe(true);
      }),
      fcParams(RUNS),
    );
  });

  it('a changed signed header, body or method is never ok; the same request twice is ok once', async () => {
    const s = await apigSigned(algorithm);
    await fc.assert(
      fc.asyncProperty(otherValue, nastyString(200), fc.constantFrom('GET', 'PUT', 'post', 'DELETE'), async (header, body, method) => {
        const base = { method: 'POST', url: URL_, headers: s.headers, body: 'body' };
        expect((await apigVerify({ ...base, headers: { ...s.headers, 'X-Custom': header } })).ok).toBe(false);
        if (body !== 'body') expect((await apigVerify({ ...base, body })).ok).toBe(false);
        if (method.toUpperCase() !== 'POST') expect((await apigVerify({ ...base, method })).ok).toBe(false);
        const replayStore = createNonceStore({ ttlSeconds: 1800 });
        expect((await apigVerify(base, { replayStore })).ok).toBe(true);
        expect(await apigVerify(base, { replayStore })).toMatchObject({ ok: false, reason: 'replayed' });
      }),
      fcParams(RUNS),
    );
  });
});

describe('verifyNotification, every scheme', () => {
  const AK = 'koo-fuzz-access-key';
  const NOW = 1_716_363_778_801;
  const BODY = '{"activity":"newInstance","orderId":"o-1"}';
  const verify = async (request: object, options: koo.VerifyOptions = {}) => {
    const r = await koo.verifyNotification(request as never, AK, { now: NOW, nonceStore: false, ...options });
    expect(typeof r.ok).toBe('boolean');
    return r;
  };

  it('x-sign and URL signature: a changed body, nonce, timestamp or signature is never ok; a replay is refused', async () => {
    const nonce = 'N0NCE';
    const ts = String(NOW);
    const xSign = await koo.headerSignature({ accessKey: AK, nonce, timestamp: ts, body: BODY });
    const sig = await koo.requestSignature({ accessKey: AK, nonce, timestamp: ts, body: BODY });
    const header = (h: Record<string, string>, body = BODY) => ({ url: 'https://isv.example.com/produceAPI/v2/tenantSync', headers: { 'x-sign': xSign, 'x-timestamp': ts, 'x-nonce': nonce, ...h }, body });
    const url = (p: Record<string, string>, body = BODY) => ({ url: `https://isv.example.com/produce?${new URLSearchParams({ signature: sig, timestamp: ts, nonce, ...p })}`, body });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('sign', 'timestamp', 'nonce', 'body'), nastyString(120), async (field, value) => {
        const original = { sign: xSign, timestamp: ts, nonce, body: BODY }[field];
        if (value === original || (field === 'sign' && value.toLowerCase() === xSign)) return;
        const h = field === 'body' ? header({}, value) : header({ [`x-${field}`]: value });
        expect((await verify(h)).ok).toBe(false);
        const urlField = field === 'sign' ? 'signature' : field;
        if (field === 'sign' && value.toLowerCase() === sig) return;
        const u = field === 'body' ? url({}, value) : url({ [urlField]: value });
        expect((await verify(u)).ok).toBe(false);
      }),
      fcParams(RUNS),
    );
    for (const call of [header({}), url({})]) {
      const nonceStore = koo.createNonceStore();
      expect((await verify(call, { nonceStore })).ok).toBe(true);
      expect(await verify(call, { nonceStore })).toMatchObject({ ok: false, reason: 'replayed' });
    }
  });

  it('authToken (opted in): a changed or added parameter is never ok; a replay is refused', async () => {
    const params = { activity: 'newInstance', businessId: 'b-1', timeStamp: '20240522074258801' };
    const token = await koo.authToken(params, AK);
    const options: koo.VerifyOptions = { schemes: koo.NOTIFICATION_SCHEMES, now: Date.UTC(2024, 4, 22, 7, 42, 58, 801) };
    const call = (p: Record<string, string>) => ({ url: `https://isv.example.com/produce?${new URLSearchParams(p)}&authToken=${encodeURIComponent(token)}` });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('activity', 'businessId', 'timeStamp', 'extra'), nastyString(60), async (name, value) => {
        if ((params as Record<string, string>)[name] === value) return;
        expect((await verify(call({ ...params, [name]: value }), options)).ok).toBe(false);
      }),
      fcParams(RUNS),
    );
    const nonceStore = koo.createNonceStore();
    expect((await verify(call(params), { ...options, nonceStore })).ok).toBe(true);
    expect(await verify(call(params), { ...options, nonceStore })).toMatchObject({ ok: false, reason: 'replayed' });
  });
});
