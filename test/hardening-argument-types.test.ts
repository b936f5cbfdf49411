// Field by field, every argument of the main public functions is replaced by values of the wrong type
// (undefined, null, numbers, strings, objects, arrays, functions, symbols, BigInts). What comes back must
// be a SignerError, never a TypeError from inside; and the verifiers must not throw at all for anything
// in the request they are given (only their own options and resolveSecret may be refused).
import { describe, expect, it } from 'vitest';
import * as apig from '../src/apig/index.js';
import * as koo from '../src/koogallery/index.js';
import { SignerError } from '../src/errors.js';

const BAD: unknown[] = [undefined, null, 42, Number.NaN, '', 'x', true, {}, [], () => 1, Symbol('s'), 10n];
const date = new Date('2020-01-01T00:00:00Z');
const creds = { key: 'AK', secret: 'SK', securityToken: 'T', projectId: 'P', domainId: 'D' };
const request = { method: 'POST', url: 'https://h.example/p?a=1', headers: { 'Content-Type': 'application/json', 'X-A': 'b' }, body: '{}' };

type Case = { call: (args: any[]) => unknown; args: unknown[]; requestArg?: number };

async function cases(): Promise<Record<string, Case>> {
  const signed = await apig.signRequest(request, creds, { date });
  const fetchStub = async () => new Response('ok');
  return {
    signRequest: { call: (a) => apig.signRequest(a[0], a[1], a[2]), args: [request, creds, { date, algorithm: 'SDK-HMAC-SHA256', headerRule: 'all', unsignedPayload: false }] },
    verifyRequest: {
      call: (a) => apig.verifyRequest(a[0], a[1], a[2]),
      args: [{ ...request, headers: signed.headers }, () => 'SK', { now: date, maxSkewSeconds: 900, algorithms: ['SDK-HMAC-SHA256'] }],
      requestArg: 0,
    },
    verifyNotification: {
      call: (a) => koo.verifyNotification(a[0], a[1], a[2]),
      args: [{ method: 'POST', url: 'https://isv.example/p?signature=ab&timestamp=1&nonce=n', headers: { 'x-sign': 'ab' }, body: '{}' }, 'KAK', { now: 1000, maxSkewSeconds: 60 }],
      requestArg: 0,
    },
    verifyBasicAuthorization: { call: (a) => apig.verifyBasicAuthorization(a[0], a[1]), args: ['Basic dTpw', () => 'p'], requestArg: 0 },
    verifyBodySign: { call: (a) => koo.verifyBodySign(a[0], a[1], a[2]), args: ['{}', 'sign_type="HMAC-SHA256", signature="x"', 'KAK'] },
    responseBody: {
      call: (a) => koo.responseBody(a[0], a[1]),
      args: [{ resultCode: '000000', resultMsg: 'ok', instanceId: 'i', encryptType: 1, appInfo: { userName: 'u', password: 'p', frontEndUrl: 'f' } }, 'KAK'],
    },
    prepareSignedResponse: { call: (a) => koo.prepareSignedResponse(a[0], a[1]), args: [{ a: 1 }, 'KAK'] },
    authToken: { call: (a) => koo.authToken(a[0], a[1]), args: [{ a: '1', timeStamp: '20240101000000000' }, 'KAK'] },
    requestSignature: { call: (a) => koo.requestSignature(a[0]), args: [{ accessKey: 'KAK', nonce: 'n', timestamp: '1', body: '{}' }] },
    encryptSensitive: { call: (a) => koo.encryptSensitive(a[0], a[1], a[2], a[3]), args: ['p', 'KAK', 1, { iv: 'Ab3dE6gH9jK2mN5p' }] },
    createRedisNonceStore: { call: (a) => koo.createRedisNonceStore(a[0]), args: [{ client: { set: async () => 'OK' }, ttlSeconds: 120, keyPrefix: 'p:' }] },
    validateSignatureKey: { call: (a) => apig.validateSignatureKey(a[0]), args: [{ name: 'n', sign_type: 'hmac', sign_key: 'abcdefgh', sign_secret: 'abcdefghijklmnop' }] },
    aesSignatureKey: { call: (a) => apig.aesSignatureKey(a[0]), args: [{ sign_key: '0123456789abcdef', sign_secret: 'fedcba9876543210', sign_algorithm: 'aes-128-cfb' }] },
    diagnose: { call: (a) => apig.diagnose(a[0], a[1]), args: ['verify signature fail, canonicalRequest:GET|/|', signed] },
    createSignedFetch: {
      call: (a) => apig.createSignedFetch(a[0], a[1])('https://h.example/p', { method: 'POST', body: 'x' }),
      args: [creds, { fetch: fetchStub, algorithm: 'SDK-HMAC-SHA256', clockSkew: 'auto' }],
    },
  };
}

// Every path into the arguments: [0], [0, 'headers'], [0, 'headers', 'X-A']...
function* paths(value: unknown, path: (string | number)[] = []): Generator<(string | number)[]> {
  if (path.length > 0) yield path;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const key of Object.keys(value)) yield* paths((value as Record<string, unknown>)[key], [...path, key]);
  }
}

function replaced(value: unknown, path: (string | number)[], by: unknown): unknown {
  if (path.length === 0) return by;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[path[0]!] = replaced(copy[path[0]!], path.slice(1), by);
  return copy;
}

describe('arguments of the wrong type, field by field', () => {
  it('are refused with a SignerError, and a verifier never throws for its request', async () => {
    const problems = new Set<string>();
    for (const [name, c] of Object.entries(await cases())) {
      for (const path of paths(c.args)) {
        // The fetch function itself: undefined means the real fetch (network), not a wrong type.
        if (name === 'createSignedFetch' && path[0] === '1' && (path.length === 1 || path[1] === 'fetch')) continue;
        for (const bad of BAD) {
          const args = replaced(c.args, path, bad) as unknown[];
          try {
            await c.call(args);
          } catch (e) {
            const where = `${name} ${path.join('.')} = ${typeof bad === 'symbol' ? 'Symbol' : typeof bad === 'bigint' ? 'BigInt' : JSON.stringify(bad) ?? String(bad)}`;
            if (!(e instanceof SignerError)) problems.add(`${where}: ${(e as Error)?.name}: ${(e as Error)?.message}`);
            else if (c.requestArg !== undefined && path[0] === String(c.requestArg)) problems.add(`${where}: a verifier threw ${e.code} for its request`);
          }
        }
      }
    }
    expect([...problems]).toEqual([]);
  });
});
