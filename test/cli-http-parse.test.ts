// The raw HTTP/1.1 request parser behind `hcsign apig verify --request` and `koo verify --request`.
import { describe, expect, it } from 'vitest';
import { HttpParseError, parseRawHttpRequest } from '../src/cli/http-parse.js';

const enc = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('parseRawHttpRequest', () => {
  it('reads the request line, headers in order and the body by Content-Length', () => {
    const r = parseRawHttpRequest(enc('POST /v1/x?a=1&b=%2F HTTP/1.1\r\nHost: a.com\r\nX-A:  1 \r\nx-a: 2\r\nContent-Length: 5\r\n\r\nhello world'));
    expect(r.method).toBe('POST');
    expect(r.target).toBe('/v1/x?a=1&b=%2F');
    expect(r.version).toBe('HTTP/1.1');
    expect(r.headers).toEqual([['Host', 'a.com'], ['X-A', '1'], ['x-a', '2'], ['Content-Length', '5']]);
    expect(text(r.body)).toBe('hello');
  });

  it('accepts LF line ends, leading blank lines and a missing final blank line', () => {
    expect(parseRawHttpRequest(enc('\r\nGET / HTTP/1.1\nHost: a.com\n\n')).headers).toEqual([['Host', 'a.com']]);
    const r = parseRawHttpRequest(enc('GET http://a.com/x HTTP/1.1\nHost: a.com'));
    expect(r.target).toBe('http://a.com/x');
    expect(r.body.length).toBe(0);
  });

  it('without Content-Length the body is every byte after the blank line, binary included', () => {
    const head = enc('PUT /b HTTP/1.1\r\nHost: a.com\r\n\r\n');
    const body = new Uint8Array([0, 255, 13, 10, 10, 1]);
    const all = new Uint8Array(head.length + body.length);
    all.set(head);
    all.set(body, head.length);
    expect([...parseRawHttpRequest(all).body]).toEqual([...body]);
  });

  it('decodes a chunked body and joins folded header lines', () => {
    const r = parseRawHttpRequest(enc('POST /c HTTP/1.1\r\nX-Long: a\r\n  b\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n'));
    expect(text(r.body)).toBe('abc0123456789');
    expect(r.headers[0]).toEqual(['X-Long', 'a b']);
    // RFC 9112 5.2: each continuation joins with one space; blank ones add nothing; the same name later is apart.
    const many = parseRawHttpRequest(enc('GET / HTTP/1.1\r\nX-A: one\r\n\ttwo  \r\n   \r\n three\r\nX-B:\r\n b\r\nX-A: 2\r\n\r\n'));
    expect(many.headers).toEqual([['X-A', 'one two three'], ['X-B', 'b'], ['X-A', '2']]);
  });

  it('keeps UTF-8 header values and falls back to Latin-1 for other bytes', () => {
    expect(parseRawHttpRequest(enc('GET / HTTP/1.1\r\nX-Name: démo\r\n\r\n')).headers[0]![1]).toBe('démo');
    const latin = new Uint8Array([...enc('GET / HTTP/1.1\r\nX-Name: d'), 0xe9, ...enc('mo\r\n\r\n')]);
    expect(parseRawHttpRequest(latin).headers[0]![1]).toBe('d\u00e9mo');
  });

  it.each([
    ['not a request line', 'hello\r\n\r\n', /request line/],
    ['a header without colon', 'GET / HTTP/1.1\r\nHost a.com\r\n\r\n', /not a header line/],
    ['a continuation first', 'GET / HTTP/1.1\r\n folded\r\n\r\n', /continuation/],
    ['a bare CR inside a header line', 'GET / HTTP/1.1\r\nHost: a\rX-Injected: 1\r\n\r\n', /bare CR/],
    ['a short body', 'POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc', /3 bytes but Content-Length says 10/],
    ['conflicting lengths', 'POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', /Content-Length is not one number/],
    ['a bad chunk size', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /bad chunk size/],
    ['a truncated chunk', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc', /shorter than its size/],
  ])('refuses %s', (_name, raw, message) => {
    expect(() => parseRawHttpRequest(enc(raw))).toThrow(HttpParseError);
    expect(() => parseRawHttpRequest(enc(raw))).toThrow(message);
  });
});
