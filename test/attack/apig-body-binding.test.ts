// Attack: the body is bound to the signature. A signed X-Sdk-Content-Sha256 (or -Sm3) digest must be the
// body's; UNSIGNED-PAYLOAD is accepted only as "body not authenticated", or refused by option.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { signRequest, verifyRequest, type VerifyResult } from '../../src/apig/index.js';

const creds = { key: 'AK-BODY', secret: 'SK-BODY' };
const date = new Date(Date.UTC(2024, 4, 22, 7, 42, 58));
const resolve = (k: string) => (k === creds.key ? creds.secret : undefined);
const URL_ = 'https://api.example.com/v1/orders';
const outcome = (r: VerifyResult) => (r.ok ? `ok ${r.bodyAuthenticated ? 'authenticated' : 'unauthenticated'}` : r.reason);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

async function signedWith(hashHeader: string, body: string, algorithm?: 'SDK-HMAC-SM3') {
  const name = algorithm ? 'X-Sdk-Content-Sm3' : 'X-Sdk-Content-Sha256';
  return signRequest({ method: 'POST', url: URL_, headers: { [name]: hashHeader }, body }, creds, { date, algorithm });
}
const verify = (headers: Record<string, string>, body: string, options = {}) => verifyRequest({ method: 'POST', url: URL_, headers, body }, resolve, { now: date, ...options });

describe('the body is bound to the signature', () => {
  it('a signed digest that is the body\'s verifies; any other body is body-hash-mismatch', async () => {
    const body = '{"amount":1}';
    const s = await signedWith(sha256(body), body);
    expect(outcome(await verify(s.headers, body))).toBe('ok authenticated');
    expect(outcome(await verify(s.headers, '{"amount":1000}'))).toBe('body-hash-mismatch');
    expect(outcome(await verify(s.headers, ''))).toBe('body-hash-mismatch');
    // Upper-case hex is the same digest.
    const upper = await signedWith(sha256(body).toUpperCase(), body);
    expect(outcome(await verify(upper.headers, body))).toBe('ok authenticated');
  });

  it('a signed value that is neither a digest nor UNSIGNED-PAYLOAD never authenticates a body', async () => {
    for (const value of ['', 'abc', 'unsigned-payload', 'UNSIGNED-PAYLOAD-X', 'g'.repeat(64), sha256('x') + '0']) {
      const s = await signedWith(value, 'x');
      expect(outcome(await verify(s.headers, 'x')), JSON.stringify(value)).toBe('body-hash-mismatch');
    }
  });

  it('an unsigned digest header is ignored: the body itself is hashed', async () => {
    const s = await signRequest({ method: 'POST', url: URL_, body: 'real' }, creds, { date });
    // The attacker adds the digest of their own body, unsigned: the signature covers the real body.
    const headers = { ...s.headers, 'X-Sdk-Content-Sha256': sha256('forged') };
    expect(outcome(await verify(headers, 'forged'))).toBe('signature-mismatch');
    expect(outcome(await verify(headers, 'real'))).toBe('ok authenticated');
  });

  it('UNSIGNED-PAYLOAD: accepted as not authenticated by default, refused with allowUnsignedPayload: false', async () => {
    const s = await signRequest({ method: 'PUT', url: URL_, body: 'upload' }, creds, { date, unsignedPayload: true });
    const put = (body: string, options = {}) => verifyRequest({ method: 'PUT', url: URL_, headers: s.headers, body }, resolve, { now: date, ...options });
    expect(outcome(await put('upload'))).toBe('ok unauthenticated');
    expect(outcome(await put('anything else'))).toBe('ok unauthenticated');
    expect(outcome(await put('upload', { allowUnsignedPayload: false }))).toBe('unsigned-payload');
  });

  it('SM3: X-Sdk-Content-Sm3 is held to the body\'s SM3 digest (GB/T 32905 "abc" example)', async () => {
    // GB/T 32905-2016 Appendix A.1: SM3("abc").
    const abc = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';
    const s = await signedWith(abc, 'abc', 'SDK-HMAC-SM3');
    expect(outcome(await verify(s.headers, 'abc'))).toBe('ok authenticated');
    expect(outcome(await verify(s.headers, 'abd'))).toBe('body-hash-mismatch');
  });
});
