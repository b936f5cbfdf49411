// Fuzzing the CLI's raw HTTP/1.1 parser (issue 8): `hcsign apig verify --request` and `koo verify
// --request` read captured requests from files anyone may hand over. For at least 10,000 random and
// malformed inputs it returns a request or throws its documented HttpParseError, never anything else.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HttpParseError, parseRawHttpRequest, type RawHttpRequest } from '../src/cli/http-parse.js';
import { FUZZ_RUNS, fcParams, fuzzText } from './fixtures/hardening/fuzz.js';

const TIMEOUT = 120_000;

// Valid captures of the kinds the parser reads: Content-Length, chunked, LF only, folding, absolute-form.
const SEEDS = [
  'GET /v1/x?a=1&b=%2F HTTP/1.1\r\nHost: a.example.com\r\nX-Sdk-Date: 20191115T033655Z\r\n\r\n',
  'POST /v1/items HTTP/1.1\r\nHost: a.example.com\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}',
  'POST /p HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n',
  '\nPUT http://a.example.com/x HTTP/1.0\nHost: a.example.com\nX-Folded: one\n  two\n\nbody without length',
  'GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok',
];

const encoder = new TextEncoder();
/** Each UTF-16 code unit as one byte: invalid UTF-8 (lone continuation and lead bytes) in the header section. */
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

const input: fc.Arbitrary<Uint8Array> = fc.oneof(
  { arbitrary: fuzzText(SEEDS, 200).map((s) => encoder.encode(s)), weight: 5 },
  { arbitrary: fuzzText(SEEDS, 200).map(latin1), weight: 3 },
  { arbitrary: fc.uint8Array({ maxLength: 200 }), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom(...SEEDS), fc.uint8Array({ maxLength: 40 })).map(([s, b]) => new Uint8Array([...encoder.encode(s), ...b])), weight: 1 },
);

describe('fuzz: parseRawHttpRequest (hcsign --request @file)', () => {
  it(`returns a well-formed request or throws HttpParseError for ${FUZZ_RUNS} inputs`, () => {
    let n = 0;
    let parsed = 0;
    fc.assert(
      fc.property(input, (bytes) => {
        n++;
        let r: RawHttpRequest;
        try {
          r = parseRawHttpRequest(bytes);
        } catch (e) {
          if (e instanceof HttpParseError) {
            expect(e.message.length).toBeGreaterThan(0);
            return;
          }
          expect.fail(`threw ${(e as Error)?.name}: ${(e as Error)?.message} on ${JSON.stringify(new TextDecoder().decode(bytes)).slice(0, 300)}`);
        }
        parsed++;
        expect(r.method).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/);
        expect(r.target).toMatch(/^\S+$/);
        expect(r.version).toMatch(/^HTTP\/\d(\.\d)?$/);
        for (const [name, value] of r.headers) {
          expect(name).toMatch(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/);
          expect(value).not.toMatch(/^[ \t]|[ \t]$|[\r\n]/);
        }
        expect(r.body).toBeInstanceOf(Uint8Array);
        expect(r.body.length).toBeLessThanOrEqual(bytes.length);
        // The body is a copy: editing the input afterwards cannot change it.
        expect(r.body.buffer).not.toBe(bytes.buffer);
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
    expect(parsed).toBeGreaterThan(0);
  }, TIMEOUT);

  it(`reads the body a Content-Length names exactly, or refuses it, for ${FUZZ_RUNS} inputs`, () => {
    let n = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(80), fuzzText(['x', 'a: b', ''], 30), (body, length, extra) => {
        n++;
        const head = encoder.encode(`POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: ${length}\r\n\r\n`);
        let r: RawHttpRequest;
        try {
          r = parseRawHttpRequest(new Uint8Array([...head, ...body]));
        } catch (e) {
          expect(e).toBeInstanceOf(HttpParseError);
          expect(body.length).toBeLessThan(length);
          return;
        }
        expect(Array.from(r.body)).toEqual(Array.from(body.subarray(0, length)));
        // One more header line (not an empty one: that would end the headers) changes nothing about the
        // body, or the request is refused.
        const line = extra.replace(/[\r\n]/g, '');
        if (line === '') return;
        let more: RawHttpRequest;
        try {
          more = parseRawHttpRequest(new Uint8Array([...encoder.encode(`POST /x HTTP/1.1\r\nContent-Length: ${length}\r\n${line}\r\n\r\n`), ...body]));
        } catch (e) {
          expect(e).toBeInstanceOf(HttpParseError);
          return;
        }
        expect(Array.from(more.body)).toEqual(Array.from(body.subarray(0, length)));
      }),
      fcParams(FUZZ_RUNS),
    );
    expect(n).toBeGreaterThanOrEqual(FUZZ_RUNS);
  }, TIMEOUT);
});
