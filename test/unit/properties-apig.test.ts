// Property tests of APIG signing (issue 8): sign-then-verify holds for random requests, any single
// change to what is signed breaks it, and the canonical request ignores header order, header-name
// case and query order. Runs on both runtimes (node:crypto and Web Crypto).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatSdkDate, signRequest, verifyRequest, type ApigRequest, type SignedRequest, type VerifyResult } from '../../src/apig/index.js';
import { utf8Encode } from '../../src/crypto/codecs.js';
import { fcParams, scaled } from '../fixtures/hardening/fuzz.js';
import { randomCase, requestArb, urlOf, type QueryPiece, type RandomRequest } from '../fixtures/hardening/apig-requests.js';

const RUNS = scaled(300);
const TIMEOUT = 60_000;

async function sign(r: RandomRequest, headers: [string, string][] = r.headers, url = urlOf(r)): Promise<SignedRequest> {
  const request: ApigRequest = { method: r.method, url, headers, body: r.body };
  return signRequest(request, { key: r.key, secret: r.secret }, { date: r.date, algorithm: r.algorithm, headerRule: r.headerRule, region: r.region, service: r.service });
}

/** What a server receives: names in any case, in any order, values stripped of surrounding SP/HTAB. */
function received(signed: SignedRequest, caseBits: boolean[], order: number[]): [string, string][] {
  const entries = Object.entries(signed.headers).map(([n, v]): [string, string] => [randomCase(n, caseBits), v.replace(/^[ \t]+|[ \t]+$/g, '')]);
  const shuffled: [string, string][] = [];
  const pool = entries.slice();
  for (const o of order) if (pool.length > 0) shuffled.push(pool.splice(o % pool.length, 1)[0]!);
  return shuffled.concat(pool);
}

const transportArb = fc.record({ caseBits: fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }), order: fc.array(fc.nat(), { maxLength: 12 }) });

function verify(r: RandomRequest, req: ApigRequest, secret = r.secret): Promise<VerifyResult> {
  return verifyRequest(req, (k) => (k === r.key ? secret : undefined), { now: r.date });
}

const outcome = (v: VerifyResult) => (v.ok ? 'ok' : `${v.reason}: ${v.message}`);

/** `ch` percent-encoded as UTF-8 bytes, in either hex case. */
function pctOf(ch: string, lower: boolean): string {
  let out = '';
  for (const b of utf8Encode(ch)) out += '%' + (lower ? b.toString(16).padStart(2, '0') : b.toString(16).padStart(2, '0').toUpperCase());
  return out;
}

/** The characters of a raw path after its leading '/' that are not part of a '%XX' escape, with their offsets. */
function rawCharsOf(path: string): { at: number; ch: string }[] {
  const covered = new Set<number>();
  for (const m of path.matchAll(/%[0-9A-Fa-f]{2}/g)) for (let k = 0; k < 3; k++) covered.add(m.index! + k);
  const out: { at: number; ch: string }[] = [];
  let at = 0;
  for (const ch of path) {
    if (at > 0 && !covered.has(at)) out.push({ at, ch });
    at += ch.length;
  }
  return out;
}

