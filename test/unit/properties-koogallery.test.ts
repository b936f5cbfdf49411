// Property tests of KooGallery (issue 8): sensitive fields round-trip for any text (astral characters,
// empty strings, 1 MiB), and the three request schemes accept what was signed, refuse any single
// change, and refuse a replay inside the window. Runs on both runtimes (node:crypto and Web Crypto).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  authToken,
  createNonceStore,
  decryptSensitive,
  encryptSensitive,
  headerSignature,
  requestSignature,
  sensitiveCiphertextLength,
  verifyNotification,
  NOTIFICATION_SCHEMES,
  type VerifyResult,
} from '../../src/koogallery/index.js';
import { utf8Encode } from '../../src/crypto/codecs.js';
import { fcParams, scaled } from '../fixtures/hardening/fuzz.js';

const TIMEOUT = 60_000;
const NOW = 1_716_363_778_801;
const outcome = (v: VerifyResult) => (v.ok ? 'ok' : v.reason);

const plaintextArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 32 }),
  fc.string({ unit: fc.constantFrom('\u{1F600}', '\u{10FFFF}', '\u{20000}', '\uFFFD', '\uFEFF', '\0', 'é'), maxLength: 24 }),
  fc.constant(''),
);
const accessKeyArb = fc.oneof(fc.uuid(), fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }));
const typeArb = fc.constantFrom<1 | 2 | '1' | '2'>(1, 2, '1', '2');

/** A string of exactly `bytes` UTF-8 bytes mixing 1-, 2-, 3- and 4-byte characters (a fixed LCG, no Math.random). */
function mixedText(bytes: number): string {
  const pieces = ['a', 'Z', '0', ' ', 'é', 'ß', '中', '\uFFFD', '\u{1F600}', '\u{10FFFF}', '\u{20000}', '+', '/', '='];
  const sizes = pieces.map((p) => utf8Encode(p).length);
  let state = 0x2545f491;
  const parts: string[] = [];
  let n = 0;
  while (n < bytes) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const k = (state >>> 8) % pieces.length;
    if (n + sizes[k]! > bytes) {
      parts.push('a'.repeat(bytes - n));
      break;
    }
    parts.push(pieces[k]!);
    n += sizes[k]!;
  }
  return parts.join('');
}

describe('sensitive fields: encryptSensitive then decryptSensitive', () => {
  it('returns the input for random text, keys and encryptTypes, with the announced length', async () => {
    await fc.assert(
      fc.asyncProperty(plaintextArb, accessKeyArb, typeArb, async (text, key, type) => {
        const ct = await encryptSensitive(text, key, type);
        expect(ct).toMatch(/^[A-Za-z0-9]{16}[A-Za-z0-9+/]+={0,2}$/);
        expect(ct.length).toBe(sensitiveCiphertextLength(text, type));
        expect(await decryptSensitive(ct, key, type)).toBe(text);
        // The same type written as a number or a string derives the same key.
        expect(await decryptSensitive(ct, key, String(type) as '1' | '2')).toBe(text);
      }),
      fcParams(scaled(120)),
    );
  }, TIMEOUT);

  it('returns the empty string and a 1 MiB string with astral characters, for both AES sizes', async () => {
    const big = mixedText(1024 * 1024);
    expect(utf8Encode(big).length).toBe(1024 * 1024);
    expect(big).toContain('\u{1F600}');
    expect(big).toContain('\u{10FFFF}');
    for (const type of [1, 2] as const) {
      for (const text of ['', big]) {
        const ct = await encryptSensitive(text, 'ebf72724-bacc-414b-a86b-fda5bcc8153c', type);
        expect(ct.length).toBe(sensitiveCiphertextLength(text, type));
        expect(await decryptSensitive(ct, 'ebf72724-bacc-414b-a86b-fda5bcc8153c', type)).toBe(text);
      }
    }
  }, TIMEOUT);

  it('a ciphertext made with another accessKey or AES size never decrypts to the input', async () => {
    await fc.assert(
      fc.asyncProperty(plaintextArb, fc.uuid(), fc.uuid(), typeArb, async (text, key, other, type) => {
        fc.pre(key !== other);
        const ct = await encryptSensitive(text, key, type);
        for (const [k, t] of [[other, type], [key, Number(type) === 1 ? 2 : 1]] as const) {
          // CBC with the wrong key rarely has valid padding and UTF-8; if it has, it is not the text.
          const back = await decryptSensitive(ct, k, t).catch((e: { code?: string }) => e.code);
          expect(back).not.toBe(text);
        }
      }),
      fcParams(scaled(60)),
    );
  }, TIMEOUT);
});

