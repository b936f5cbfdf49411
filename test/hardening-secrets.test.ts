// No secret in any message (issue 8). Every error path of apig, koogallery and crypto, thrown or
// returned, is driven with recognisable secrets, accessKeys and plaintexts; each message (and every
// message of its cause chain) must contain none of them, nor a derived key or an expected signature.
// A last test reads the source and checks that every error message written in src/{apig,koogallery,
// crypto,canonical} was produced at least once here: a new error path needs a driver below.
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as apig from '../src/apig/index.js';
import * as koo from '../src/koogallery/index.js';
import * as crypto from '../src/crypto/index.js';
import { createRedisNonceStore } from '../src/replay/redis-store.js';
import { createDenoKvNonceStore } from '../src/replay/deno-kv-store.js';
import { hexEncode, base64Encode, base64Decode } from '../src/crypto/codecs.js';
import * as rsa from '../src/crypto/rsa-oaep.js';
import { generateKeyPairSync } from 'node:crypto';

const SECRET = 'SECRET-XYZZY-123'; // an APIG AppSecret / SK; 16 bytes, also a valid AES-128 key
const AK = 'AK-PLUGH'; // an APIG AppKey / AK
const KOO_AK = 'KOO-ACCESSKEY-FROTZ-77'; // a KooGallery accessKey (the shared secret)
const PLAINTEXT = 'PLAINTEXT-GRUE-42'; // a sensitive field being encrypted or decrypted
const TOKEN = 'STS-TOKEN-BLORB-9'; // a temporary credential's security token
const NOW = 1_716_363_778_801;
const date = apig.parseSdkDate('20191115T033655Z');

/** Every secret, plus values derived from them (filled in beforeAll). */
const secrets = new Map<string, string>([
  ['secret', SECRET],
  ['apig key', AK],
  ['koogallery accessKey', KOO_AK],
  ['plaintext', PLAINTEXT],
  ['security token', TOKEN],
]);

/** Every text a driven error path produced, with where it came from. */
const observed: { label: string; text: string }[] = [];

function textsOf(x: unknown, seen = new Set<unknown>()): string[] {
  if (x === null || x === undefined || seen.has(x)) return [];
  seen.add(x);
  if (typeof x === 'string') return [x];
  if (x instanceof Error) return [x.message, ...textsOf((x as { cause?: unknown }).cause, seen)];
  if (typeof x === 'object') {
    const o = x as Record<string, unknown>;
    const out: string[] = [];
    for (const k of ['message', 'summary']) if (typeof o[k] === 'string') out.push(o[k] as string);
    if (Array.isArray(o.hints)) for (const h of o.hints) if (typeof h === 'string') out.push(h);
    if (Array.isArray(x)) for (const v of x) out.push(...textsOf(v, seen));
    return out;
  }
  return [String(x)];
}

function record(label: string, x: unknown): void {
  const texts = textsOf(x);
  expect(texts.length, `${label}: produced no message`).toBeGreaterThan(0);
  for (const text of texts) observed.push({ label, text });
}

/** `f` must throw (or reject); its error and cause chain are recorded. */
async function thrown(label: string, f: () => unknown): Promise<unknown> {
  try {
    await f();
  } catch (e) {
    record(label, e);
    return e;
  }
  throw new Error(`${label}: did not throw`);
}

/** `f` must resolve to a refusal `{ ok: false, reason, message }`; its message is recorded. */
async function refused<T extends { ok: boolean }>(label: string, f: () => Promise<T> | T, reason?: string): Promise<T> {
  const r = await f();
  expect(r.ok, label).toBe(false);
  if (reason !== undefined) expect((r as unknown as { reason: string }).reason, label).toBe(reason);
  record(label, r);
  return r;
}

beforeAll(async () => {
  for (const type of [1, 2] as const) {
    const key = await koo.deriveSensitiveKey(KOO_AK, type);
    secrets.set(`derived AES key ${type} (hex)`, hexEncode(key));
    secrets.set(`derived AES key ${type} (base64)`, base64Encode(key));
  }
  const v11 = await crypto.hkdfSha256(SECRET, AK, '20191115/region-1/svc', 32);
  secrets.set('V11 derived key', hexEncode(v11));
});

