// Size limits of the two verifiers (issue 8): bodies over 12 MiB (the gateway's own limit) and header
// sections over 64 KiB are refused with a clear reason, before hashing and without reading a stream to
// its end. Both defaults, at the limit and one byte over, for APIG verifyRequest and KooGallery
// verifyNotification. Node only: it allocates 12 MiB bodies.
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_HEADER_BYTES, parseSdkDate, signRequest, verifyRequest } from '../src/apig/index.js';
import { headerSignature, verifyNotification, type VerifyResult as KooResult } from '../src/koogallery/index.js';
import { SignerError } from '../src/errors.js';

const MiB = 1024 * 1024;
const KiB = 1024;
const TIMEOUT = 60_000;

/** The header-section size both verifiers count: name + value + 4 (": " and CRLF) per header. */
const sectionSize = (headers: Record<string, string>) => Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);

/** A stream of `total` bytes in 64 KiB chunks that counts what was pulled from it. */
function countingStream(total: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const chunk = new Uint8Array(64 * KiB).fill(0x61);
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      const n = Math.min(chunk.length, total - pulled);
      pulled += n;
      controller.enqueue(chunk.slice(0, n));
    },
  });
  return { stream, pulled: () => pulled };
}

describe('APIG verifyRequest limits', () => {
  const creds = { key: 'QTWAOYTTINDUT2QVKYUC', secret: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' };
  const date = parseSdkDate('20191115T033655Z');
  let lookups = 0;
  const resolve = (k: string) => {
    lookups++;
    return k === creds.key ? creds.secret : undefined;
  };
  const outcome = (r: Awaited<ReturnType<typeof verifyRequest>>) => (r.ok ? 'ok' : r.reason);

  it('defaults to 12 MiB of body and 64 KiB of headers', () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(12 * MiB);
    expect(DEFAULT_MAX_HEADER_BYTES).toBe(64 * KiB);
  });

  it('accepts a body of exactly 12 MiB and refuses one byte more, before looking up the key', async () => {
    const body = new Uint8Array(12 * MiB).fill(0x62);
    const signed = await signRequest({ method: 'PUT', url: 'https://api.example.com/upload', body }, creds, { date });
    lookups = 0;
    expect(outcome(await verifyRequest({ method: 'PUT', url: 'https://api.example.com/upload', headers: signed.headers, body }, resolve, { now: date }))).toBe('ok');
    expect(lookups).toBe(1);
    const over = new Uint8Array(12 * MiB + 1).fill(0x62);
    lookups = 0;
    const r = await verifyRequest({ method: 'PUT', url: 'https://api.example.com/upload', headers: signed.headers, body: over }, resolve, { now: date });
    expect(r).toMatchObject({ ok: false, reason: 'body-too-large' });
    if (!r.ok) expect(r.message).toContain(String(12 * MiB));
    expect(lookups).toBe(0); // refused before the secret lookup and the hash
  }, TIMEOUT);

  it('stops reading a fetch Request body soon after 12 MiB, and trusts a declared Content-Length over it', async () => {
    const signed = await signRequest({ method: 'PUT', url: 'https://api.example.com/upload', body: 'x' }, creds, { date });
    const { stream, pulled } = countingStream(100 * MiB);
    const req = new Request('https://api.example.com/upload', { method: 'PUT', headers: signed.headers, body: stream, duplex: 'half' } as RequestInit);
    expect(outcome(await verifyRequest(req, resolve, { now: date }))).toBe('body-too-large');
    expect(pulled()).toBeGreaterThan(12 * MiB);
    expect(pulled()).toBeLessThan(13 * MiB); // not the 100 MiB on offer
    const declared = countingStream(100 * MiB);
    const req2 = new Request('https://api.example.com/upload', { method: 'PUT', headers: { ...signed.headers, 'Content-Length': String(12 * MiB + 1) }, body: declared.stream, duplex: 'half' } as RequestInit);
    expect(outcome(await verifyRequest(req2, resolve, { now: date }))).toBe('body-too-large');
    expect(declared.pulled()).toBeLessThanOrEqual(2 * 64 * KiB);
  }, TIMEOUT);

  it('accepts a header section of exactly 64 KiB and refuses one byte more', async () => {
    const base = await signRequest({ method: 'GET', url: 'https://api.example.com/x', headers: { 'X-Pad': '' } }, creds, { date });
    // The padding header is signed too, so the request at the limit must verify.
    const padFor = async (size: number) => {
      const probe = await signRequest({ method: 'GET', url: 'https://api.example.com/x', headers: { 'X-Pad': 'p' } }, creds, { date });
      const pad = 'p'.repeat(1 + size - sectionSize(probe.headers));
      return signRequest({ method: 'GET', url: 'https://api.example.com/x', headers: { 'X-Pad': pad } }, creds, { date });
    };
    expect(outcome(await verifyRequest({ method: 'GET', url: 'https://api.example.com/x', headers: base.headers }, resolve, { now: date }))).toBe('ok');
    const at = await padFor(64 * KiB);
    expect(sectionSize(at.headers)).toBe(64 * KiB);
    expect(outcome(await verifyRequest({ method: 'GET', url: 'https://api.example.com/x', headers: at.headers }, resolve, { now: date }))).toBe('ok');
    // One byte over, correctly signed: only the size can refuse it.
    const over = await padFor(64 * KiB + 1);
    expect(sectionSize(over.headers)).toBe(64 * KiB + 1);
    lookups = 0;
    const r = await verifyRequest({ method: 'GET', url: 'https://api.example.com/x', headers: over.headers }, resolve, { now: date });
    expect(r).toMatchObject({ ok: false, reason: 'headers-too-large' });
    expect(lookups).toBe(0);
    // Many small headers count the same as one big one.
    const many = Object.fromEntries(Array.from({ length: 7000 }, (_, i) => [`x-h${i}`, 'v']));
    expect(outcome(await verifyRequest({ method: 'GET', url: 'https://api.example.com/x', headers: { ...base.headers, ...many } }, resolve, { now: date }))).toBe('headers-too-large');
  }, TIMEOUT);

  it('takes other limits from the options', async () => {
    const signed = await signRequest({ method: 'POST', url: 'https://api.example.com/x', body: 'x'.repeat(100) }, creds, { date });
    const req = { method: 'POST', url: 'https://api.example.com/x', headers: signed.headers, body: 'x'.repeat(100) };
    expect(outcome(await verifyRequest(req, resolve, { now: date, maxBodyBytes: 100 }))).toBe('ok');
    expect(outcome(await verifyRequest(req, resolve, { now: date, maxBodyBytes: 99 }))).toBe('body-too-large');
    expect(outcome(await verifyRequest(req, resolve, { now: date, maxHeaderBytes: sectionSize(signed.headers) }))).toBe('ok');
    expect(outcome(await verifyRequest(req, resolve, { now: date, maxHeaderBytes: sectionSize(signed.headers) - 1 }))).toBe('headers-too-large');
  });

  // NaN compares false with everything: unchecked, maxSkewSeconds: NaN accepted a year-old signature and
  // a NaN size limit switched the limit off. Options are the caller's, so bad ones throw.
  it('throws ERR_INVALID_ARGUMENT on a NaN, negative or non-numeric limit and on an invalid now', async () => {
    const signed = await signRequest({ method: 'POST', url: 'https://api.example.com/x', body: 'x'.repeat(100) }, creds, { date });
    const req = { method: 'POST', url: 'https://api.example.com/x', headers: signed.headers, body: 'x'.repeat(100) };
    const yearLater = new Date(date.getTime() + 365 * 86_400_000);
    expect(outcome(await verifyRequest(req, resolve, { now: yearLater }))).toBe('expired');
    const bad: [string, Parameters<typeof verifyRequest>[2]][] = [
      ['maxSkewSeconds NaN', { now: yearLater, maxSkewSeconds: Number.NaN }],
      ['maxSkewSeconds Infinity', { now: yearLater, maxSkewSeconds: Number.POSITIVE_INFINITY }],
      ['maxSkewSeconds negative', { now: date, maxSkewSeconds: -1 }],
      ['maxSkewSeconds string', { now: date, maxSkewSeconds: '900' as never }],
      ['maxBodyBytes NaN', { now: date, maxBodyBytes: Number.NaN }],
      ['maxBodyBytes negative', { now: date, maxBodyBytes: -1 }],
      ['maxHeaderBytes NaN', { now: date, maxHeaderBytes: Number.NaN }],
      ['maxHeaderBytes string', { now: date, maxHeaderBytes: '65536' as never }],
      ['now invalid Date', { now: new Date(Number.NaN) }],
      ['now a number', { now: date.getTime() as never }],
    ];
    for (const [label, options] of bad) {
      lookups = 0;
      const thrown = await verifyRequest(req, resolve, options).then(
        (r) => r,
        (e: unknown) => e,
      );
      expect(thrown, label).toBeInstanceOf(SignerError);
      expect((thrown as SignerError).code, label).toBe('ERR_INVALID_ARGUMENT');
      expect(lookups, label).toBe(0);
    }
    // The same request, with valid values at the edges, still verifies.
    expect(outcome(await verifyRequest(req, resolve, { now: date, maxSkewSeconds: 0, maxBodyBytes: 100, maxHeaderBytes: Number.POSITIVE_INFINITY }))).toBe('ok');
  });
});