const bodyArb = fc.oneof(fc.uint8Array({ maxLength: 256 }), fc.string({ unit: 'binary', maxLength: 64 }));
const nonceArb = fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/);
// Inside the default 60 s window either way, in milliseconds or in seconds (rounding stays inside too).
const timestampArb = fc.tuple(fc.integer({ min: -59_000, max: 59_000 }), fc.boolean()).map(([d, seconds]) => (seconds ? String(Math.round((NOW + d) / 1000)) : String(NOW + d)));
const millisOf = (ts: string) => (ts.length <= 10 ? Number(ts) * 1000 : Number(ts));

interface Call {
  url: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
}

async function signedCall(scheme: 'header' | 'url', accessKey: string, body: string | Uint8Array, nonce: string, timestamp: string): Promise<Call> {
  if (scheme === 'header') {
    const sign = await headerSignature({ accessKey, nonce, timestamp, body });
    return { url: 'https://isv.example.com/produce?activity=newInstance', headers: { 'x-sign': sign, 'x-timestamp': timestamp, 'x-nonce': nonce }, body };
  }
  const signature = await requestSignature({ accessKey, nonce, timestamp, body });
  const q = new URLSearchParams({ signature, timestamp, nonce });
  return { url: `https://isv.example.com/produce?${q}`, headers: {}, body };
}

const flipHexDigit = (s: string, i: number) => {
  const at = i % s.length;
  return s.slice(0, at) + (s[at] === '0' ? '1' : '0') + s.slice(at + 1);
};

describe('request signatures (x-sign headers, signature parameters)', () => {
  it('a signed call is accepted once, then refused as a replay inside the window', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<'header' | 'url'>('header', 'url'), fc.uuid(), bodyArb, nonceArb, timestampArb, fc.integer({ min: 0, max: 60_000 }), async (scheme, key, body, nonce, ts, later) => {
        const nonceStore = createNonceStore({ ttlSeconds: 120 });
        const call = await signedCall(scheme, key, body, nonce, ts);
        const first = await verifyNotification(call, key, { now: NOW, nonceStore });
        expect(outcome(first)).toBe('ok');
        if (first.ok) {
          expect(first.scheme).toBe(scheme === 'header' ? 'header-signature' : 'url-signature');
          expect(first.nonce).toBe(nonce);
          expect([...first.body!]).toEqual([...(typeof body === 'string' ? utf8Encode(body) : body)]);
        }
        // The same call again, any time the timestamp still passes the window.
        const replayAt = Math.min(NOW + later, millisOf(ts) + 60_000);
        const again = await verifyNotification(call, key, { now: replayAt, nonceStore });
        expect(outcome(again)).toBe('replayed');
      }),
      fcParams(scaled(100)),
    );
  }, TIMEOUT);

  it('any single change (body, nonce, timestamp, signature, key) is refused as signature-mismatch', async () => {
    const kinds = ['body', 'nonce', 'timestamp', 'signature', 'key'] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom<'header' | 'url'>('header', 'url'), fc.constantFrom(...kinds), fc.uuid(), bodyArb, nonceArb, timestampArb, fc.nat(), async (scheme, kind, key, body, nonce, ts, i) => {
        let call = await signedCall(scheme, key, body, nonce, ts);
        let verifyKey = key;
        const sig = scheme === 'header' ? call.headers['x-sign']! : new URL(call.url).searchParams.get('signature')!;
        const rebuild = async (n: string, t: string, s: string, b: string | Uint8Array) => {
          if (scheme === 'header') return { ...call, headers: { 'x-sign': s, 'x-timestamp': t, 'x-nonce': n }, body: b };
          return { ...call, url: `https://isv.example.com/produce?${new URLSearchParams({ signature: s, timestamp: t, nonce: n })}`, body: b };
        };
        switch (kind) {
          case 'body': {
            const bytes = new Uint8Array(typeof body === 'string' ? utf8Encode(body) : body);
            if (bytes.length > 0) bytes[i % bytes.length]! ^= 1 << (i % 8);
            call = await rebuild(nonce, ts, sig, bytes.length === 0 ? 'x' : bytes);
            break;
          }
          case 'nonce':
            call = await rebuild(nonce + 'x', ts, sig, body);
            break;
          case 'timestamp':
            // One unit later: still inside the window, so only the signature can refuse it.
            call = await rebuild(nonce, String(Number(ts) + (millisOf(ts) > NOW ? -1 : 1)), sig, body);
            break;
          case 'signature':
            call = await rebuild(nonce, ts, flipHexDigit(sig, i), body);
            break;
          case 'key':
            verifyKey = key + 'x';
            break;
        }
        const v = await verifyNotification(call, verifyKey, { now: NOW, nonceStore: createNonceStore() });
        expect(outcome(v)).toBe('signature-mismatch');
        if (!v.ok) expect(v.message).not.toContain(sig);
      }),
      fcParams(scaled(150)),
    );
  }, TIMEOUT);
});