describe('APIG signing errors', () => {
  const req = { method: 'GET', url: 'https://api.example.com/v1/x' };
  const creds = { key: AK, secret: SECRET };

  it('credentials, request and option errors', async () => {
    await thrown('sign: empty secret', () => apig.signRequest(req, { key: AK, secret: '' }));
    await thrown('sign: empty key', () => apig.signRequest(req, { key: '', secret: SECRET }));
    await thrown('sign: key with a space', () => apig.signRequest(req, { key: AK + ' x', secret: SECRET }));
    await thrown('sign: token with a line break', () => apig.signRequest(req, { ...creds, securityToken: TOKEN + '\n' }));
    await thrown('sign: no method', () => apig.signRequest({ method: '', url: req.url }, creds));
    await thrown('signFetchRequest: not a Request', () => apig.signFetchRequest({ url: req.url } as never, creds));
    await thrown('sign: no host', () => apig.signRequest({ method: 'GET', url: '/path' }, creds));
    await thrown('sign: V11 without region', () => apig.signRequest(req, creds, { algorithm: 'V11-HMAC-SHA256' }));
    await thrown('sign: V11 scope too long', () => apig.signRequest(req, creds, { algorithm: 'V11-HMAC-SHA256', region: SECRET.repeat(80), service: 'svc' }));
    await thrown('sign: bad header rule', () => apig.signRequest(req, creds, { headerRule: 'nope' as never }));
    await thrown('sign: bad algorithm', () => apig.signRequest(req, creds, { algorithm: 'NOPE' as never }));
    await thrown('sign: bad body', () => apig.signRequest({ ...req, body: 42 as never }, creds));
    // A secret passed where the headers or the options belong must not be echoed back.
    await thrown('sign: headers that are a string', () => apig.signRequest({ ...req, headers: SECRET as never }, creds));
    await thrown('sign: headers with a lone name', () => apig.signRequest({ ...req, headers: [[SECRET]] as never }, creds));
    await thrown('sign: options that are a string', () => apig.signRequest(req, creds, SECRET as never));
    await thrown('canonical helper: a number for a string', () => apig.percentEncode(42 as never));
    await thrown('sign: invalid date', () => apig.signRequest(req, creds, { date: new Date(Number.NaN) }));
    await thrown('sign: five-digit year', () => apig.formatSdkDate(new Date('+010000-01-01T00:00:00Z')));
    await thrown('parseSdkDate', () => apig.parseSdkDate(SECRET));
  });

  it('credentials from the environment and createSignedFetch', async () => {
    await thrown('env: no AK', () => apig.credentialsFromEnv({ HUAWEICLOUD_SDK_SK: SECRET }));
    await thrown('env: no SK', () => apig.credentialsFromEnv({ HUAWEICLOUD_SDK_AK: AK }));
    await thrown('env: unreadable', () => apig.credentialsFromEnv(() => { throw new Error('PermissionDenied'); }));
    await thrown('env: not an object', () => apig.credentialsFromEnv(42 as never));
    await thrown('verify: resolveSecret not a function', () => apig.verifyRequest({ method: 'GET', url: 'https://a/' }, SECRET as never));
    await thrown('verify: algorithms not an array', () => apig.verifyRequest({ method: 'GET', url: 'https://a/' }, () => SECRET, { algorithms: SECRET as never }));
    await thrown('basic: resolveSecret not a function', () => apig.verifyBasicAuthorization('Basic dTpw', SECRET as never));
    await thrown('diagnose: signed of the wrong shape', () => apig.diagnose(`verify signature fail ${SECRET}`, { canonicalRequest: 42 } as never));
    await thrown('signed fetch: bad clockSkew', () => apig.createSignedFetch(creds, { clockSkew: 'sometimes' as never }));
    await thrown('signed fetch: no credentials', () => apig.createSignedFetch(null as never));
    await thrown('signed fetch: fetch not a function', () => apig.createSignedFetch(creds, { fetch: SECRET as never }));
    const f = apig.createSignedFetch(() => null as never, { fetch: async () => new Response('') });
    await thrown('signed fetch: provider returned nothing', () => f('https://api.example.com/x'));
    // What a browser's fetch gives for redirect: 'manual': the target is hidden.
    const opaque = Object.assign(new Response(null, { status: 200 }), {}) as Response;
    Object.defineProperty(opaque, 'type', { value: 'opaqueredirect' });
    const browserLike = apig.createSignedFetch(creds, { fetch: async () => opaque });
    await thrown('signed fetch: hidden redirect', () => browserLike('https://api.example.com/x'));
    // A custom fetch that followed a redirect itself.
    const followed = new Response('{}', { status: 200 });
    Object.defineProperty(followed, 'redirected', { value: true });
    const careless = apig.createSignedFetch(creds, { fetch: async () => followed });
    await thrown('signed fetch: options.fetch followed a redirect', () => careless('https://api.example.com/x'));
  });
});