describe('KooGallery verifyNotification limits', () => {
  const AK = 'ebf72724-bacc-414b-a86b-fda5bcc8153c';
  const NOW = 1_716_363_778_801;
  let n = 0;
  const call = async (body: Uint8Array | string, extra: Record<string, string> = {}) => {
    const nonce = `limit-${++n}`;
    const sign = await headerSignature({ accessKey: AK, nonce, timestamp: String(NOW), body });
    const headers: Record<string, string> = { 'x-sign': sign, 'x-timestamp': String(NOW), 'x-nonce': nonce, ...extra };
    return { url: 'https://isv.example.com/produce', headers, body };
  };
  const verify = (req: Parameters<typeof verifyNotification>[0], options = {}) => verifyNotification(req, AK, { now: NOW, nonceStore: false, ...options });
  const outcome = (r: KooResult) => (r.ok ? 'ok' : r.reason);

  it('accepts a body of exactly 12 MiB and refuses one byte more', async () => {
    const body = new Uint8Array(12 * MiB).fill(0x62);
    expect(outcome(await verify(await call(body)))).toBe('ok');
    const over = new Uint8Array(12 * MiB + 1).fill(0x62);
    const r = await verify(await call(over));
    expect(r).toMatchObject({ ok: false, reason: 'body-too-large', scheme: 'header-signature' });
  }, TIMEOUT);

  it('stops reading a body stream soon after 12 MiB', async () => {
    const signed = await call('x');
    const { stream, pulled } = countingStream(100 * MiB);
    expect(outcome(await verify({ ...signed, body: stream }))).toBe('body-too-large');
    expect(pulled()).toBeLessThan(13 * MiB);
    const fetchBody = countingStream(100 * MiB);
    const req = new Request(signed.url, { method: 'POST', headers: signed.headers, body: fetchBody.stream, duplex: 'half' } as RequestInit);
    expect(outcome(await verify(req))).toBe('body-too-large');
    expect(fetchBody.pulled()).toBeLessThan(13 * MiB);
  }, TIMEOUT);

  it('accepts a header section of exactly 64 KiB and refuses one byte more, whatever form the headers take', async () => {
    const probe = await call('{}', { 'x-pad': '' });
    const pad = (size: number) => 'p'.repeat(size - sectionSize(probe.headers));
    const at = await call('{}', { 'x-pad': pad(64 * KiB) });
    expect(sectionSize(at.headers)).toBe(64 * KiB);
    expect(outcome(await verify(at))).toBe('ok');
    const over = await call('{}', { 'x-pad': pad(64 * KiB + 1) });
    expect(sectionSize(over.headers)).toBe(64 * KiB + 1);
    const forms: [string, Parameters<typeof verifyNotification>[0]][] = [
      ['record', over],
      ['pairs', { ...over, headers: Object.entries(over.headers) }],
      ['Node arrays', { ...over, headers: { ...over.headers, 'x-pad': [over.headers['x-pad']!] } as unknown as Record<string, string> }],
      ['Headers', { ...over, headers: new Headers(over.headers) }],
      ['fetch Request', new Request(over.url, { method: 'POST', headers: over.headers, body: over.body as string })],
    ];
    for (const [name, req] of forms) {
      const r = await verify(req);
      expect(outcome(r), name).toBe('headers-too-large');
      if (!r.ok) expect(r.message).toContain(String(64 * KiB));
    }
    // Repeated values count too: a Node-style array of many values is not one small header.
    const repeated = { ...at, headers: { ...at.headers, 'x-pad': ['a', 'b'.repeat(64 * KiB)] } as unknown as Record<string, string> };
    expect(outcome(await verify(repeated))).toBe('headers-too-large');
  }, TIMEOUT);

  it('takes other limits from the options and refuses nonsense ones', async () => {
    const c = await call('x'.repeat(100));
    expect(outcome(await verify(c, { maxBodyBytes: 100 }))).toBe('ok');
    expect(outcome(await verify(c, { maxBodyBytes: 99 }))).toBe('body-too-large');
    expect(outcome(await verify(c, { maxHeaderBytes: sectionSize(c.headers) }))).toBe('ok');
    expect(outcome(await verify(c, { maxHeaderBytes: sectionSize(c.headers) - 1 }))).toBe('headers-too-large');
    for (const bad of [-1, Number.NaN, '64' as unknown as number]) {
      await expect(verify(c, { maxHeaderBytes: bad })).rejects.toSatisfy((e: unknown) => e instanceof SignerError && e.code === 'ERR_INVALID_ARGUMENT');
    }
  });
});