const RESERVED_PARAMS = new Set(['signature', 'authToken', 'timeStamp']);
const paramsArb = fc
  // A decoded '&' (or '=' in a name) is refused as ambiguous: that refusal has its own test.
  .dictionary(
    fc.string({ unit: 'binary', maxLength: 10 }).filter((n) => !RESERVED_PARAMS.has(n) && !/[&=]/.test(n)),
    fc.string({ unit: 'binary', maxLength: 16 }).filter((v) => !v.includes('&')),
    { maxKeys: 6 },
  )
  .map((d) => ({ ...d }));

describe('legacy authToken', () => {
  it('a token over form-encoded parameters verifies; a changed or added parameter does not', async () => {
    await fc.assert(
      fc.asyncProperty(paramsArb, fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), fc.uuid(), fc.nat(), async (params, at, key, i) => {
        // yyyyMMddHHmmssSSS in UTC (the default zone of the opted-in legacy scheme), `at` as the clock.
        const timeStamp = new Date(at).toISOString().replace(/\D/g, '').slice(0, 17);
        const all = { ...params, timeStamp };
        const token = await authToken(all, key);
        const url = (p: Record<string, string>) => `https://isv.example.com/produce?${new URLSearchParams(p)}&authToken=${encodeURIComponent(token)}`;
        const options = { now: at, schemes: NOTIFICATION_SCHEMES, nonceStore: false as const };
        const ok = await verifyNotification({ url: url(all), headers: {} }, key, options);
        expect(outcome(ok)).toBe('ok');
        if (ok.ok) expect(ok.params).toEqual(all);
        const names = Object.keys(all);
        const name = names[i % names.length]!;
        const changed = await verifyNotification({ url: url({ ...all, [name]: all[name as keyof typeof all] + 'x' }), headers: {} }, key, options);
        // A changed timeStamp moves the call out of the window, or out of the calendar.
        expect(outcome(changed)).toBe(name === 'timeStamp' ? 'bad-timestamp' : 'signature-mismatch');
        const added = await verifyNotification({ url: url({ ...all, zzExtra: '1' }), headers: {} }, key, options);
        expect(outcome(added)).toBe('signature-mismatch');
      }),
      fcParams(scaled(100)),
    );
  }, TIMEOUT);
});