describe('APIG verification refusals', () => {
  const creds = { key: AK, secret: SECRET };
  const resolve = (k: string) => (k === AK ? SECRET : undefined);
  const url = 'https://api.example.com/v1/items?b=2';
  let signed: apig.SignedRequest;
  let base: { method: string; url: string; headers: Record<string, string>; body: string };
  beforeAll(async () => {
    signed = await apig.signRequest({ method: 'POST', url, headers: { 'X-Security-Token': TOKEN }, body: PLAINTEXT }, creds, { date });
    base = { method: 'POST', url, headers: signed.headers, body: PLAINTEXT };
  });
  const v = (r: Partial<typeof base> & Record<string, unknown>, options: apig.VerifyOptions = {}) => () => apig.verifyRequest({ ...base, ...r } as apig.ApigRequest, resolve, { now: date, ...options });
  const withHeaders = (h: Record<string, string | undefined>) => {
    const out: Record<string, string> = { ...base.headers };
    for (const [k, value] of Object.entries(h)) if (value === undefined) delete out[k]; else out[k] = value;
    return out;
  };

  it('every reason of verifyRequest', async () => {
    const throwingHeaders = Object.defineProperty({}, 'authorization', { enumerable: true, get: () => { throw new Error('boom'); } });
    await refused('verify: unreadable request', v({ headers: throwingHeaders as never }), 'bad-request');
    await refused('verify: not a request', () => apig.verifyRequest(SECRET as never, resolve, { now: date }), 'bad-request');
    await refused('verify: url not a string', v({ url: 5 as never }), 'bad-request');
    await refused('verify: headers too large', v({ headers: withHeaders({ 'X-Big': SECRET.repeat(5000) }) }), 'headers-too-large');
    await refused('verify: no authorization', v({ headers: withHeaders({ Authorization: undefined }) }), 'missing-signature');
    await refused('verify: garbled authorization', v({ headers: withHeaders({ Authorization: `SDK-HMAC-SHA256 ${SECRET}` }) }), 'malformed-authorization');
    await refused('verify: unsupported algorithm', v({ headers: withHeaders({ Authorization: signed.authorization.replace('SDK-HMAC-SHA256', 'AWS4-HMAC-SHA256') }) }), 'malformed-authorization');
    await refused('verify: algorithm not accepted', v({}, { algorithms: ['SDK-HMAC-SM3'] }), 'malformed-authorization');
    await refused('verify: V11 with Access=', v({ headers: withHeaders({ Authorization: signed.authorization.replace('SDK-HMAC-SHA256', 'V11-HMAC-SHA256') }) }), 'malformed-authorization');
    await refused('verify: date not signed', v({ headers: withHeaders({ Authorization: signed.authorization.replace(';x-sdk-date', '') }) }), 'date-not-signed');
    await refused('verify: signed header missing', v({ headers: withHeaders({ 'X-Security-Token': undefined }) }), 'missing-signed-header');
    await refused('verify: bad date', v({ headers: withHeaders({ 'X-Sdk-Date': '2019-11-15' }) }), 'bad-timestamp');
    await refused('verify: expired', v({}, { now: new Date(date.getTime() + 3_600_000) }), 'expired');
    await refused('verify: body too large', v({}, { maxBodyBytes: 4 }), 'body-too-large');
    const broken = new ReadableStream({ pull: (c) => c.error(new Error(`stream failed near ${PLAINTEXT}`)) });
    const req = new Request(url, { method: 'POST', headers: signed.headers, body: broken, duplex: 'half' } as RequestInit);
    await refused('verify: unreadable body', () => apig.verifyRequest(req, resolve, { now: date }), 'bad-request');
    await refused('verify: parsed JSON body', v({ body: { secret: PLAINTEXT } as never }), 'bad-request');
    await refused('verify: fragment in target', v({ url: url + '#' + PLAINTEXT }), 'bad-request');
    for (const [label, target] of [
      ['encoded slash', '/v1/a%2Fb'], ['dot segment', '/v1/../items'], ['bad escape', '/v1/%zz'], ['escape not UTF-8', '/v1/%C3%28'],
      ['plus in query', '/v1?q=a+b'], ['bad query escape', '/v1?q=%zz'], ['query not UTF-8', '/v1?q=%C3%28'], ['name without =', '/v1?flag'],
      ['empty name', '/v1?=x'], ['repeated name', '/v1?a=1&a=2'],
    ] as const) {
      const s2 = await apig.signRequest({ method: 'GET', url: 'https://api.example.com' + target }, creds, { date });
      await refused(`verify: ambiguous target (${label})`, () => apig.verifyRequest({ method: 'GET', url: target, headers: s2.headers }, resolve, { now: date, strictTarget: true }), 'ambiguous-target');
    }
    const v11 = (scope: string) => apig.signRequest({ method: 'GET', url }, creds, { date, algorithm: 'V11-HMAC-SHA256', region: scope, service: 'svc' });
    const v11Ok = await v11('region-1');
    const v11Call = (h: Record<string, string>, o: apig.VerifyOptions = {}) => () => apig.verifyRequest({ method: 'GET', url, headers: h }, resolve, { now: date, ...o });
    await refused('verify: V11 scope of another day', v11Call({ ...v11Ok.headers, Authorization: v11Ok.authorization.replace('/20191115/', '/20191116/') }), 'scope-mismatch');
    await refused('verify: V11 scope not allowed', v11Call(v11Ok.headers, { scope: { region: 'region-2' } }), 'scope-not-allowed');
    const longScope = v11Ok.authorization.replace('/region-1/', `/${'r'.repeat(2000)}${SECRET}/`);
    await refused('verify: V11 scope too long to sign', v11Call({ ...v11Ok.headers, Authorization: longScope }), 'malformed-authorization');
    const hashed = await apig.signRequest({ method: 'POST', url, headers: { 'X-Sdk-Content-Sha256': 'a'.repeat(64) }, body: PLAINTEXT }, creds, { date });
    await refused('verify: body does not match its signed digest', v({ headers: hashed.headers }), 'body-hash-mismatch');
    const unsigned = await apig.signRequest({ method: 'POST', url, body: PLAINTEXT }, creds, { date, unsignedPayload: true });
    await refused('verify: unsigned payload refused', v({ headers: unsigned.headers }, { allowUnsignedPayload: false }), 'unsigned-payload');
    const fullStore = koo.createNonceStore({ maxEntries: 1, ttlSeconds: 1800 });
    await fullStore.checkAndSet('other');
    await refused('verify: replay store full', v({}, { replayStore: fullStore }), 'replay-store-full');
    await refused('verify: unknown key', () => apig.verifyRequest(base, () => undefined, { now: date }), 'unknown-key');
    await refused('verify: unreadable URL', v({ url: {} as never }), 'bad-request');
    const mismatch = await refused('verify: wrong secret', () => apig.verifyRequest(base, () => SECRET + '-other', { now: date }), 'signature-mismatch');
    // The expected signature (under the other secret) is not handed back either.
    const other = await apig.signRequest({ method: 'POST', url, headers: { 'X-Security-Token': TOKEN, 'X-Sdk-Date': signed.sdkDate }, body: PLAINTEXT }, { key: AK, secret: SECRET + '-other' });
    expect(JSON.stringify(mismatch)).not.toContain(other.signature);
    await refused('verify: body changed', v({ body: PLAINTEXT + '!' }), 'signature-mismatch');
    const failing = { checkAndSet: async () => { throw new Error(`redis down, key ${signed.signature}`); } };
    await refused('verify: replay store down', v({}, { replayStore: failing }), 'replay-store-unavailable');
    const store = koo.createNonceStore({ ttlSeconds: 1800 }); // 2 × maxSkewSeconds: the whole window
    expect((await v({}, { replayStore: store })()).ok).toBe(true);
    await refused('verify: replayed', v({}, { replayStore: store }), 'replayed');
    await thrown('verify: unknown algorithm option', v({}, { algorithms: ['NOPE' as never] }));
    await thrown('verify: bad replay store', v({}, { replayStore: {} as never }));
    await thrown('verify: maxSkewSeconds NaN', v({}, { maxSkewSeconds: Number.NaN }));
    await thrown('verify: maxSkewSeconds Infinity', v({}, { maxSkewSeconds: Number.POSITIVE_INFINITY }));
    await thrown('verify: maxBodyBytes NaN', v({}, { maxBodyBytes: Number.NaN }));
    await thrown('verify: invalid now', v({}, { now: new Date(Number.NaN) }));
    await thrown('verify: bad header option', v({}, { header: 5 as never }));
    await thrown('verify: bad scope policy', v({}, { scope: { region: 5 } as never }));
    await thrown('verify: bad allowUnsignedPayload', v({}, { allowUnsignedPayload: 'no' as never }));
    await thrown('verify: replay store too short-lived', v({}, { replayStore: koo.createNonceStore() }));
  });

  it('Basic credentials, signature keys and AES-CFB keys', async () => {
    const basic = (s: string) => 'Basic ' + base64Encode(crypto.utf8Encode(s));
    const r = (k: string) => (k === AK ? SECRET : undefined);
    await refused('basic: none', () => apig.verifyBasicAuthorization(undefined, r), 'missing-signature');
    await refused('basic: not Basic', () => apig.verifyBasicAuthorization(`Bearer ${SECRET}`, r), 'malformed-authorization');
    await refused('basic: not base64', () => apig.verifyBasicAuthorization(`Basic ${AK}:${SECRET}`, r), 'malformed-authorization');
    await refused('basic: no colon', () => apig.verifyBasicAuthorization(basic(AK + SECRET), r), 'malformed-authorization');
    await refused('basic: unknown key', () => apig.verifyBasicAuthorization(basic(`${AK}x:${SECRET}`), r), 'unknown-key');
    await refused('basic: wrong secret', () => apig.verifyBasicAuthorization(basic(`${AK}:${SECRET}-guess`), r), 'bad-credentials');

    const violations = [
      ...apig.validateSignatureKey({ name: '', sign_type: 'hmac' }),
      ...apig.validateSignatureKey({ name: '9-' + SECRET.repeat(5), sign_type: 'hmac', sign_algorithm: 'aes-128-cfb', sign_key: '-' + SECRET.repeat(3) + ' ', sign_secret: '!' + SECRET + ' ' }),
      ...apig.validateSignatureKey({ name: 'ok_name', sign_type: 'nope' }),
      ...apig.validateSignatureKey({ name: 'ok_name', sign_type: 'aes', sign_algorithm: 'nope', sign_key: SECRET }),
      ...apig.validateSignatureKey({ name: 'ok_name', sign_type: 'aes', sign_algorithm: 'aes-256-cfb', sign_key: SECRET, sign_secret: SECRET + SECRET }),
    ];
    record('validateSignatureKey', violations);
    await thrown('aes key: bad algorithm', () => apig.aesSignatureKey({ sign_key: SECRET, sign_secret: SECRET, sign_algorithm: 'nope' }));
    await thrown('aes key: key length', () => apig.aesSignatureKey({ sign_key: SECRET, sign_secret: SECRET, sign_algorithm: 'aes-256-cfb' }));
    await thrown('aes key: IV length', () => apig.aesSignatureKey({ sign_key: SECRET, sign_secret: SECRET + 'x', sign_algorithm: 'aes-128-cfb' }));
  });
});

