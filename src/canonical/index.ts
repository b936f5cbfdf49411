/** Pure canonicalization helpers (strings in, strings out; no crypto). */
export { percentEncode, percentDecode, compareCodePoints } from './percent.js';
export { canonicalUri } from './uri.js';
export { canonicalQueryString, canonicalQueryFromPairs, parseQuery, type QueryPair } from './query.js';
export { canonicalHeaders, normalizeHeaders, sortHeaderNames, trimHeaderValue, type HeadersInit } from './headers.js';
export { buildCanonicalRequest, stringToSign, type CanonicalParts } from './request.js';
export { splitUrl, type RawTarget } from './url.js';
