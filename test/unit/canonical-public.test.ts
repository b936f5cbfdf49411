// The canonicalization helpers as the package exports them (./apig): their TSDoc examples hold, and a
// wrong argument type is a typed SignerError naming the argument, never a TypeError or a coerced answer.
import { describe, expect, it } from 'vitest';
import {
  buildCanonicalRequest,
  canonicalHeaders,
  canonicalQueryFromPairs,
  canonicalQueryString,
  canonicalUri,
  normalizeHeaders,
  parseQuery,
  percentDecode,
  percentEncode,
  splitUrl,
  stringToSign,
  trimHeaderValue,
} from '../../src/apig/index.js';
import { SignerError } from '../../src/errors.js';

function refused(call: () => unknown, words: RegExp): void {
  let caught: unknown;
  try {
    call();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SignerError);
  expect((caught as SignerError).code).toBe('ERR_INVALID_ARGUMENT');
  expect((caught as SignerError).message).toMatch(words);
}

const parts = { method: 'get', canonicalUri: '/', canonicalQuery: '', canonicalHeaders: 'host:a\n', signedHeaders: 'host', payloadHash: 'e3b0' };

describe('public canonicalization helpers', () => {
  it('give the answers their examples show', () => {
    expect(percentEncode('a b+c/d')).toBe('a%20b%2Bc%2Fd');
    expect(percentEncode('a b/c', true)).toBe('a%20b/c');
    expect(percentDecode('a%20b+c%2F')).toBe('a b+c/');
    expect(canonicalUri('/v1/a%20b')).toBe('/v1/a%20b/');
    expect(parseQuery('b=2&a&c=x%20y')).toEqual([['b', '2'], ['a', ''], ['c', 'x y']]);
    expect(canonicalQueryFromPairs([['b', '1'], ['a', 'x y']])).toBe('a=x%20y&b=1');
    expect(canonicalQueryString('marker=abc&limit=2')).toBe('limit=2&marker=abc');
    expect(trimHeaderValue('  a   b \t')).toBe('a   b');
    expect(normalizeHeaders([['X-A', '1'], ['x-a', '2']]).get('x-a')).toBe('1, 2');
    expect(normalizeHeaders(undefined).size).toBe(0);
    expect(normalizeHeaders(new Headers({ 'X-B': 'v' })).get('x-b')).toBe('v');
    expect(canonicalHeaders(new Map([['host', 'a.com']]), ['host', 'x-missing'])).toBe('host:a.com\nx-missing:\n');
    expect(buildCanonicalRequest(parts)).toBe('GET\n/\n\nhost:a\n\nhost\ne3b0');
    expect(stringToSign('SDK-HMAC-SHA256', '20191115T033655Z', 'ab')).toBe('SDK-HMAC-SHA256\n20191115T033655Z\nab');
    expect(stringToSign('V11-HMAC-SHA256', '20191115T033655Z', 'ab', '20191115/r/s')).toBe('V11-HMAC-SHA256\n20191115T033655Z\n20191115/r/s\nab');
    expect(splitUrl('https://a.com:8443/x%2Fy?b=1#f')).toEqual({ host: 'a.com:8443', path: '/x%2Fy', query: 'b=1' });
    expect(splitUrl(new URL('https://a.com/x y?b=1'))).toEqual({ host: 'a.com', path: '/x%20y', query: 'b=1' });
  });

  it('refuse arguments of the wrong type with a typed error that names them', () => {
    for (const bad of [undefined, null, 42, {}, ['a']]) {
      refused(() => percentEncode(bad as never), /^text must be a string$/);
      refused(() => percentDecode(bad as never), /^text must be a string$/);
      refused(() => canonicalUri(bad as never), /^path must be a string$/);
      refused(() => parseQuery(bad as never), /^rawQuery must be a string$/);
      refused(() => canonicalQueryString(bad as never), /^rawQuery must be a string$/);
      refused(() => trimHeaderValue(bad as never), /^value must be a string$/);
      refused(() => stringToSign(bad as never, '20191115T033655Z', 'ab'), /^algorithm must be a string$/);
      refused(() => buildCanonicalRequest({ ...parts, payloadHash: bad } as never), /^parts\.payloadHash must be a string$/);
      refused(() => canonicalHeaders(new Map(), [bad] as never), /signed header name must be a string/);
    }
    refused(() => percentEncode('a', 'yes' as never), /keepSlash must be a boolean/);
    refused(() => stringToSign('A', 'D', 'h', 7 as never), /^scope must be a string$/);
    refused(() => canonicalQueryFromPairs('a=1' as never), /^pairs must be \[name, value\] pairs of strings$/);
    refused(() => canonicalQueryFromPairs([['a']] as never), /^pairs must be/);
    refused(() => canonicalQueryFromPairs([['a', 1]] as never), /^pairs must be/);
    refused(() => normalizeHeaders(42 as never), /headers must be a record/);
    refused(() => normalizeHeaders('host: a' as never), /headers must be a record/);
    refused(() => normalizeHeaders([['X-A', '1'], 'x-b'] as never), /headers must be a record/);
    refused(() => normalizeHeaders([[1, '1']] as never), /headers must be a record/);
    refused(() => normalizeHeaders({}, {} as never), /^spelling must be a Map$/);
    refused(() => normalizeHeaders([['X-A']] as never), /headers must be a record/);
    refused(() => normalizeHeaders([['X-A', '1', '2']] as never), /headers must be a record/);
    refused(() => canonicalHeaders({} as never, ['host']), /^expected a Map of headers and an array of names$/);
    refused(() => canonicalHeaders(new Map([['host', 42]]) as never, ['host']), /^each header value must be a string$/);
    refused(() => canonicalHeaders(new Map(), 'host' as never), /^expected a Map of headers/);
    refused(() => buildCanonicalRequest(null as never), /^parts\.method must be a string$/);
    for (const bad of [undefined, null, 42, {}, { host: 'a', pathname: '/' }]) refused(() => splitUrl(bad as never), /^url must be a string or a URL$/);
  });

  it('accept a URL from another realm, which instanceof would refuse', () => {
    const foreign = { host: 'h.example', pathname: '/p', search: '?q=1', href: 'https://h.example/p?q=1' };
    expect(splitUrl(foreign as unknown as URL)).toEqual({ host: 'h.example', path: '/p', query: 'q=1' });
  });
});