describe('crypto errors', () => {
  it('AES, codecs and argument errors with key material and plaintexts as input', async () => {
    const key = crypto.utf8Encode(SECRET);
    const iv = crypto.utf8Encode('IV-' + SECRET.slice(3));
    await thrown('aes: key length', () => crypto.aesCbcEncrypt(SECRET.slice(1), iv, PLAINTEXT));
    await thrown('aes: IV length', () => crypto.aesCbcEncrypt(key, SECRET + 'x', PLAINTEXT));
    await thrown('aes: unpadded data length', () => crypto.aesCbcEncrypt(key, iv, PLAINTEXT, { padding: false }));
    await thrown('aes: ciphertext length', () => crypto.aesCbcDecrypt(key, iv, PLAINTEXT));
    const ct = await crypto.aesCbcEncrypt(key, iv, PLAINTEXT);
    await thrown('aes: wrong key', () => crypto.aesCbcDecrypt(crypto.utf8Encode(SECRET.toLowerCase()), iv, ct));
    await thrown('aes cfb: key length', () => crypto.aesCfbDecrypt(SECRET + 'x', iv, PLAINTEXT));
    await thrown('toBytes: bad type', () => crypto.hmacSha256(42 as never, PLAINTEXT));
    await thrown('utf8: invalid', () => crypto.utf8Decode(new Uint8Array([...crypto.utf8Encode(PLAINTEXT), 0xff])));
    await thrown('hex: odd length', () => crypto.hexDecode(PLAINTEXT));
    await thrown('hex: bad character', () => crypto.hexDecode(SECRET));
    await thrown('base64: length', () => crypto.base64Decode(PLAINTEXT));
    await thrown('base64: bad character', () => crypto.base64Decode(SECRET));
    await thrown('base64: non-canonical', () => crypto.base64Decode('aGl='));
    // A secret given where bytes are expected: refused, and the message names the function, not the value.
    await thrown('hexEncode: a string, not bytes', () => crypto.hexEncode(SECRET as never));
    await thrown('utf8Encode: not a string', () => crypto.utf8Encode(crypto.utf8Encode(SECRET) as never));
    await thrown('hkdf: length', () => crypto.hkdfSha256(SECRET, AK, PLAINTEXT, 8161));
    await thrown('hkdf: info over 1024 bytes', () => crypto.hkdfSha256(SECRET, AK, PLAINTEXT.repeat(100), 32));
    await thrown('randomBytes: count', () => crypto.randomBytes(-1));
  });
});

