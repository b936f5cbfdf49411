// Arguments of the wrong type are typed errors, never a TypeError from inside or a value silently ignored.
// An options argument: null means none (as undefined does), anything but an object is refused.
import { describe, expect, it } from 'vitest';
import { createNonceStore, encryptSensitive, prepareSignedResponse, responseBody, signedResponse, verifyNotification } from '../../src/koogallery/index.js';
import { aesCbcDecrypt, aesCbcEncrypt, hexEncode } from '../../src/crypto/index.js';
import { createSignedFetch, credentialsFromEnv, diagnose, signFetchRequest, signRequest, verifyBasicAuthorization, verifyRequest } from '../../src/apig/index.js';
import { SignerError } from '../../src/errors.js';

const creds = { key: 'AK', secret: 'SK' };
const key = Uint8Array.from({ length: 16 }, (_, i) => i);
const iv = new Uint8Array(16);
const date = new Date('2019-11-15T03:36:55Z');
const request = { method: 'GET', url: 'https://h.example/v1/x?b=1&a=2', headers: { 'X-Sdk-Date': '20191115T033655Z' } };

async function refused(call: () => unknown, message = 'options must be an object'): Promise<void> {
  let caught: unknown;
  try {
    await call();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SignerError);
  expect((caught as SignerError).code).toBe('ERR_INVALID_ARGUMENT');
  expect((caught as SignerError).message).toBe(message);
}

describe('arguments of the wrong type', () => {
  it('null options are no options', async () => {
    const a = await signRequest(request, creds, null as never);
    const b = await signRequest(request, creds);
    expect(a.authorization).toBe(b.authorization);
    const signed = await signFetchRequest(new Request('https://h.example/v1/x'), creds, null as never);
    expect(signed.headers.get('authorization')).toMatch(/^SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=[0-9a-f]{64}$/);
    const verified = await verifyRequest({ ...request, headers: a.headers }, () => 'SK', { now: date });
    expect(verified.ok).toBe(true);
    // Without `now`, X-Sdk-Date of 2019 is stale: the defaults really apply.
    const stale = await verifyRequest({ ...request, headers: a.headers }, () => 'SK', null as never);
    expect(stale).toMatchObject({ ok: false, reason: 'expired' });
    expect(typeof createSignedFetch(creds, null as never)).toBe('function');
    // verifyNotification with null options: the defaults, so an unsigned call is refused as such.
    const unsigned = await verifyNotification({ method: 'GET', url: 'https://isv.example/produce?activity=newInstance' }, 'AK', null as never);
    expect(unsigned).toMatchObject({ ok: false, reason: 'missing-signature' });
    // AES-CBC and the KooGallery helpers: null options are the defaults (PKCS#7 padding; a random IV;
    // status 200). The ciphertext below is OpenSSL's: openssl enc -aes-128-cbc -K 00..0f -iv 00..00 of 'x'.
    expect(hexEncode(await aesCbcEncrypt(key, iv, 'x', null as never))).toBe('8cbd19e60f2300e08f7dff69db5f66d8');
    expect(await encryptSensitive('x', 'AK', 1, null as never)).toMatch(/^[A-Za-z0-9]{16}[A-Za-z0-9+/]{22}==$/);
    expect((await signedResponse({}, 'AK', null as never)).status).toBe(200);
    const store = createNonceStore(null as never);
    expect(await store.checkAndSet('n1')).toBe(true);
    expect(await store.checkAndSet('n1')).toBe(false);
  });

  it('options that are not an object are refused with a typed error', async () => {
    for (const bad of [42, 'algorithm', true, () => ({})]) {
      await refused(() => signRequest(request, creds, bad as never));
      await refused(() => signFetchRequest(new Request('https://h.example/'), creds, bad as never));
      await refused(() => verifyRequest(request, () => 'SK', bad as never));
      await refused(() => createSignedFetch(creds, bad as never));
      await refused(() => createNonceStore(bad as never));
      await refused(() => verifyNotification({ method: 'GET', url: 'https://isv.example/p' }, 'AK', bad as never));
      await refused(() => aesCbcEncrypt(key, iv, 'x', bad as never));
      await refused(() => aesCbcDecrypt(key, iv, new Uint8Array(16), bad as never));
      await refused(() => encryptSensitive('x', 'AK', 1, bad as never));
      await refused(() => signedResponse({}, 'AK', bad as never), 'init must be an object');
    }
    let caught: unknown;
    try {
      await verifyNotification({ method: 'GET', url: 'https://isv.example/p' }, 'AK', { schemes: 42 as never });
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ name: 'SignerError', code: 'ERR_INVALID_ARGUMENT', message: 'schemes must be an array of scheme names' });
    // Refused when the signing fetch is made, not at its first call.
    expect(() => createSignedFetch(creds, { fetch: 'fetch' as never })).toThrow('options.fetch must be a function');
  });

  it('other arguments of the wrong type are typed errors too', async () => {
    await refused(() => credentialsFromEnv(5 as never), 'env must be an object or a lookup function');
    await refused(() => responseBody({ appInfo: null } as never, 'AK'), 'appInfo must be an object');
    await refused(() => diagnose('verify signature fail', { canonicalRequest: 5 } as never), 'signed must be what signRequest returned (its canonicalRequest a string)');
    expect(diagnose('verify signature fail', null as never).kind).toBe('signature-mismatch');
    await refused(() => verifyRequest(request, undefined as never), 'resolveSecret must be a function');
    await refused(() => verifyBasicAuthorization('Basic dTpw', { u: 'p' } as never), 'resolveSecret must be a function');
    await refused(() => verifyRequest(request, () => 'SK', { algorithms: 'SDK-HMAC-SHA256' as never }), 'options.algorithms must be an array');
    await refused(() => verifyRequest(request, () => 'SK', { algorithms: null as never }), 'options.algorithms must be an array');
    // A body JSON cannot serialise (a BigInt, a cycle) is refused with the reason as the cause.
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const body of [{ n: 10n }, cyclic]) {
      let caught: unknown;
      await prepareSignedResponse(body, 'AK').catch((e) => (caught = e));
      expect(caught).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: 'body cannot be serialised as JSON' });
      expect((caught as { cause?: unknown }).cause).toBeInstanceOf(TypeError);
    }
  });
});