describe('APIG properties', () => {
  it('sign then verify is ok for random requests, whatever the transport does to header case and order', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb(), transportArb, fc.boolean(), async (r, t, originForm) => {
        const signed = await sign(r);
        const url = urlOf(r);
        // Node's http server hands over the origin-form target plus a Host header.
        const target = originForm ? url.slice(url.indexOf('/', 'https://'.length)) : url;
        const v = await verify(r, { method: r.method, url: target, headers: received(signed, t.caseBits, t.order), body: r.body });
        expect(outcome(v)).toBe('ok');
        if (v.ok) {
          expect(v.key).toBe(r.key);
          expect(v.signedHeaders.join(';')).toBe(signed.signedHeaders);
          expect(v.sdkDate.getTime()).toBe(r.date.getTime());
        }
      }),
      fcParams(RUNS),
    );
  }, TIMEOUT);

  type Kind =
    | 'method' | 'path' | 'path-encoding' | 'query-added' | 'query-removed' | 'query-name' | 'query-value' | 'header-value' | 'header-removed'
    | 'signed-headers' | 'access' | 'body' | 'body-with-hash-header' | 'date' | 'signature' | 'secret';
  const kinds: Kind[] = [
    'method', 'path', 'path-encoding', 'query-added', 'query-removed', 'query-name', 'query-value', 'header-value', 'header-removed',
    'signed-headers', 'access', 'body', 'body-with-hash-header', 'date', 'signature', 'secret',
  ];

  it('any single change to what was signed makes verification fail', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb(), fc.constantFrom(...kinds), fc.nat(), fc.nat(), async (r, kind, i, j) => {
        const signed = await sign(r);
        let method = r.method;
        let url = urlOf(r);
        let headers: [string, string][] = Object.entries(signed.headers);
        let body: string | Uint8Array | undefined = r.body;
        let secret = r.secret;
        let expected = 'signature-mismatch';
        const signedNames = signed.signedHeaders.split(';').filter((n) => n !== 'x-sdk-date');
        const setHeader = (lower: string, f: (v: string) => string | undefined) => {
          headers = headers.flatMap(([n, v]): [string, string][] => {
            if (n.toLowerCase() !== lower) return [[n, v]];
            const nv = f(v);
            return nv === undefined ? [] : [[n, nv]];
          });
        };
        const mutateDate = () => setHeader('x-sdk-date', () => formatSdkDate(new Date(r.date.getTime() + 1000)));
        switch (kind) {
          case 'method': {
            const others = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].filter((m) => m !== r.method.toUpperCase());
            method = others[i % others.length]!;
            break;
          }
          case 'path': {
            // After the leading '/': before it, the letter would join the host, which is not signed.
            const path = url.slice(url.indexOf('/', 'https://'.length));
            const end = path.indexOf('?') < 0 ? path.length : path.indexOf('?');
            const at = 1 + (i % end);
            url = url.slice(0, url.length - path.length) + path.slice(0, at) + 'Q' + path.slice(at);
            break;
          }
          case 'query-added': {
            const pieces = r.query.slice();
            pieces.splice(i % (pieces.length + 1), 0, { name: 'zq', value: String(j % 10), enc: ['raw'] });
            url = urlOf(r, pieces);
            break;
          }
          case 'path-encoding': {
            // Double encoding, as a proxy that encodes an encoded path would do: '%XX' sent as '%25XX', or a
            // character c as the escape of its escape. The decoded path changes. (Equivalent spellings,
            // which must still verify, are the next property.)
            const path = url.slice(url.indexOf('/', 'https://'.length));
            const end = path.indexOf('?') < 0 ? path.length : path.indexOf('?');
            const base = url.slice(0, url.length - path.length);
            const escapes = [...path.slice(0, end).matchAll(/%[0-9A-Fa-f]{2}/g)].map((m) => m.index!);
            const chars = rawCharsOf(path.slice(0, end)).filter((c) => c.ch !== '/');
            if (escapes.length > 0 && (j % 2 === 0 || chars.length === 0)) {
              const at = escapes[i % escapes.length]!;
              url = base + path.slice(0, at) + '%25' + path.slice(at + 1);
            } else if (chars.length > 0) {
              const { at, ch } = chars[i % chars.length]!;
              url = base + path.slice(0, at) + pctOf(ch, j % 3 === 0).replace(/%/g, '%25') + path.slice(at + ch.length);
            } else {
              // Only slashes: nothing to re-encode, so a double-encoded 'A' is added.
              url = base + path.slice(0, end) + '%2541' + path.slice(end);
            }
            break;
          }
          case 'query-removed':
          case 'query-name':
          case 'query-value': {
            // '' names are dropped by the signer, so only a named parameter counts; without one, add one.
            const named = r.query.map((p, k) => [p, k] as const).filter(([p]) => p.name !== '');
            if (named.length === 0) {
              url = urlOf(r, [...r.query, { name: 'a', value: 'b', enc: ['raw'] }]);
              break;
            }
            const [p, k] = named[i % named.length]!;
            const pieces: QueryPiece[] = r.query.slice();
            if (kind === 'query-removed') pieces.splice(k, 1);
            else if (kind === 'query-name') pieces[k] = { ...p, name: p.name + 'x' };
            else pieces[k] = { ...p, value: (p.value ?? '') + 'x' };
            url = urlOf(r, pieces);
            break;
          }
          case 'signed-headers': {
            // Drop a signed header from the list (the canonical request changes), or list one the request
            // does not carry.
            const list = signed.signedHeaders.split(';');
            if (signedNames.length > 0 && j % 2 === 0) {
              const drop = signedNames[i % signedNames.length]!;
              setHeader('authorization', (v) => v.replace(`SignedHeaders=${signed.signedHeaders}`, `SignedHeaders=${list.filter((n) => n !== drop).join(';')}`));
            } else {
              setHeader('authorization', (v) => v.replace(`SignedHeaders=${signed.signedHeaders}`, `SignedHeaders=${[...list, 'x-never-sent-header'].sort().join(';')}`));
              expected = 'missing-signed-header';
            }
            break;
          }
          case 'access':
            // Another key: the resolver does not know it (V11 carries the key in Credential=key/...).
            setHeader('authorization', (v) => v.replace(/(Access|Credential)=[^,/]+/, (m) => m + 'x'));
            expected = 'unknown-key';
            break;
          case 'header-value':
          case 'header-removed': {
            if (signedNames.length === 0) {
              mutateDate();
              break;
            }
            const name = signedNames[i % signedNames.length]!;
            if (kind === 'header-removed') {
              setHeader(name, () => undefined);
              expected = 'missing-signed-header';
            } else {
              setHeader(name, (v) => v + 'x');
            }
            break;
          }
          case 'body': {
            const bytes = new Uint8Array(typeof body === 'string' ? utf8Encode(body) : (body ?? new Uint8Array(0)));
            if (bytes.length === 0) body = 'x';
            else {
              bytes[i % bytes.length]! ^= 1 << (j % 8);
              body = bytes;
            }
            break;
          }
          case 'body-with-hash-header':
            // Another body, and the signed body's hash in an (unsigned) X-Sdk-Content-* header.
            body = utf8Encode(`other body ${j}`);
            headers = [...headers, [r.algorithm === 'SDK-HMAC-SM3' ? 'X-Sdk-Content-Sm3' : 'X-Sdk-Content-Sha256', signed.canonicalRequest.slice(signed.canonicalRequest.lastIndexOf('\n') + 1)]];
            break;
          case 'date':
            mutateDate();
            break;
          case 'signature':
            setHeader('authorization', (v) => v.replace(/[0-9a-f](?=[0-9a-f]{0,63}$)/, (c) => (c === '0' ? '1' : '0')));
            break;
          case 'secret':
            secret = r.secret + 'x';
            break;
        }
        const v = await verify(r, { method, url, headers, body }, secret);
        expect(v.ok ? 'ok' : v.reason).toBe(expected);
        if (!v.ok) expect(v.message).not.toContain(signed.signature);
      }),
      fcParams(RUNS * 2),
    );
  }, TIMEOUT);

  // The reference signer unquotes the whole path, then quotes each segment: a character and its escape,
  // either hex case, and '/' and '%2F' give the same canonical URI. Such a change is not a mutation.
  it('another spelling of the same decoded path still verifies', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb(), fc.nat(), fc.boolean(), async (r, i, lower) => {
        const url = urlOf(r);
        const signed = await sign(r);
        const path = url.slice(url.indexOf('/', 'https://'.length));
        const end = path.indexOf('?') < 0 ? path.length : path.indexOf('?');
        const base = url.slice(0, url.length - path.length);
        const escapes = [...path.slice(0, end).matchAll(/%[0-9A-Fa-f]{2}/g)].map((m) => m.index!);
        const chars = rawCharsOf(path.slice(0, end));
        fc.pre(chars.length + escapes.length > 0);
        let respelled: string;
        if (chars.length > 0 && (i % 2 === 0 || escapes.length === 0)) {
          const { at, ch } = chars[i % chars.length]!;
          respelled = path.slice(0, at) + pctOf(ch, lower) + path.slice(at + ch.length);
        } else {
          const at = escapes[i % escapes.length]!;
          const hex = path.slice(at + 1, at + 3);
          const flipped = hex === hex.toUpperCase() ? hex.toLowerCase() : hex.toUpperCase();
          fc.pre(flipped !== hex); // digits only: no other case
          respelled = path.slice(0, at + 1) + flipped + path.slice(at + 3);
        }
        expect(respelled).not.toBe(path);
        const v = await verify(r, { method: r.method, url: base + respelled, headers: Object.entries(signed.headers), body: r.body });
        expect(outcome(v)).toBe('ok');
      }),
      fcParams(RUNS),
    );
  }, TIMEOUT);

  it('the canonical request does not depend on header order, header-name case or query order', async () => {
    await fc.assert(
      fc.asyncProperty(requestArb({ uniqueHeaderNames: true }), transportArb, fc.array(fc.nat(), { maxLength: 8 }), async (r, t, queryOrder) => {
        const a = await sign(r);
        const headers = received({ ...a, headers: Object.fromEntries(r.headers) }, t.caseBits, t.order);
        const pool = r.query.slice();
        const shuffled: QueryPiece[] = [];
        for (const o of queryOrder) if (pool.length > 0) shuffled.push(pool.splice(o % pool.length, 1)[0]!);
        const b = await sign(r, r.headers.length === 0 ? [] : headers.map(([n]) => [n, r.headers.find(([m]) => m.toLowerCase() === n.toLowerCase())![1]]), urlOf(r, shuffled.concat(pool)));
        expect(b.canonicalRequest).toBe(a.canonicalRequest);
        expect(b.signedHeaders).toBe(a.signedHeaders);
        expect(b.signature).toBe(a.signature);
      }),
      fcParams(RUNS),
    );
  }, TIMEOUT);
});