describe('KooGallery errors', () => {
  it('authToken, request signatures, Body-Sign', async () => {
    await thrown('authToken: no accessKey', () => koo.authToken({ timeStamp: '1' }, ''));
    await thrown('authToken: non-string parameter', () => koo.authToken({ timeStamp: '1', p: 5 as never }, KOO_AK));
    await thrown('authToken: bad params', () => koo.authToken(null as never, KOO_AK));
    await thrown('authToken: no timeStamp', () => koo.authToken({ p: PLAINTEXT }, KOO_AK));
    const input = { accessKey: KOO_AK, nonce: 'n', timestamp: '1', body: PLAINTEXT };
    await thrown('requestSignature: not an object', () => koo.requestSignature(null as never));
    await thrown('requestSignature: nonce', () => koo.requestSignature({ ...input, nonce: 5 as never }));
    await thrown('requestSignature: timestamp', () => koo.headerSignature({ ...input, timestamp: -1 }));
    await thrown('requestSignature: body', () => koo.headerSignature({ ...input, body: 5 as never }));
    await thrown('bodySign: body', () => koo.bodySign(5 as never, KOO_AK));
    await thrown('bodySign: accessKey', () => koo.bodySign(PLAINTEXT, ''));
    const sig = (await koo.bodySign(PLAINTEXT, KOO_AK)).match(/signature="([^"]+)"/)![1]!;
    secrets.set('Body-Sign of the plaintext', sig);
    await thrown('parseBodySign: not a string', () => koo.parseBodySign(5 as never));
    await thrown('parseBodySign: unquoted', () => koo.parseBodySign(`sign_type=HMAC-SHA256, signature=${sig}`));
    await thrown('parseBodySign: repeated', () => koo.parseBodySign(`signature="${sig}", signature="${sig}"`));
    await thrown('parseBodySign: no comma', () => koo.parseBodySign(`sign_type="HMAC-SHA256" signature="${sig}"`));
    await thrown('parseBodySign: trailing comma', () => koo.parseBodySign(`sign_type="HMAC-SHA256", signature="${sig}",`));
    await thrown('parseBodySign: no sign_type', () => koo.parseBodySign(`signature="${sig}"`));
    await thrown('parseBodySign: no signature', () => koo.parseBodySign('sign_type="HMAC-SHA256"'));
  });

  it('sensitive fields', async () => {
    await thrown('encrypt: plaintext type', () => koo.encryptSensitive(5 as never, KOO_AK, 1));
    await thrown('encrypt: iv', () => koo.encryptSensitive(PLAINTEXT, KOO_AK, 1, { iv: SECRET + '!' }));
    await thrown('encrypt: encryptType', () => koo.encryptSensitive(PLAINTEXT, KOO_AK, 3 as never));
    await thrown('encrypt: accessKey', () => koo.encryptSensitive(PLAINTEXT, '', 1));
    await thrown('length: plaintext type', () => koo.sensitiveCiphertextLength(5 as never, 1));
    await thrown('decrypt: ciphertext type', () => koo.decryptSensitive(5 as never, KOO_AK, 1));
    await thrown('decrypt: too short', () => koo.decryptSensitive(PLAINTEXT.slice(0, 10), KOO_AK, 1));
    await thrown('decrypt: IV not printable', () => koo.decryptSensitive(' '.repeat(16) + 'aGk=', KOO_AK, 1));
    await thrown('decrypt: bad base64', () => koo.decryptSensitive(PLAINTEXT + '!!!', KOO_AK, 1));
    await thrown('decrypt: not whole blocks', () => koo.decryptSensitive('AbCdEfGh12345678aGk=', KOO_AK, 1));
    const ct = await koo.encryptSensitive(PLAINTEXT, KOO_AK, 1);
    await thrown('decrypt: wrong accessKey', () => koo.decryptSensitive(ct, KOO_AK + 'x', 1));
    await thrown('decrypt: wrong encryptType', () => koo.decryptSensitive(ct, KOO_AK, 2));
    // Right key and padding, but the plaintext is not UTF-8: the cause chain must not show the bytes.
    const key = await koo.deriveSensitiveKey(KOO_AK, 1);
    const raw = await crypto.aesCbcEncrypt(key, 'AbCdEfGh12345678', new Uint8Array([...crypto.utf8Encode(PLAINTEXT), 0xff]));
    await thrown('decrypt: not UTF-8', () => koo.decryptSensitive('AbCdEfGh12345678' + base64Encode(raw), KOO_AK, 1));
  });

  it('responses and nonce stores', async () => {
    await thrown('responseBody: not an object', () => koo.responseBody(null as never, KOO_AK));
    await thrown('responseBody: resultCode', () => koo.responseBody({ resultCode: '999999' as never }, KOO_AK));
    await thrown('responseBody: appInfo field', () => koo.responseBody({ appInfo: { password: 5 as never } }, KOO_AK));
    await thrown('responseBody: appInfo not an object', () => koo.responseBody({ appInfo: PLAINTEXT as never }, KOO_AK));
    await thrown('responseBody: accessKey', () => koo.responseBody({ appInfo: { password: PLAINTEXT } }, ''));
    await thrown('signedResponse: body', () => koo.signedResponse(5 as never, KOO_AK));
    await thrown('signedResponse: not serialisable', () => koo.prepareSignedResponse({ toJSON: () => undefined }, KOO_AK));
    await thrown('nonce store: ttl', () => koo.createNonceStore({ ttlSeconds: -1 }));
    await thrown('nonce store: maxEntries', () => koo.createNonceStore({ maxEntries: 0.5 }));
    await thrown('nonce store: now', () => koo.createNonceStore({ now: 5 as never }));
    const store = koo.createNonceStore({ maxEntries: 1 });
    await thrown('nonce store: empty nonce', () => store.checkAndSet(''));
    await store.checkAndSet(PLAINTEXT);
    await thrown('nonce store: full', () => store.checkAndSet(SECRET));

    const ok = { setIfAbsent: async () => true, ttlSeconds: 120 };
    await thrown('redis: options', () => createRedisNonceStore(null as never));
    await thrown('redis: ttl', () => createRedisNonceStore({ ...ok, ttlSeconds: 1.5 }));
    await thrown('redis: prefix', () => createRedisNonceStore({ ...ok, prefix: 5 as never }));
    await thrown('redis: timeout', () => createRedisNonceStore({ ...ok, timeoutMs: 0 }));
    await thrown('redis: both client and setIfAbsent', () => createRedisNonceStore({ ...ok, client: {} as never }));
    await thrown('redis: setIfAbsent type', () => createRedisNonceStore({ ttlSeconds: 120, setIfAbsent: 5 as never }));
    await thrown('redis: client type', () => createRedisNonceStore({ ttlSeconds: 120, client: 5 as never }));
    await thrown('redis: client shape', () => createRedisNonceStore({ ttlSeconds: 120, client: { set: () => 'OK' } as never }));
    await thrown('redis: empty nonce', () => createRedisNonceStore(ok).checkAndSet(''));
    await thrown('redis: not a boolean', () => createRedisNonceStore({ ttlSeconds: 120, setIfAbsent: async () => 'yes' as never }).checkAndSet(SECRET));
    const node = (reply: unknown) => ({ isOpen: true, set: async () => reply });
    await thrown('redis: odd reply', () => createRedisNonceStore({ ttlSeconds: 120, client: node('MAYBE') }).checkAndSet(SECRET));
    await thrown('redis: failure', () => createRedisNonceStore({ ttlSeconds: 120, setIfAbsent: async (key) => { throw new Error(`ECONNREFUSED ${key}`); } }).checkAndSet(SECRET));
    await thrown('redis: timeout', () => createRedisNonceStore({ ttlSeconds: 120, timeoutMs: 5, setIfAbsent: () => new Promise(() => undefined) }).checkAndSet(SECRET));

    // A Deno KV whose commit answers `answer` (or throws it, naming the key).
    const kv = (commit: (key: unknown) => Promise<unknown>) => ({
      atomic() {
        let key: unknown;
        const op = { check: (c: { key: unknown }) => ((key = c.key), op), set: () => op, commit: () => commit(key) };
        return op as never;
      },
    });
    const okKv = kv(async () => ({ ok: true }));
    await thrown('deno kv: options', () => createDenoKvNonceStore(null as never));
    await thrown('deno kv: kv', () => createDenoKvNonceStore({ kv: { get: () => SECRET } as never, ttlSeconds: 120 }));
    await thrown('deno kv: ttl', () => createDenoKvNonceStore({ kv: okKv, ttlSeconds: 0 }));
    await thrown('deno kv: prefix', () => createDenoKvNonceStore({ kv: okKv, ttlSeconds: 120, prefix: SECRET as never }));
    await thrown('deno kv: timeout', () => createDenoKvNonceStore({ kv: okKv, ttlSeconds: 120, timeoutMs: -1 }));
    await thrown('deno kv: empty nonce', () => createDenoKvNonceStore({ kv: okKv, ttlSeconds: 120 }).checkAndSet(''));
    await thrown('deno kv: odd answer', () => createDenoKvNonceStore({ kv: kv(async () => ({ ok: SECRET })), ttlSeconds: 120 }).checkAndSet(SECRET));
    await thrown('deno kv: failure', () => createDenoKvNonceStore({ kv: kv(async (key) => { throw new Error(`kv down ${String(key)}`); }), ttlSeconds: 120 }).checkAndSet(SECRET));
    await thrown('deno kv: no answer', () => createDenoKvNonceStore({ kv: kv(() => new Promise(() => undefined)), ttlSeconds: 120, timeoutMs: 5 }).checkAndSet(SECRET));
  });
});

