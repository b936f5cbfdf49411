/**
 * The public canonicalization helpers (strings in, strings out; no crypto), re-exported by `./apig`.
 *
 * This module is their boundary: an argument of the wrong type is a `SignerError` with code
 * `ERR_INVALID_ARGUMENT` that names it, never a TypeError from inside or a silently coerced answer. The
 * signer and the verifier call the modules behind it directly, with values they have checked already,
 * so these checks cost neither their hot path nor the `signRequest` bundle anything. Header input is the
 * exception: the signer takes it from its caller as it comes, so ./headers.ts checks it itself.
 */
import { SignerError } from '../errors.js';
import * as headersModule from './headers.js';
import * as percent from './percent.js';
import * as query from './query.js';
import * as request from './request.js';
import * as uri from './uri.js';
import * as url from './url.js';
import * as ambiguity from './target-ambiguity.js';
import type { CanonicalParts } from './request.js';
import type { HeadersInit } from './headers.js';
import type { QueryPair } from './query.js';
import type { RawTarget } from './url.js';

export type { HeadersInit, QueryPair, CanonicalParts, RawTarget };

function bad(what: string): SignerError {
  return new SignerError('ERR_INVALID_ARGUMENT', what);
}

function str(value: unknown, name: string): string {
  if (typeof value !== 'string') throw bad(`${name} must be a string`);
  return value;
}

/**
 * Percent-encode a string's UTF-8 bytes as APIG canonicalizes them: `A-Z a-z 0-9 - _ . ~` stay,
 * every other byte is `%XX` (so a space is `%20`, `+` is `%2B`); with `keepSlash`, `/` stays too.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `text` is not a string or `keepSlash` is not a boolean.
 * @example percentEncode('a b+c/d') // 'a%20b%2Bc%2Fd'
 */
export function percentEncode(text: string, keepSlash = false): string {
  if (typeof keepSlash !== 'boolean') throw bad('keepSlash must be a boolean');
  return percent.percentEncode(str(text, 'text'), keepSlash);
}

/**
 * Percent-decode as the reference signer does (Python's `unquote`): a `%` without two hex digits stays,
 * `+` stays `+`, and invalid UTF-8 becomes U+FFFD.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `text` is not a string; never because of its contents.
 * @example percentDecode('a%20b+c%2F') // 'a b+c/'
 */
export function percentDecode(text: string): string {
  return percent.percentDecode(str(text, 'text'));
}

/**
 * The canonical URI of a raw path (decoded, each segment encoded, ending with `/`).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `path` is not a string; never because of its contents.
 * @example canonicalUri('/v1/a%20b') // '/v1/a%20b/'
 */
export function canonicalUri(path: string): string {
  return uri.canonicalUri(str(path, 'path'));
}

/**
 * Split a raw query string into decoded pairs, as the reference signer does (`+` stays `+`).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `rawQuery` is not a string; never because of its
 * contents.
 * @example parseQuery('b=2&a&c=x%20y') // [['b', '2'], ['a', ''], ['c', 'x y']]
 */
export function parseQuery(rawQuery: string): QueryPair[] {
  return query.parseQuery(str(rawQuery, 'rawQuery'));
}

/**
 * The canonical query string of decoded pairs: sorted by name, then value, by code point; each
 * `enc(name)=enc(value)`, joined by `&`.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `pairs` is not an array of `[name, value]` arrays of
 * strings.
 * @example canonicalQueryFromPairs([['b', '1'], ['a', 'x y']]) // 'a=x%20y&b=1'
 */
