// SM3 on both paths and SDK-HMAC-SM3 signing/verification. Runs in the `node` project (node:crypto's SM3)
// and in the `web` project (no native SM3: the library uses the pure implementation).
import { describe, expect, it } from 'vitest';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import * as rt from '#runtime';
import { hmacSm3, hmacSm3Hex, runtimeName, sm3, sm3Hex, isSignerError } from '../../src/crypto/index.js';
import { hmacSm3Pure, sm3Pure } from '../../src/crypto/sm3-pure.js';
import { SDK_HMAC_SHA256, SDK_HMAC_SM3, signRequest, verifyRequest, type VerifyResult } from '../../src/apig/index.js';
import published from '../../vectors/apig-published.json';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const rand = (n: number) => new Uint8Array(randomBytes(n));
const opensslSm3 = (b: Uint8Array | string) => createHash('sm3').update(b).digest('hex');
const opensslHmacSm3 = (k: Uint8Array | string, b: Uint8Array | string) => createHmac('sm3', k).update(b).digest('hex');

describe('SM3: the library path, the pure path and OpenSSL agree', () => {
  it('uses node:crypto in the node project and the pure implementation in the web project', () => {
    expect(runtimeName).toBe(process.env.EXPECTED_RUNTIME);
    const web = (runtimeName as string) === 'web';
    expect(rt.nativeSm3 === null).toBe(web);
    expect(rt.nativeHmacSm3 === null).toBe(web);
  });

  it('on random inputs of every length 0..4096', async () => {
    const data = rand(4096);
    for (let n = 0; n <= 4096; n++) {
      const input = data.subarray(0, n);
      const want = opensslSm3(input);
      expect(hex(sm3Pure(input))).toBe(want);
      expect(await sm3Hex(input)).toBe(want);
    }
  }, 30_000);

  it('on 1 MiB, and on an unaligned view', async () => {
    const big = rand(1024 * 1024 + 3);
    const view = big.subarray(3);
    const want = opensslSm3(view);
    expect(hex(sm3Pure(view))).toBe(want);
    expect(hex(await sm3(view))).toBe(want);
  });

  it('HMAC-SM3 on random keys (0..200 bytes, longer than a block included) and data', async () => {
    for (let k = 0; k <= 200; k += 7) {
      const key = rand(k);
      const data = rand((k * 37) % 300);
      const want = opensslHmacSm3(key, data);
      expect(hex(hmacSm3Pure(key, data))).toBe(want);
      expect(await hmacSm3Hex(key, data)).toBe(want);
      expect(hex(await hmacSm3(key, data))).toBe(want);
    }
  });

  it('strings are hashed as UTF-8 (GB/T 32905 example "abc")', async () => {
    expect(await sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(await sm3Hex('国密')).toBe(opensslSm3('国密'));
    expect(await hmacSm3Hex('密钥', '数据')).toBe(opensslHmacSm3('密钥', '数据'));
  });
});

interface PublishedVector {
  id: string;
  input: { method: string; url: string; headers: [string, string][]; key: string; secret: string; body?: string; algorithm?: string; headerRule?: 'v3-java' };
  expect: { authorization: string };
}
const vectors = (published.vectors as unknown as PublishedVector[]).filter((v) => v.id.startsWith('java-v3-SM3-'));

const SIGNED_AT = new Date('2019-11-15T03:36:55Z');

describe('SDK-HMAC-SM3 verification of the published Java v3 vectors', () => {
  it('has both vectors', () => {
    expect(vectors.map((v) => v.id)).toEqual(['java-v3-SM3-1', 'java-v3-SM3-2']);
  });

  for (const v of vectors) {
    const request = () => ({
      method: v.input.method,
      url: v.input.url,
      headers: [...v.input.headers, ['Host', 'service.region.example.com'], ['Authorization', v.expect.authorization]] as [string, string][],
      body: v.input.body ?? null,
    });

    it(`${v.id}: accepted by default and when SM3 is listed (by name or suite)`, async () => {
      const resolve = (k: string) => (k === v.input.key ? v.input.secret : undefined);
      for (const options of [{}, { algorithms: ['SDK-HMAC-SM3' as const] }, { algorithms: [SDK_HMAC_SM3] }]) {
        const r = await verifyRequest(request(), resolve, { now: SIGNED_AT, ...options });
        expect(r).toEqual({ ok: true, key: 'AccessKey', signedHeaders: ['head-name', 'host', 'x-sdk-date'], sdkDate: SIGNED_AT, algorithm: 'SDK-HMAC-SM3', bodyAuthenticated: true });
      }
    });

    it(`${v.id}: refused, naming the algorithm, when only SHA-256 is accepted`, async () => {
      for (const algorithms of [['SDK-HMAC-SHA256' as const], [SDK_HMAC_SHA256]]) {
        const r = await verifyRequest(request(), () => v.input.secret, { now: SIGNED_AT, algorithms });
        expect(r.ok).toBe(false);
        const f = r as Extract<VerifyResult, { ok: false }>;
        expect(f.reason).toBe('malformed-authorization');
        expect(f.message).toBe('signature algorithm "SDK-HMAC-SM3" is not accepted here (accepted: SDK-HMAC-SHA256)');
      }
    });

    it(`${v.id}: a changed body, header or secret is a signature mismatch`, async () => {
      const r1 = await verifyRequest({ ...request(), body: (v.input.body ?? '') + ' ' }, () => v.input.secret, { now: SIGNED_AT });
      expect(r1.ok ? 'ok' : r1.reason).toBe('signature-mismatch');
      const req = request();
      req.headers = req.headers.map(([n, val]) => [n, n === 'head-name' ? 'head-value2' : val]);
      const r2 = await verifyRequest(req, () => v.input.secret, { now: SIGNED_AT });
      expect(r2.ok ? 'ok' : r2.reason).toBe('signature-mismatch');
      const r3 = await verifyRequest(request(), () => 'SecretKey2', { now: SIGNED_AT });
      expect(r3.ok ? 'ok' : r3.reason).toBe('signature-mismatch');
    });
  }
});

describe('SDK-HMAC-SM3 signing', () => {
  const creds = { key: 'HPUAL4HHHH3DJLRVJC0D', secret: 'mFh2yfTIz7bE7gB2hbWdQ5D6O3LtSBhwYZu6NkTo' };
  const date = new Date('2024-03-01T08:00:00Z');

  it('hashes with SM3 and signs with HMAC-SM3, exactly as section 1.1 says (checked against OpenSSL)', async () => {
    const body = '{"vpc":{"name":"国密-vpc","cidr":"192.168.0.0/16"}}';
    const s = await signRequest(
      { method: 'POST', url: 'https://vpc.cn-north-4.myhuaweicloud.com/v1/0f1e/vpcs?b=2&a=1', headers: { 'Content-Type': 'application/json;charset=utf8' }, body },
      creds,
      { algorithm: 'SDK-HMAC-SM3', date },
    );
    expect(s.canonicalRequest).toBe(
      'POST\n/v1/0f1e/vpcs/\na=1&b=2\ncontent-type:application/json;charset=utf8\nhost:vpc.cn-north-4.myhuaweicloud.com\nx-sdk-date:20240301T080000Z\n\n' +
        'content-type;host;x-sdk-date\n' + opensslSm3(body),
    );
    expect(s.stringToSign).toBe(`SDK-HMAC-SM3\n20240301T080000Z\n${opensslSm3(s.canonicalRequest)}`);
    expect(s.signature).toBe(opensslHmacSm3(creds.secret, s.stringToSign));
    expect(s.authorization).toBe(`SDK-HMAC-SM3 Access=${creds.key}, SignedHeaders=content-type;host;x-sdk-date, Signature=${s.signature}`);
  });

  it('an empty body hashes to the SM3 of nothing', async () => {
    const s = await signRequest({ method: 'GET', url: 'https://a.example.com/' }, creds, { algorithm: 'SDK-HMAC-SM3', date });
    expect(s.canonicalRequest.split('\n').at(-1)).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
  });

  it('round-trips through verifyRequest for methods, bodies and header rules', async () => {
    for (const [method, body] of [['GET', null], ['POST', rand(1000)], ['PUT', 'x'.repeat(65)], ['DELETE', '']] as const) {
      for (const headerRule of ['all', 'v3-java', 'v3-go'] as const) {
        const url = 'https://ecs.example.com/v2.1/p/servers/detail?limit=5&name=%E5%9B%BD%E5%AF%86&x=a+b';
        const s = await signRequest({ method, url, headers: { 'Content-Type': 'application/json', X_Trace: 't' }, body }, creds, { algorithm: 'SDK-HMAC-SM3', headerRule, date });
        const ok = await verifyRequest({ method, url, headers: s.headers, body }, () => creds.secret, { now: date, algorithms: ['SDK-HMAC-SM3'] });
        expect(ok.ok).toBe(true);
        const tampered = await verifyRequest({ method, url: url.replace('limit=5', 'limit=6'), headers: s.headers, body }, () => creds.secret, { now: date });
        expect(tampered.ok ? 'ok' : tampered.reason).toBe('signature-mismatch');
      }
    }
  });

  it('unsignedPayload sends X-Sdk-Content-Sm3: UNSIGNED-PAYLOAD, and the body is then not covered', async () => {
    const url = 'https://obs.example.com/bucket/big.bin';
    const s = await signRequest({ method: 'PUT', url, body: 'original' }, creds, { algorithm: 'SDK-HMAC-SM3', unsignedPayload: true, date });
    expect(s.headers['X-Sdk-Content-Sm3']).toBe('UNSIGNED-PAYLOAD');
    expect(s.headers['X-Sdk-Content-Sha256']).toBeUndefined();
    expect(s.signedHeaders).toBe('host;x-sdk-content-sm3;x-sdk-date');
    expect(s.canonicalRequest.endsWith('\nhost;x-sdk-content-sm3;x-sdk-date\nUNSIGNED-PAYLOAD')).toBe(true);
    const r = await verifyRequest({ method: 'PUT', url, headers: s.headers, body: 'another body' }, () => creds.secret, { now: date });
    expect(r.ok).toBe(true);
  });

  it('X-Sdk-Content-Sha256 does not stand for the body in SM3 (and X-Sdk-Content-Sm3 not in SHA-256)', async () => {
    const url = 'https://a.example.com/x';
    const sm = await signRequest({ method: 'POST', url, headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }, body: 'b' }, creds, { algorithm: 'SDK-HMAC-SM3', date });
    expect(sm.canonicalRequest.split('\n').at(-1)).toBe(opensslSm3('b'));
    const sha = await signRequest({ method: 'POST', url, headers: { 'X-Sdk-Content-Sm3': 'UNSIGNED-PAYLOAD' }, body: 'b' }, creds, { date });
    expect(sha.canonicalRequest.split('\n').at(-1)).toBe(createHash('sha256').update('b').digest('hex'));
    const r = await verifyRequest({ method: 'POST', url, headers: sm.headers, body: 'changed' }, () => creds.secret, { now: date });
    expect(r.ok ? 'ok' : r.reason).toBe('signature-mismatch');
  });

  it('the SDK_HMAC_SM3 suite object signs like the name', async () => {
    const req = { method: 'GET', url: 'https://a.example.com/v1?x=1' };
    const byName = await signRequest(req, creds, { algorithm: 'SDK-HMAC-SM3', date });
    const bySuite = await signRequest(req, creds, { algorithm: SDK_HMAC_SM3, date });
    expect(bySuite.authorization).toBe(byName.authorization);
  });

  it('an SHA-256 request is refused by an SM3-only verifier; an unknown name in options is a SignerError', async () => {
    const s = await signRequest({ method: 'GET', url: 'https://a.example.com/' }, creds, { date });
    const r = await verifyRequest({ method: 'GET', url: 'https://a.example.com/', headers: s.headers }, () => creds.secret, { now: date, algorithms: ['SDK-HMAC-SM3'] });
    expect(r).toEqual({ ok: false, reason: 'malformed-authorization', message: 'signature algorithm "SDK-HMAC-SHA256" is not accepted here (accepted: SDK-HMAC-SM3)' });
    const other = await verifyRequest(
      { method: 'GET', url: 'https://a.example.com/', headers: { ...s.headers, Authorization: s.authorization.replace('SDK-HMAC-SHA256', 'SDK-HMAC-SHA512') } },
      () => creds.secret,
      { now: date },
    );
    expect(other.ok ? 'ok' : other.message).toBe('signature algorithm "SDK-HMAC-SHA512" is unsupported (accepted: SDK-HMAC-SHA256, V11-HMAC-SHA256, SDK-HMAC-SM3)');
    const proto = await verifyRequest(
      { method: 'GET', url: 'https://a.example.com/', headers: { ...s.headers, Authorization: s.authorization.replace('SDK-HMAC-SHA256', 'constructor') } },
      () => creds.secret,
      { now: date },
    );
    expect(proto.ok ? 'ok' : proto.reason).toBe('malformed-authorization');
    let error: unknown;
    try {
      await verifyRequest({ method: 'GET', url: 'https://a.example.com/', headers: s.headers }, () => creds.secret, { algorithms: ['SDK-HMAC-MD5' as 'SDK-HMAC-SM3'] });
    } catch (e) {
      error = e;
    }
    expect(isSignerError(error, 'ERR_UNSUPPORTED')).toBe(true);
  });
});