describe('KooGallery verifyNotification refusals', () => {
  const ts = String(NOW);
  const body = `{"mobilePhone":"${PLAINTEXT}"}`;
  const opts = (o: koo.VerifyOptions = {}): koo.VerifyOptions => ({ now: NOW, nonceStore: koo.createNonceStore(), ...o });
  const headerCall = async (nonce = `n-${Math.random()}`, timestamp = ts, b = body) => ({
    url: 'https://isv.example.com/produce',
    headers: { 'x-sign': await koo.headerSignature({ accessKey: KOO_AK, nonce, timestamp, body: b }), 'x-timestamp': timestamp, 'x-nonce': nonce },
    body: b,
  });
  const v = (req: unknown, o?: koo.VerifyOptions) => () => koo.verifyNotification(req as koo.NotificationRequestInit, KOO_AK, opts(o));

  it('every reason, and the configuration errors', async () => {
    const good = await headerCall();
    secrets.set('expected x-sign', good.headers['x-sign']);
    await refused('kg: request not an object', v(null), 'bad-request');
    await refused('kg: url not a string', v({ url: 5 }), 'bad-request');
    await refused('kg: bad percent-encoding', v({ url: `https://isv.example.com/p?x=${PLAINTEXT}%zz` }), 'bad-request');
    await refused('kg: percent-encoded bytes not UTF-8', v({ url: 'https://isv.example.com/p?x=%C3%28' }), 'bad-request');
    await refused('kg: header name not a string', v({ ...good, headers: [[5, SECRET]] }), 'bad-request');
    await refused('kg: header value not a string', v({ ...good, headers: { 'x-sign': { SECRET } } }), 'bad-request');
    await refused('kg: header pairs malformed', v({ ...good, headers: [[SECRET]] }), 'bad-request');
    await refused('kg: headers not an object', v({ ...good, headers: 5 }), 'bad-request');
    await refused('kg: headers too large', v({ ...good, headers: { ...good.headers, 'x-pad': KOO_AK.repeat(4000) } }), 'headers-too-large');
    await refused('kg: no signature', v({ url: 'https://isv.example.com/p', body }), 'missing-signature');
    await refused('kg: scheme not allowed', v(good, { schemes: ['url-signature'] }), 'scheme-not-allowed');
    await refused('kg: body too large', v(good, { maxBodyBytes: 3 }), 'body-too-large');
    await refused('kg: body stream of non-bytes', v({ ...good, body: new ReadableStream({ start: (c) => { c.enqueue(5); c.close(); } }) }), 'bad-request');
    await refused('kg: body stream fails', v({ ...good, body: new ReadableStream({ pull: (c) => c.error(new Error(PLAINTEXT)) }) }), 'bad-request');
    await refused('kg: body iterable fails', v({ ...good, body: (async function* () { yield 'x'; throw new Error(PLAINTEXT); })() }), 'bad-request');
    await refused('kg: body iterable too large', v({ ...good, body: (async function* () { yield PLAINTEXT; yield PLAINTEXT; })() }, { maxBodyBytes: 20 }), 'body-too-large');
    await refused('kg: parsed JSON body', v({ ...good, body: { mobilePhone: PLAINTEXT } }), 'bad-request');
    const used = new Request(good.url, { method: 'POST', headers: good.headers, body });
    await used.text();
    await refused('kg: body already read', v(used), 'bad-request');
    await refused('kg: missing nonce', v({ ...good, headers: { ...good.headers, 'x-nonce': '' } }), 'missing-parameter');
    await refused('kg: bad timestamp', v({ ...good, headers: { ...good.headers, 'x-timestamp': 'yesterday' } }), 'bad-timestamp');
    await refused('kg: stale', v(await headerCall(undefined, String(NOW - 3_600_000))), 'expired');
    await refused('kg: future', v(await headerCall(undefined, String(NOW + 3_600_000))), 'expired');
    await refused('kg: bad x-sign', v({ ...good, body: body + ' ' }), 'signature-mismatch');
    const url = `https://isv.example.com/p?signature=00&timestamp=${ts}&nonce=n`;
    await refused('kg: bad url signature', v({ url, body }), 'signature-mismatch');
    const long = await headerCall('n'.repeat(600));
    await refused('kg: nonce too long', v(long), 'bad-request');
    const full = koo.createNonceStore({ maxEntries: 1 });
    await full.checkAndSet('other');
    await refused('kg: store full', v(await headerCall(), { nonceStore: full }), 'replay-store-full');
    const down = { checkAndSet: async () => { throw new Error(`down ${KOO_AK}`); } };
    await refused('kg: store error', v(await headerCall(), { nonceStore: down }), 'replay-store-unavailable');
    const unavailable = createRedisNonceStore({ ttlSeconds: 120, setIfAbsent: async () => { throw new Error('ECONNRESET'); } });
    await refused('kg: store unavailable', v(await headerCall(), { nonceStore: unavailable }), 'replay-store-unavailable');
    const store = koo.createNonceStore();
    const once = await headerCall();
    expect((await v(once, { nonceStore: store })()).ok).toBe(true);
    await refused('kg: replayed', v(once, { nonceStore: store }), 'replayed');

    const params = { customerId: PLAINTEXT, timeStamp: '20240522123456789' };
    const token = await koo.authToken(params, KOO_AK);
    secrets.set('expected authToken', token);
    const legacy = (p: Record<string, string>, t = token) => ({ url: `https://isv.example.com/p?${new URLSearchParams(p)}&authToken=${encodeURIComponent(t)}` });
    const optIn = { schemes: koo.NOTIFICATION_SCHEMES, now: Date.UTC(2024, 4, 22, 12, 34, 56, 789) };
    await refused('kg: authToken not opted in', v(legacy(params)), 'scheme-not-allowed');
    await refused('kg: authToken mismatch', v(legacy({ ...params, customerId: 'x' }), optIn), 'signature-mismatch');
    await refused('kg: authToken empty', v(legacy(params, ''), optIn), 'missing-parameter');
    await refused('kg: legacy timeStamp', v(legacy({ ...params, timeStamp: 'soon' }), { ...optIn, authTokenUtcOffsetMinutes: 480 }), 'bad-timestamp');
    await refused('kg: legacy timeStamp expired', v(legacy(params), { ...optIn, now: optIn.now + 3_600_000 }), 'expired');
    await refused('kg: legacy parameter holding &', v(legacy({ ...params, customerId: `${PLAINTEXT}&x=1` }), optIn), 'bad-request');
    const tokens = koo.createNonceStore();
    expect((await v(legacy(params), { ...optIn, nonceStore: tokens })()).ok).toBe(true);
    await refused('kg: authToken replayed', v(legacy(params), { ...optIn, nonceStore: tokens }), 'replayed');

    await thrown('kg: no accessKey', () => koo.verifyNotification(good, ''));
    for (const [label, o] of [
      ['maxSkewSeconds', { maxSkewSeconds: -1 }],
      ['maxBodyBytes', { maxBodyBytes: -1 }],
      ['maxHeaderBytes', { maxHeaderBytes: -1 }],
      ['now', { now: Number.NaN }],
      ['schemes', { schemes: ['nope' as never] }],
      ['schemes not an array', { schemes: KOO_AK as never }],
      ['authTokenUtcOffsetMinutes', { authTokenUtcOffsetMinutes: 1.5 }],
      ['nonceStore', { nonceStore: {} as never }],
    ] as const) {
      await thrown(`kg options: ${label}`, () => koo.verifyNotification(good, KOO_AK, o as koo.VerifyOptions));
    }
  });
});

