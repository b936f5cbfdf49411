// The signing core shared by signRequest and verifyRequest: canonical request -> string to sign -> MAC.
import { buildCanonicalRequest, stringToSign as buildStringToSign } from '../canonical/request.js';
import { canonicalHeaders } from '../canonical/headers.js';
import { canonicalUri } from '../canonical/uri.js';
import { canonicalQueryOfRaw } from '../canonical/query.js';
import { plainCanonicalQuery } from '#shortcuts';
import { hexOf, utf8Encode } from '../crypto/codecs.js';
import { SignerError } from '../errors.js';
import { SDK_HMAC_SHA256, V11_HMAC_SHA256, type AlgorithmName, type SignatureSuite } from './algorithms.js';
import { SDK_HMAC_SM3 } from './sm3-suite.js';
import { v11Key } from './v11.js';

export interface SignatureInput {
  method: string;
  path: string;
  query: string;
  /** Lower-case names. */
  headers: ReadonlyMap<string, string>;
  /** Sorted lower-case names. */
  signedHeaders: readonly string[];
  /** The same names joined by `;`, when the caller has that string already. */
  signedHeadersText?: string;
  body: Uint8Array;
  suite: SignatureSuite;
  key: string;
  secret: string;
  sdkDate: string;
  /** V11 credential scope `YYYYMMDD/region/service`. */
  scope?: string;
}

export interface SignatureOutput {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

type Awaitable<T> = T | Promise<T>;

/** The suite of an algorithm name (or a custom suite); a Promise only the first time SM3 is loaded. */
export function resolveSuite(algorithm: AlgorithmName | SignatureSuite | undefined): Awaitable<SignatureSuite> {
  if (algorithm === undefined || algorithm === 'SDK-HMAC-SHA256') return SDK_HMAC_SHA256;
  if (algorithm === 'V11-HMAC-SHA256') return V11_HMAC_SHA256;
  // The SM3 suite loads its hash on first use, so SHA-256-only bundles carry no SM3.
  if (algorithm === 'SDK-HMAC-SM3') return SDK_HMAC_SM3;
  if (typeof algorithm === 'object' && algorithm && typeof algorithm.hashHex === 'function') return algorithm;
  throw new SignerError('ERR_UNSUPPORTED', `unsupported signature algorithm: ${String(algorithm).slice(0, 40)}`);
}

/**
 * Canonical request, string to sign and signature. Synchronous when the suite and the runtime are
 * (SHA-256 and SM3 on Node and Bun), a Promise otherwise (Web Crypto); callers `await` either.
 * Each stage below continues directly when the previous answer is a value, and through `.then` only
 * when it is a Promise: on Node a signature costs no closure and no microtask turn.
 */
export function computeSignature(input: SignatureInput): Awaitable<SignatureOutput> {
  const override = input.headers.get(input.suite.contentHashHeader);
  const payloadHash = override !== undefined ? override : input.suite.hashHex(input.body);
  return payloadHash instanceof Promise ? payloadHash.then((p) => withPayloadHash(input, p)) : withPayloadHash(input, payloadHash);
}

function withPayloadHash(input: SignatureInput, payloadHash: string): Awaitable<SignatureOutput> {
  const { suite } = input;
  const canonicalRequest = buildCanonicalRequest({
    method: input.method,
    canonicalUri: canonicalUri(input.path),
    // input.query is already the raw query: a leading '?' here belongs to the first name (`/p??x=1`).
    // The shortcut for the common plain query, in the builds with synchronous hashing (src/runtime/aliases.mjs).
    canonicalQuery: plainCanonicalQuery?.(input.query) ?? canonicalQueryOfRaw(input.query),
    canonicalHeaders: canonicalHeaders(input.headers, input.signedHeaders),
    signedHeaders: input.signedHeadersText ?? input.signedHeaders.join(';'),
    payloadHash,
  });
  const hash = suite.hashTextHex ? suite.hashTextHex(canonicalRequest) : suite.hashHex(utf8Encode(canonicalRequest));
  return hash instanceof Promise ? hash.then((h) => withHash(input, canonicalRequest, h)) : withHash(input, canonicalRequest, hash);
}

function withHash(input: SignatureInput, canonicalRequest: string, hash: string): Awaitable<SignatureOutput> {
  const sts = buildStringToSign(input.suite.name, input.sdkDate, hash, input.scope);
  const scope = input.scope;
  if (scope === undefined) return withKey(input, canonicalRequest, sts, input.secret);
  // Imported statically: the module is small, and a lazy chunk that shares code with the main bundle
  // splits it in two and costs more gzip bytes than it saves (measured: 318 B on signRequest alone).
  return v11Key(input.secret, input.key, scope).then((k) => withKey(input, canonicalRequest, sts, k));
}

function withKey(input: SignatureInput, canonicalRequest: string, stringToSign: string, key: string): Awaitable<SignatureOutput> {
  const { suite } = input;
  const mac = suite.hmacHex ? suite.hmacHex(key, stringToSign) : hmacHexOf(suite, key, stringToSign);
  return mac instanceof Promise
    ? mac.then((signature) => ({ canonicalRequest, stringToSign, signature }))
    : { canonicalRequest, stringToSign, signature: mac };
}

function hmacHexOf(suite: SignatureSuite, key: string, text: string): Awaitable<string> {
  const mac = suite.hmac(utf8Encode(key), utf8Encode(text));
  return mac instanceof Promise ? mac.then(hexOf) : hexOf(mac);
}

/** The Authorization header value for a signature. */
export function formatAuthorization(suiteName: string, key: string, signedHeaders: string, signature: string, scope?: string): string {
  const who = scope !== undefined ? `Credential=${key}/${scope}` : `Access=${key}`;
  return `${suiteName} ${who}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