export function canonicalQueryFromPairs(pairs: readonly QueryPair[]): string {
  if (!Array.isArray(pairs) || !pairs.every((p) => Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string')) {
    throw bad('pairs must be [name, value] pairs of strings');
  }
  return query.canonicalQueryFromPairs(pairs);
}

/**
 * The canonical query string of a raw query (a leading `?` is ignored).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `rawQuery` is not a string; never because of its
 * contents.
 * @example canonicalQueryString('marker=abc&limit=2') // 'limit=2&marker=abc'
 */
export function canonicalQueryString(rawQuery: string): string {
  return query.canonicalQueryString(str(rawQuery, 'rawQuery'));
}

/**
 * Trim a header value as the reference signer does (Python's `str.strip()`); inner spaces stay.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `value` is not a string.
 * @example trimHeaderValue('  a   b \t') // 'a   b'
 */
export function trimHeaderValue(value: string): string {
  return headersModule.trimHeaderValue(str(value, 'value'));
}

/**
 * Header input (a record, `[name, value]` pairs or a fetch `Headers`) as a Map of lower-case names;
 * names that differ only in case are merged, their values joined by `, `.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `headers` is not null, undefined, a record, a `Headers`
 * or `[name, value]` pairs (a pair of another length, or a name that is not a string), or when `spelling` is
 * given and is not a Map. Values are converted with `String()`.
 * @example normalizeHeaders([['X-A', '1'], ['x-a', '2']]).get('x-a') // '1, 2'
 */
export function normalizeHeaders(headers: HeadersInit | undefined | null, spelling?: Map<string, string>): Map<string, string> {
  if (spelling !== undefined && !(spelling instanceof Map)) throw bad('spelling must be a Map');
  return headersModule.normalizeHeaders(headers, spelling);
}

/**
 * The canonical headers block: `name:trimmed value\n` for each signed (lower-case) name, in the order given.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `headers` has no `get` method, `signedHeaders` is not an
 * array, or a signed name or its header value is not a string.
 * @example canonicalHeaders(new Map([['host', 'a.com']]), ['host']) // 'host:a.com\n'
 */
export function canonicalHeaders(headers: ReadonlyMap<string, string>, signedHeaders: readonly string[]): string {
  if (!headers || typeof headers.get !== 'function' || !Array.isArray(signedHeaders)) throw bad('expected a Map of headers and an array of names');
  for (const name of signedHeaders) {
    const value: unknown = headers.get(str(name, 'each signed header name'));
    if (value !== undefined) str(value, 'each header value');
  }
  return headersModule.canonicalHeaders(headers, signedHeaders);
}

const PARTS = ['method', 'canonicalUri', 'canonicalQuery', 'canonicalHeaders', 'signedHeaders', 'payloadHash'] as const;

/**
 * APIG's canonical request from its six parts, each already canonical.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `parts` is missing or one of its six fields is not a
 * string.
 * @example buildCanonicalRequest({ method: 'get', canonicalUri: '/', canonicalQuery: '', canonicalHeaders: 'host:a\n', signedHeaders: 'host', payloadHash: 'e3b0…' })
 */
export function buildCanonicalRequest(parts: CanonicalParts): string {
  for (const name of PARTS) str(parts?.[name], `parts.${name}`);
  return request.buildCanonicalRequest(parts);
}

/**
 * The string to sign: algorithm, `X-Sdk-Date` and the canonical request's hex hash, one per line
 * (V11 adds its credential scope before the hash).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `algorithm`, `sdkDate`, `canonicalRequestHash` or a given
 * `scope` is not a string.
 * @example stringToSign('SDK-HMAC-SHA256', '20191115T033655Z', 'b25362e6…')
 */
export function stringToSign(algorithm: string, sdkDate: string, canonicalRequestHash: string, scope?: string): string {
  str(algorithm, 'algorithm');
  str(sdkDate, 'sdkDate');
  str(canonicalRequestHash, 'canonicalRequestHash');
  if (scope !== undefined) str(scope, 'scope');
  return request.stringToSign(algorithm, sdkDate, canonicalRequestHash, scope);
}

/**
 * Split an absolute URL or an origin-form target into host, raw path and raw query, without
 * normalizing them (a `URL` gives its `host`, `pathname` and `search`).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `target` is neither a string nor a URL (an object with
 * string `host`, `pathname` and `search`).
 * @example splitUrl('https://a.com:8443/x%2Fy?b=1#f') // { host: 'a.com:8443', path: '/x%2Fy', query: 'b=1' }
 */
export function splitUrl(target: string | URL): RawTarget {
  if (typeof target !== 'string') {
    // A URL, also one from another realm (an iframe, a vm context), where instanceof fails.
    const u = target as Partial<URL> | null;
    if (!u || typeof u !== 'object' || typeof u.host !== 'string' || typeof u.pathname !== 'string' || typeof u.search !== 'string') {
      throw bad('url must be a string or a URL');
    }
  }
  return url.splitUrl(target);
}

/**
 * The first ambiguity of a raw path and query under APIG's canonical form (an encoded slash, a backslash,
 * a dot segment, invalid escapes, `+` in the query, repeated, empty or `=`-less parameter names), or
 * `null`: what `verifyRequest`'s `strictTarget` refuses.
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when `path` or `query` is not a string.
 * @example targetAmbiguity('/a%2Fb', '') // 'an encoded slash (%2F) in the path'
 * @example targetAmbiguity('/v1/items', 'limit=2') // null
 */
export function targetAmbiguity(path: string, query: string): string | null {
  return ambiguity.targetAmbiguity(str(path, 'path'), str(query, 'query'));
}
