// Fuzzing every KooGallery parser that reads outside input (issue 8): the Body-Sign header, and whole
// calls through verifyNotification (URLs, query encodings, timestamps, nonces, headers, bodies), at
// least 10,000 random and malformed inputs each. Never an exception other than SignerError.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  authToken,
  bodySign,
  createNonceStore,
  headerSignature,
  parseBodySign,
  requestSignature,
  verifyBodySign,
  verifyNotification,
  NOTIFICATION_SCHEMES,
  type VerifyFailureReason,
} from '../src/koogallery/index.js';
import { hmacSha256Base64 } from '../src/crypto/hash.js';
import { parseLegacyTimeStamp } from '../src/koogallery/timestamp.js';
import { SignerError } from '../src/errors.js';
import { FUZZ_RUNS, fcParams, fuzzText, nastyString, onlySignerError, onlySignerErrorAsync } from './fixtures/hardening/fuzz.js';

const TIMEOUT = 120_000;
const AK = 'ebf72724-bacc-414b-a86b-fda5bcc8153c';
const NOW = 1_716_363_778_801;
const BODY = '{"resultCode":"000000","resultMsg":"success"}';

describe('fuzz: Body-Sign (parseBodySign, verifyBodySign)', () => {
  const seedsOf = async () => {
    const valid = await bodySign(BODY, AK);
    const sig = valid.slice(valid.indexOf('signature="') + 11, -1);
    return { valid, sig, texts: [valid, `sign_type="HMAC-SHA256",signature= "${sig}"`, `signature="${sig}", sign_type="HMAC-SHA256", extra="1"`, 'sign_type="HMAC-SHA256", signature=""'] };
  };

  it(`parseBodySign returns two non-empty values or ERR_BAD_HEADER for ${FUZZ_RUNS} inputs`, async () => {
    const { texts } = await seedsOf();
    let n = 0;
    fc.assert(
      fc.property(fuzzText(texts, 160), (value) => {
        n++;
        const p = onlySignerError(() => parseBodySign(value), value);
        if (p instanceof SignerError) {
          expect(p.code).toBe('ERR_BAD_HEADER');
          return;
        }
        expect(p.signType.length).toBeGreaterThan(0);
        expect(p.signature.length).toBeGreaterThan(0);
        expect(p.signType + p.signature).not.toContain('"');
        expect(value).toContain(`"${p.signature}"`);
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
  }, TIMEOUT);

  it(`verifyBodySign is true only for the body's own signature, false otherwise, for ${FUZZ_RUNS} inputs`, async () => {
    const { texts, sig } = await seedsOf();
    let n = 0;
    let trues = 0;
    await fc.assert(
      fc.asyncProperty(fuzzText(texts, 160), fc.oneof(fc.constant(BODY), nastyString(40), fc.uint8Array({ maxLength: 40 })), async (value, body) => {
        n++;
        const r = await onlySignerErrorAsync(() => verifyBodySign(body, value, AK), value);
        expect(typeof r).toBe('boolean'); // never throws on the header or the body
        if (r === true) {
          trues++;
          const p = parseBodySign(value);
          expect(p.signType).toBe('HMAC-SHA256');
          expect(p.signature).toBe(await hmacSha256Base64(AK, body));
          if (body === BODY) expect(p.signature).toBe(sig);
        }
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(trues).toBeGreaterThan(0);
  }, TIMEOUT);
});

const REASONS: readonly VerifyFailureReason[] = [
  'bad-request', 'body-too-large', 'headers-too-large', 'missing-signature', 'scheme-not-allowed', 'missing-parameter', 'bad-timestamp',
  'expired', 'expired', 'signature-mismatch', 'replayed', 'replay-store-full', 'replay-store-unavailable',
];

describe('fuzz: KooGallery calls (verifyNotification: URLs, timestamps, nonces, headers, bodies)', () => {
  async function seeds() {
    const body = '{"activity":"newInstance","buyerInfo":{"customerName":"张三","mobilePhone":"Ab3d+/=="},"testFlag":"1"}';
    const ts = String(NOW);
    const xSign = await headerSignature({ accessKey: AK, nonce: 'RLLUammMSInlrNWb', timestamp: ts, body });
    const signature = await requestSignature({ accessKey: AK, nonce: 'n0nce-2', timestamp: String(Math.floor(NOW / 1000)), body });
    const legacyParams = { activity: 'newInstance', businessId: '61e834ba', customerId: 'a b+c', timeStamp: '20240522123456789' };
    const token = await authToken(legacyParams, AK);
    const legacyUrl = `https://isv.example.com/produce?${new URLSearchParams(legacyParams)}&authToken=${encodeURIComponent(token)}`;
    return {
      body,
      urls: [
        'https://isv.example.com/produce',
        `https://isv.example.com/produce?signature=${signature}&timestamp=${Math.floor(NOW / 1000)}&nonce=n0nce-2`,
        legacyUrl,
        legacyUrl.replace(encodeURIComponent(token), token),
        '/produce?activity=newInstance&authToken=abc%2B%2F%3D&timeStamp=20240522123456789',
      ],
      headerSets: [
        { 'x-sign': xSign, 'x-timestamp': ts, 'x-nonce': 'RLLUammMSInlrNWb' },
        { 'X-Sign': xSign.toUpperCase(), 'X-Timestamp': ts, 'X-Nonce': 'RLLUammMSInlrNWb', 'Content-Type': 'application/json' },
        {},
      ],
    };
  }

  it(`answers ok or a known reason for ${FUZZ_RUNS} random and mutated calls, never throws`, async () => {
    const s = await seeds();
    const headerValueSeeds = [...Object.values(s.headerSets[0]!), String(Math.floor(NOW / 1000)), '1e3', '0x10', '-1', '99999999999999999999'];
    const headerValue = fc.oneof(fc.constant<'keep'>('keep'), fc.constant<'drop'>('drop'), fuzzText(headerValueSeeds, 80), fc.array(fuzzText(headerValueSeeds, 40), { maxLength: 2 }), fc.integer());
    const bodyArb = fc.oneof(fc.constant<'keep'>('keep'), fc.uint8Array({ maxLength: 64 }), nastyString(60), fc.constant(null), fc.constant(undefined));
    // Its lifetime hidden: the fuzzed maxSkewSeconds would otherwise be refused against it up front.
    const memory = createNonceStore({ maxEntries: 1_000_000 });
    const store = { checkAndSet: (key: string) => memory.checkAndSet(key) };
    let n = 0;
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ arbitrary: fc.constantFrom(...s.urls), weight: 1 }, { arbitrary: fuzzText(s.urls, 240), weight: 4 }),
        fc.nat(s.headerSets.length - 1),
        fc.record({ 'x-sign': headerValue, 'x-timestamp': headerValue, 'x-nonce': headerValue }),
        fc.array(fc.tuple(nastyString(16), nastyString(40)), { maxLength: 3 }),
        bodyArb,
        fc.constantFrom<'record' | 'pairs' | 'fetch'>('record', 'record', 'pairs', 'fetch'),
        fc.constantFrom(undefined, 5, 60, 86_400),
        async (url, h, edits, extra, body, container, maxSkewSeconds) => {
          n++;
          const headers: [string, unknown][] = [];
          for (const [name, value] of Object.entries(s.headerSets[h]!)) {
            const edit = edits[name.toLowerCase() as keyof typeof edits] ?? 'keep';
            if (edit === 'drop') continue;
            headers.push([name, edit === 'keep' ? value : edit]);
          }
          headers.push(...extra);
          let request: Parameters<typeof verifyNotification>[0];
          if (container === 'fetch') {
            // A fetch Request refuses what HTTP cannot carry; those never reach a server.
            try {
              const abs = url.startsWith('/') ? 'https://isv.example.com' + url : url;
              const b = body === 'keep' ? s.body : body;
              request = new Request(abs, { method: 'POST', headers: headers.map(([k, v]) => [k, String(v)]) as [string, string][], body: b as BodyInit | null | undefined });
            } catch {
              request = { url, headers: Object.fromEntries(headers) as Record<string, string>, body: body === 'keep' ? s.body : body };
            }
          } else {
            request = { url, headers: (container === 'record' ? Object.fromEntries(headers) : headers) as Record<string, string>, body: body === 'keep' ? s.body : body };
          }
          const options = maxSkewSeconds === undefined ? { now: NOW, nonceStore: store } : { now: NOW, nonceStore: store, maxSkewSeconds };
          const r = await onlySignerErrorAsync(() => verifyNotification(request, AK, options), { url, headers, body });
          expect(r instanceof SignerError).toBe(false);
          if (r instanceof SignerError) return;
          if (r.ok) {
            ok++;
            expect(['header-signature', 'url-signature', 'auth-token']).toContain(r.scheme);
          } else {
            expect(REASONS).toContain(r.reason);
            expect(typeof r.message).toBe('string');
            expect(r.message).not.toContain(AK);
          }
        },
      ),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(ok).toBeGreaterThan(0);
  }, TIMEOUT);

  it(`timestamps: any x-timestamp text is a window decision or bad-timestamp, never a crash (${FUZZ_RUNS} inputs)`, async () => {
    const body = 'x';
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fuzzText([String(NOW), String(Math.floor(NOW / 1000)), '0', '00000000000000001716363778801', '1716363778801.5'], 40), async (ts) => {
        n++;
        // Correctly signed over whatever text was sent: only the time checks can refuse it.
        const nonce = `n${n}`;
        const sign = await headerSignature({ accessKey: AK, nonce, timestamp: ts, body });
        const r = await verifyNotification({ url: 'https://isv.example.com/p', headers: { 'x-sign': sign, 'x-timestamp': ts, 'x-nonce': nonce }, body }, AK, { now: NOW, nonceStore: false });
        if (r.ok) {
          expect(ts).toMatch(/^[0-9]{1,16}$/);
          expect(Math.abs(r.timestamp! - NOW)).toBeLessThanOrEqual(60_000);
        } else {
          expect(['bad-timestamp', 'expired', 'expired', 'missing-parameter', 'bad-request', 'headers-too-large']).toContain(r.reason);
        }
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
  }, TIMEOUT);
});

describe('fuzz: the legacy authToken timeStamp (yyyyMMddHHmmssSSS, checked with authTokenUtcOffsetMinutes)', () => {
  // NOW is 2024-05-22T07:42:58.801Z: these seeds are that instant at UTC, UTC+8 and UTC-5.
  const SEEDS = ['20240522074258801', '20240522154258801', '20240522024258801', '20240522074258', '2024052207425880', '20240229000000000', '00990101000000', '99991231235959999'];
  const OFFSETS = fc.oneof(fc.constantFrom(0, 480, -300), fc.integer({ min: -1080, max: 1080 }));
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  it(`parseLegacyTimeStamp returns null or the instant the text names, for ${FUZZ_RUNS} inputs`, () => {
    let n = 0;
    let dates = 0;
    fc.assert(
      fc.property(fuzzText(SEEDS, 40), OFFSETS, (text, offset) => {
        n++;
        const r = parseLegacyTimeStamp(text, offset); // any exception fails the property
        if (r === null) return;
        dates++;
        expect(Number.isSafeInteger(r)).toBe(true);
        expect(text).toMatch(/^[0-9]{14,17}$/);
        // Read back at the same offset, the instant spells the same calendar date and time.
        const d = new Date(r + offset * 60_000);
        const back = pad(d.getUTCFullYear(), 4) + pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCDate(), 2) + pad(d.getUTCHours(), 2) + pad(d.getUTCMinutes(), 2) + pad(d.getUTCSeconds(), 2);
        expect(back).toBe(text.slice(0, 14));
        expect(d.getUTCMilliseconds()).toBe(Number(text.slice(14) || '0'));
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(dates).toBeGreaterThan(0);
  }, TIMEOUT);

  it(`verifyNotification: a correctly signed legacy call with any timeStamp is ok in the window or refused by time (${FUZZ_RUNS} inputs)`, async () => {
    let n = 0;
    let ok = 0;
    await fc.assert(
      fc.asyncProperty(fuzzText(SEEDS, 40), OFFSETS, async (timeStamp, offset) => {
        n++;
        const params = { activity: 'refreshInstance', instanceId: 'ins-1', timeStamp };
        const token = await onlySignerErrorAsync(() => authToken(params, AK), params);
        if (token instanceof SignerError) return; // text URLSearchParams cannot carry (lone surrogates)
        let query: string;
        try {
          query = `${new URLSearchParams(params)}&authToken=${encodeURIComponent(token)}`;
        } catch {
          return;
        }
        const url = `https://isv.example.com/produce?${query}`;
        const options = { now: NOW, nonceStore: false as const, authTokenUtcOffsetMinutes: offset, schemes: NOTIFICATION_SCHEMES };
        const r = await onlySignerErrorAsync(() => verifyNotification({ url }, AK, options), { url, offset });
        expect(r instanceof SignerError).toBe(false);
        if (r instanceof SignerError) return;
        if (r.ok) {
          ok++;
          expect(r.scheme).toBe('auth-token');
          expect(r.timestamp).toBe(parseLegacyTimeStamp(timeStamp, offset));
          expect(Math.abs(r.timestamp! - NOW)).toBeLessThanOrEqual(60_000);
        } else {
          const wellFormed = !/[\ud800-\udfff]/.test(timeStamp.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
          const allowed = ['bad-timestamp', 'expired', 'missing-parameter', 'bad-request'];
          // A lone surrogate cannot be URL-encoded as itself: the token then covers other text.
          expect([...allowed, ...(wellFormed ? [] : ['signature-mismatch'])], `${r.reason}: ${r.message}`).toContain(r.reason);
          expect(r.message).not.toContain(AK);
        }
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(ok).toBeGreaterThan(0);
  }, TIMEOUT);
});