describe('RSA-OAEP and RSA key errors', () => {
  const oaep = JSON.parse(readFileSync(new URL('./fixtures/koogallery/oaep-java.json', import.meta.url), 'utf8')) as { publicKeySpkiBase64: string; privateKeyPkcs8Base64: string; ciphertexts: { ciphertextBase64: string }[] };

  it('key parsing, parameters, lengths and decryption failures', async () => {
    secrets.set('rsa private key', oaep.privateKeyPkcs8Base64);
    const pub = oaep.publicKeySpkiBase64;
    const priv = oaep.privateKeyPkcs8Base64;
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' });
    await thrown('rsa: not DER', () => rsa.parseRsaPrivateKey(base64Encode(new TextEncoder().encode(SECRET))));
    await thrown('rsa: an EC key', () => rsa.parseRsaPrivateKey(new Uint8Array(ec)));
    await thrown('rsa: a number for a key', () => rsa.parseRsaPrivateKey(42 as never));
    await thrown('rsa: an encrypted key', () => rsa.parseRsaPrivateKey(`-----BEGIN ENCRYPTED PRIVATE KEY-----\n${priv}\n-----END ENCRYPTED PRIVATE KEY-----`));
    await thrown('rsa: unknown hash', () => rsa.rsaOaepEncrypt(pub, new TextEncoder().encode(PLAINTEXT), { hash: 'MD5' as never }));
    const ct = base64Decode(oaep.ciphertexts[0]!.ciphertextBase64);
    ct[7]! ^= 1;
    await thrown('rsa: decryption error', () => rsa.rsaOaepDecrypt(priv, ct, { hash: 'SHA-1' }));
    await thrown('rsa: a parsed private key of the wrong shape', () => rsa.rsaOaepDecrypt({ n: SECRET } as never, ct, { hash: 'SHA-1' }));
    await thrown('rsa: a parsed public key of the wrong shape', () => rsa.rsaOaepEncrypt({ n: SECRET } as never, ct, { hash: 'SHA-1' }));
    await thrown('rsa: params that are not an object', () => rsa.rsaOaepDecrypt(priv, ct, SECRET as never));
    await thrown('rsa: ciphertext that is text', () => rsa.rsaDecryptRaw(priv, PLAINTEXT as never));
    await thrown('rsa: encoded message that is text', () => rsa.oaepDecode(PLAINTEXT as never, { hash: 'SHA-1' }));
    await thrown('rsa: message that is text', () => rsa.rsaOaepEncrypt(pub, PLAINTEXT as never, { hash: 'SHA-1' }));
    await thrown('rsa: message too long', () => rsa.rsaOaepEncrypt(pub, new TextEncoder().encode(PLAINTEXT.repeat(30)), { hash: 'SHA-256' }));
  });
});