describe('regressions found by these properties', () => {
  it('an unsigned X-Sdk-Content-Sha256 header cannot stand in for the hash of a swapped body', async () => {
    const date = new Date('2019-11-15T03:36:55Z');
    const s = await signRequest({ method: 'POST', url: 'https://api.example.com/pay', body: '{"amount":1}' }, { key: 'k', secret: 's' }, { date });
    expect(s.signedHeaders).toBe('host;x-sdk-date');
    const originalHash = s.canonicalRequest.slice(s.canonicalRequest.lastIndexOf('\n') + 1);
    for (const value of [originalHash, 'UNSIGNED-PAYLOAD']) {
      const r = await verifyRequest({ method: 'POST', url: 'https://api.example.com/pay', headers: { ...s.headers, 'X-Sdk-Content-Sha256': value }, body: '{"amount":1000000}' }, () => 's', { now: date });
      expect(r.ok ? 'ok' : r.reason).toBe('signature-mismatch');
    }
    // Signed, the header is honoured (UNSIGNED-PAYLOAD is the client's own, signed choice).
    const unsigned = await signRequest({ method: 'PUT', url: 'https://api.example.com/up', body: 'x' }, { key: 'k', secret: 's' }, { date, unsignedPayload: true });
    const ok = await verifyRequest({ method: 'PUT', url: 'https://api.example.com/up', headers: unsigned.headers, body: 'y' }, () => 's', { now: date });
    expect(ok.ok).toBe(true);
  });

  it("a query whose first name starts with '?' keeps it, as the reference signer and URL parsers do", async () => {
    // Python's reference signer splits the URL on the first '?': `/p??x=1` has the parameter `?x`.
    const s = await signRequest({ method: 'GET', url: 'https://api.example.com/p??x=1&a' }, { key: 'k', secret: 's' }, { date: new Date('2019-11-15T03:36:55Z') });
    expect(s.canonicalRequest.split('\n')[2]).toBe('%3Fx=1&a=');
    const viaUrlObject = await signRequest({ method: 'GET', url: new URL('https://api.example.com/p??x=1&a') }, { key: 'k', secret: 's' }, { date: new Date('2019-11-15T03:36:55Z') });
    expect(viaUrlObject.canonicalRequest).toBe(s.canonicalRequest);
  });
});
