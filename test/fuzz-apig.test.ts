// Fuzzing every APIG parser that reads outside input (issue 8): at least 10,000 random and malformed
// inputs each, half of them mutations of valid inputs. Each must answer (null, a result with a reason,
// or a SignerError), never throw anything else, and what it accepts must be what it claims.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  diagnose,
  formatSdkDate,
  parseAuthorization,
  parseGatewayCanonicalRequest,
  parseSdkDate,
  signRequest,
  verifyBasicAuthorization,
  verifyRequest,
  type ApigRequest,
  type VerifyFailureReason,
} from '../src/apig/index.js';
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from '../src/crypto/codecs.js';
import { SignerError } from '../src/errors.js';
import { FUZZ_RUNS, fcParams, fuzzText, mutationsOf, nastyString, onlySignerError, onlySignerErrorAsync } from './fixtures/hardening/fuzz.js';

const TIMEOUT = 120_000;
const creds = { key: 'QTWAOYTTINDUT2QVKYUC', secret: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
const date = parseSdkDate('20191115T033655Z');
const URL_SEED = 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0';

async function seeds() {
  const get = await signRequest({ method: 'GET', url: URL_SEED, headers: { 'Content-Type': 'application/json' } }, creds, { date });
  const post = await signRequest({ method: 'POST', url: 'https://api.example.com/v1/items/?b=2&a=1', headers: { 'X-Stage': 'RELEASE' }, body: '{"a":1}' }, creds, { date });
  const v11 = await signRequest({ method: 'GET', url: 'https://api.example.com/x' }, creds, { date, algorithm: 'V11-HMAC-SHA256', region: 'region-id-1', service: 'service' });
  const sm3 = await signRequest({ method: 'PUT', url: 'https://api.example.com/%E4%B8%AD?q=a+b' }, creds, { date, algorithm: 'SDK-HMAC-SM3' });
  return { get, post, v11, sm3 };
}

const REASONS: readonly VerifyFailureReason[] = [
  'missing-signature', 'malformed-authorization', 'bad-request', 'unknown-key', 'missing-signed-header', 'date-not-signed', 'bad-timestamp', 'expired', 'signature-mismatch', 'body-too-large', 'headers-too-large',
  'scope-mismatch', 'body-hash-mismatch',
];

describe('fuzz: APIG Authorization header (parseAuthorization)', () => {
  it(`returns null or a well-formed parse for ${FUZZ_RUNS} inputs`, async () => {
    const s = await seeds();
    const auths = [s.get.authorization, s.post.authorization, s.v11.authorization, s.sm3.authorization, s.get.authorization.replace(/, /g, ',')];
    let n = 0;
    fc.assert(
      fc.property(fuzzText(auths, 200), (value) => {
        n++;
        const p = onlySignerError(() => parseAuthorization(value), value);
        expect(p instanceof SignerError).toBe(false); // it never throws, not even a SignerError
        if (p === null || p instanceof SignerError) return;
        expect(p.algorithm.length).toBeGreaterThan(0);
        expect(p.algorithm).not.toContain(' ');
        expect(p.key.length).toBeGreaterThan(0);
        expect(p.key).not.toMatch(/[ ,]/);
        expect(p.signature).toMatch(/^[0-9a-fA-F]+$/);
        expect(p.signedHeaders.length).toBeGreaterThan(0);
        for (const h of p.signedHeaders) expect(h).toMatch(/^[^ ;]+$/);
        if (p.scope !== undefined) expect(p.scope).toMatch(/^\d{8}\/[^/]+\/[^/]+$/);
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
  }, TIMEOUT);
});

describe('fuzz: X-Sdk-Date (parseSdkDate)', () => {
  it(`returns a date that formats back to the input, or ERR_BAD_DATE, for ${FUZZ_RUNS} inputs`, () => {
    let n = 0;
    let accepted = 0;
    fc.assert(
      fc.property(fuzzText(['20191115T033655Z', '20200229T235959Z', '19700101T000000Z', '99991231T235959Z'], 24), (text) => {
        n++;
        const d = onlySignerError(() => parseSdkDate(text), text);
        if (d instanceof SignerError) {
          expect(d.code).toBe('ERR_BAD_DATE');
          return;
        }
        accepted++;
        expect(formatSdkDate(d)).toBe(text);
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(accepted).toBeGreaterThan(0);
  }, TIMEOUT);
});

describe('fuzz: Basic credentials (verifyBasicAuthorization)', () => {
  it(`answers with a reason, and accepts only the exact key:secret, for ${FUZZ_RUNS} inputs`, async () => {
    const valid = 'Basic ' + base64Encode(utf8Encode('basic_user:s3cret-Secret!'));
    const seedsText = [valid, valid.toLowerCase(), '  ' + valid + '\t', 'Basic ' + base64Encode(utf8Encode('basic_user:')), 'Basic ' + base64Encode(utf8Encode(':x')), 'Basic ' + base64Encode(utf8Encode('中:文'))];
    const resolve = (k: string) => (k === 'basic_user' ? 's3cret-Secret!' : k === '中' ? '文' : undefined);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fuzzText(seedsText, 120), fc.constantFrom(null, undefined, '')), async (value) => {
        n++;
        const r = await onlySignerErrorAsync(() => verifyBasicAuthorization(value, resolve), value);
        expect(r instanceof SignerError).toBe(false);
        if (r instanceof SignerError) return;
        if (!r.ok) {
          expect(['missing-signature', 'malformed-authorization', 'unknown-key', 'bad-credentials']).toContain(r.reason);
          expect(typeof r.message).toBe('string');
          return;
        }
        const decoded = utf8Decode(base64Decode(value!.trim().slice(6).trim()));
        expect(['basic_user:s3cret-Secret!', '中:文']).toContain(decoded);
        expect(r.key).toBe(decoded.slice(0, decoded.indexOf(':')));
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
  }, TIMEOUT);
});

describe('fuzz: gateway error messages (diagnose, parseGatewayCanonicalRequest)', () => {
  const FAQ_VERIFY_FAIL = JSON.stringify({
    error_msg: 'Incorrect app authentication information: verify signature fail, canonicalRequest:GET|/test/|host:d7da***3df7.example.com|x-sdk-date:20230527T015431Z|host;x-sdk-date|e3b0c***52b855',
    error_code: 'APIG.0303',
    request_id: 'cb14***62dc',
  });
  const FAQ_EXPIRED = '{"error_msg":"Incorrect app authentication information: signature expired, signature time:20230527T000431Z,server time:20230527T020608Z","error_code":"APIG.0303","request_id":"fd65***b8ad"}';
  const CANONICAL = ['GET|/test/||host:a.com|x-sdk-date:20230527T015431Z|x-v:a|b||host;x-sdk-date;x-v|e3b0', 'GET|/x/|a=1|host:a.com|host|e3b0', 'POST|/a%20b/|q=a%2Bb|content-type:application/json|host:api.example.com|x-sdk-date:20191115T033655Z||content-type;host;x-sdk-date|***'];
  const MESSAGES = [
    FAQ_VERIFY_FAIL,
    FAQ_EXPIRED,
    ...CANONICAL.map((c) => `Incorrect app authentication information: verify signature fail, canonicalRequest:${c}`),
    '{"error_msg":"Incorrect app authentication information: app not found, appkey 0117***e5e1","error_code":"APIG.0303"}',
    'Incorrect IAM authentication information: AK access failed to reach the limit,forbidden.',
    'Incorrect IAM authentication information: verify aksk signature fail, APIG.0301',
  ];
  const KINDS = ['signature-mismatch', 'secret-mismatch', 'expired', 'unknown-key', 'locked', 'unrecognized'];

  it(`diagnose explains or gives up on ${FUZZ_RUNS} messages, with and without the signed request`, async () => {
    const s = await seeds();
    const signedOptions = [undefined, s.get, s.post, s.sm3];
    let n = 0;
    fc.assert(
      fc.property(fuzzText(MESSAGES, 300), fc.nat(signedOptions.length - 1), (message, i) => {
        n++;
        const d = onlySignerError(() => diagnose(message, signedOptions[i]), message);
        expect(d instanceof SignerError).toBe(false);
        if (d instanceof SignerError) return;
        expect(KINDS).toContain(d.kind);
        expect(typeof d.summary).toBe('string');
        expect(Array.isArray(d.hints)).toBe(true);
        for (const h of d.hints) expect(typeof h).toBe('string');
        for (const l of d.lines ?? []) {
          expect(['method', 'path', 'query', 'header', 'signed-headers', 'payload-hash']).toContain(l.part);
          expect(l.match || typeof l.hint === 'string').toBe(true);
        }
        if (d.clockSkewSeconds !== undefined) expect(Number.isFinite(d.clockSkewSeconds)).toBe(true);
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
  }, TIMEOUT);

  it(`parseGatewayCanonicalRequest returns null or a well-formed parse for ${FUZZ_RUNS} texts`, () => {
    let n = 0;
    fc.assert(
      fc.property(fuzzText(CANONICAL, 200), (text) => {
        n++;
        const p = onlySignerError(() => parseGatewayCanonicalRequest(text), text);
        expect(p instanceof SignerError).toBe(false);
        if (p === null || p instanceof SignerError) return;
        for (const v of [p.method, p.path, p.query, p.signedHeaders, p.payloadHash]) expect(typeof v).toBe('string');
        expect(p.signedHeaders).toMatch(/^[A-Za-z0-9_.~;-]+$/);
        for (const [name, value] of p.headers) {
          expect(name).toMatch(/^[a-z0-9_.~-]+$/);
          expect(typeof value).toBe('string');
        }
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
  }, TIMEOUT);
});

describe('fuzz: verifyRequest on received requests', () => {
  it(`answers ok or a known reason for ${FUZZ_RUNS} random and mutated requests, never throws`, async () => {
    const s = await seeds();
    const bases: { method: string; url: string; headers: Record<string, string>; body?: string }[] = [
      { method: 'GET', url: URL_SEED, headers: s.get.headers },
      { method: 'POST', url: 'https://api.example.com/v1/items/?b=2&a=1', headers: s.post.headers, body: '{"a":1}' },
      { method: 'GET', url: 'https://api.example.com/x', headers: s.v11.headers },
      { method: 'PUT', url: 'https://api.example.com/%E4%B8%AD?q=a+b', headers: s.sm3.headers },
    ];
    const authSeeds = bases.map((b) => b.headers.Authorization!);
    const headerEdit = fc.oneof(
      { arbitrary: fc.constant<'keep'>('keep'), weight: 3 },
      { arbitrary: fc.constant<'drop'>('drop'), weight: 1 },
      { arbitrary: fuzzText(authSeeds.concat(['20191115T033655Z', 'api.example.com', 'application/json']), 200), weight: 3 },
    );
    const bodyArb = fc.oneof(fc.constant<'keep'>('keep'), fc.uint8Array({ maxLength: 64 }), nastyString(40), fc.constant(null), fc.constant(undefined));
    let n = 0;
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat(bases.length - 1),
        fc.oneof(fc.constant<'keep'>('keep'), fuzzText(['GET', 'POST', 'put'], 12)),
        fc.oneof({ arbitrary: fc.constant<'keep'>('keep'), weight: 2 }, { arbitrary: fuzzText(bases.map((b) => b.url).concat(['/v1/items/?b=2&a=1', '']), 200), weight: 3 }),
        fc.record({ authorization: headerEdit, date: headerEdit, host: headerEdit }),
        fc.array(fc.tuple(nastyString(16), nastyString(40)), { maxLength: 3 }),
        bodyArb,
        fc.boolean(),
        fc.constantFrom<'record' | 'pairs'>('record', 'pairs'),
        async (i, method, url, edits, extra, body, asyncResolve, container) => {
          n++;
          const base = bases[i]!;
          const headers: [string, string][] = [];
          for (const [name, value] of Object.entries(base.headers)) {
            const lower = name.toLowerCase();
            const edit = lower === 'authorization' ? edits.authorization : lower === 'x-sdk-date' ? edits.date : lower === 'host' ? edits.host : 'keep';
            if (edit === 'drop') continue;
            headers.push([name, edit === 'keep' ? value : edit]);
          }
          headers.push(...extra);
          const request: ApigRequest = {
            method: method === 'keep' ? base.method : method,
            url: url === 'keep' ? base.url : url,
            headers: container === 'record' ? Object.fromEntries(headers) : headers,
            body: body === 'keep' ? base.body : body,
          };
          const resolve = (k: string) => (k === creds.key ? creds.secret : undefined);
          const r = await onlySignerErrorAsync(() => verifyRequest(request, asyncResolve ? async (k) => resolve(k) : resolve, { now: date }), request);
          expect(r instanceof SignerError).toBe(false);
          if (r instanceof SignerError) return;
          if (r.ok) {
            ok++;
            expect(r.key).toBe(creds.key);
          } else {
            expect(REASONS).toContain(r.reason);
            expect(typeof r.message).toBe('string');
            expect(r.message).not.toContain(creds.secret);
          }
        },
      ),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(ok).toBeGreaterThan(0); // the unmutated requests went through: the fuzzer reached the signature check
  }, TIMEOUT);

  it('mutated Authorization headers alone never verify unless the mutation kept the signature', async () => {
    const s = await seeds();
    const base = { method: 'POST', url: 'https://api.example.com/v1/items/?b=2&a=1', headers: s.post.headers, body: '{"a":1}' };
    let n = 0;
    await fc.assert(
      fc.asyncProperty(mutationsOf([s.post.authorization]), async (auth) => {
        n++;
        const r = await verifyRequest({ ...base, headers: { ...base.headers, Authorization: auth } }, (k) => (k === creds.key ? creds.secret : undefined), { now: date });
        if (r.ok) {
          const p = parseAuthorization(auth)!;
          expect(p.signature.toLowerCase()).toBe(s.post.signature);
          expect(p.key).toBe(creds.key);
        } else {
          expect(REASONS).toContain(r.reason);
        }
      }),
      fcParams(FUZZ_RUNS / 5),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS / 5);
  }, TIMEOUT);
});