describe('no secret in any message', () => {
  it('none of the messages contains a secret, an accessKey, a derived key, a plaintext or an expected signature', () => {
    expect(observed.length).toBeGreaterThan(150);
    const leaks: string[] = [];
    for (const { label, text } of observed) {
      for (const [what, secret] of secrets) {
        if (text.includes(secret) || text.toLowerCase().includes(secret.toLowerCase())) leaks.push(`${label}: the ${what} in "${text.slice(0, 200)}"`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('every error message written in src/{apig,koogallery,crypto,canonical,request,replay} was produced above', () => {
    const root = fileURLToPath(new URL('../src/', import.meta.url));
    const sites = errorMessageSites(root, ['apig', 'koogallery', 'crypto', 'canonical', 'request', 'replay']);
    expect(sites.length).toBeGreaterThan(100);
    const texts = observed.map((o) => o.text);
    const missing = sites.filter((s) => !UNREACHABLE.some((u) => s.file.endsWith(u.file) && u.pattern.test(s.source)) && !texts.some((t) => s.regex.test(t)));
    expect(missing.map((s) => `${s.file}:${s.line} ${s.source}`), 'error paths with no driver in this file').toEqual([]);
  });
});

/** Messages no driver can produce on Node, and why. */
const UNREACHABLE: { file: string; pattern: RegExp; why: string }[] = [
  { file: 'crypto/aes.ts', pattern: /-bit AES key/, why: 'only runtimes without 192-bit AES (Chromium Web Crypto)' },
  { file: 'crypto/aes.ts', pattern: /AES-CBC encryption failed|AES-CFB encryption failed|AES-CFB decryption failed/, why: 'an engine failure with a valid key and IV' },
  { file: 'apig/credentials.ts', pattern: /has no process environment/, why: 'only runtimes without process.env or Deno.env (browsers, Workers)' },
  { file: 'koogallery/verify.ts', pattern: /^'malformed request'$/, why: 'a non-Error thrown by the query decoder' },
];

interface Site {
  file: string;
  line: number;
  source: string;
  regex: RegExp;
}

/**
 * The messages the source writes: the message argument of `new SignerError(code, message)`,
 * `new Refusal(reason, message)`, `new RequestInputError(reason, message)`, `fail(reason, message)`,
 * `unavailable(message)` and `message:` properties. Literal parts must match, `${...}` and names match
 * anything; each literal branch of `a ? b : c` is a message of its own.
 */
function errorMessageSites(root: string, dirs: string[]): Site[] {
  const sites: Site[] = [];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const dir of dirs) {
    for (const name of readdirSync(join(root, dir))) {
      if (!name.endsWith('.ts')) continue;
      const path = join(root, dir, name);
      const sf = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
      const consts = new Map<string, string>();
      const patterns = (e: ts.Expression): string[] => {
        if (ts.isParenthesizedExpression(e)) return patterns(e.expression);
        if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [escape(e.text)];
        if (ts.isTemplateExpression(e)) return [escape(e.head.text) + e.templateSpans.map((s) => '[\\s\\S]*' + escape(s.literal.text)).join('')];
        if (ts.isConditionalExpression(e)) return [...patterns(e.whenTrue), ...patterns(e.whenFalse)];
        if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
          return patterns(e.left).flatMap((l) => patterns(e.right).map((r) => l + r));
        }
        if (ts.isIdentifier(e) && consts.has(e.text)) return [escape(consts.get(e.text)!)];
        return ['[\\s\\S]*'];
      };
      const add = (e: ts.Expression | undefined) => {
        if (!e) return;
        for (const p of ts.isConditionalExpression(e) ? [e.whenTrue, e.whenFalse] : [e]) {
          for (const pattern of patterns(p)) {
            if (pattern.replace(/\[\\s\\S\]\*/g, '') === '') continue; // nothing literal to check
            const { line } = sf.getLineAndCharacterOfPosition(p.getStart());
            sites.push({ file: `${dir}/${name}`, line: line + 1, source: p.getText(), regex: new RegExp(`^${pattern}$`) });
          }
        }
      };
      const visit = (node: ts.Node) => {
        if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isStringLiteral(node.initializer)) consts.set(node.name.text, node.initializer.text);
        if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && ['SignerError', 'Refusal', 'RequestInputError'].includes(node.expression.text)) add(node.arguments?.[1]);
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
          if (node.expression.text === 'fail') add(node.arguments[1]);
          if (node.expression.text === 'unavailable') add(node.arguments[0]);
        }
        if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === 'message') add(node.initializer);
        ts.forEachChild(node, visit);
      };
      // Constants first (a message may use one declared further down).
      const collect = (node: ts.Node) => {
        if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer && ts.isStringLiteral(node.initializer)) consts.set(node.name.text, node.initializer.text);
        ts.forEachChild(node, collect);
      };
      collect(sf);
      visit(sf);
    }
  }
  return sites;
}
