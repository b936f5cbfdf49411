// The signing core shared by signRequest and verifyRequest: canonical request -> string to sign -> MAC.
import { buildCanonicalRequest, stringToSign as buildStringToSign } from '../canonical/request.js';
import { canonicalHeaders } from '../canonical/headers.js';
import { canonicalUri } from '../canonical/uri.js';
import { canonicalQueryFromPairs, parseQuery } from '../canonical/query.js';
import { hexEncode, utf8Encode } from '../crypto/codecs.js';
import * as rt from '#runtime';
import { SignerError } from '../errors.js';
import { SDK_HMAC_SHA256, V11_HMAC_SHA256, type AlgorithmName, type SignatureSuite } from './algorithms.js';

export interface SignatureInput {
  method: string;
  path: string;
  query: string;
  /** Lower-case names. */
  headers: ReadonlyMap<string, string>;
  /** Sorted lower-case names. */
  signedHeaders: readonly string[];
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

export async function resolveSuite(algorithm: AlgorithmName | SignatureSuite | undefined): Promise<SignatureSuite> {
  if (algorithm === undefined || algorithm === 'SDK-HMAC-SHA256') return SDK_HMAC_SHA256;
  if (algorithm === 'V11-HMAC-SHA256') return V11_HMAC_SHA256;
  // Loaded on demand so that SHA-256-only bundles do not carry SM3 (a separate chunk when split).
  if (algorithm === 'SDK-HMAC-SM3') return (await import('./sm3-suite.js')).SDK_HMAC_SM3;
  if (typeof algorithm === 'object' && algorithm && typeof algorithm.hashHex === 'function') return algorithm;
  throw new SignerError('ERR_UNSUPPORTED', `unsupported signature algorithm: ${String(algorithm).slice(0, 40)}`);
}

// V11 derives one key per (SK, AK, day, region, service): cache a few, HKDF is not free.
const derivedKeys = new Map<string, Uint8Array>();

async function v11Key(secret: string, key: string, scope: string): Promise<Uint8Array> {
  const id = secret + '\u0000' + key + '\u0000' + scope;
  const hit = derivedKeys.get(id);
  if (hit) return hit;
  const okm = await rt.hkdfSha256(utf8Encode(secret), utf8Encode(key), utf8Encode(scope), 32);
  // The Java core keys the HMAC with the lower-case HEX STRING of the derived bytes, not the bytes.
  const derived = utf8Encode(hexEncode(okm));
  if (derivedKeys.size >= 64) derivedKeys.delete(derivedKeys.keys().next().value as string);
  derivedKeys.set(id, derived);
  return derived;
}

export async function computeSignature(input: SignatureInput): Promise<SignatureOutput> {
  const { suite } = input;
  const override = input.headers.get(suite.contentHashHeader);
  const payloadHash = override !== undefined ? override : await suite.hashHex(input.body);
  const canonicalRequest = buildCanonicalRequest({
    method: input.method,
    canonicalUri: canonicalUri(input.path),
    // input.query is already the raw query: a leading '?' here belongs to the first name (`/p??x=1`).
    canonicalQuery: canonicalQueryFromPairs(parseQuery(input.query)),
    canonicalHeaders: canonicalHeaders(input.headers, input.signedHeaders),
    signedHeaders: input.signedHeaders.join(';'),
    payloadHash,
  });
  const hash = await suite.hashHex(utf8Encode(canonicalRequest));
  const sts = buildStringToSign(suite.name, input.sdkDate, hash, input.scope);
  const macKey = input.scope !== undefined ? await v11Key(input.secret, input.key, input.scope) : utf8Encode(input.secret);
  const signature = hexEncode(await suite.hmac(macKey, utf8Encode(sts)));
  return { canonicalRequest, stringToSign: sts, signature };
}

/** The Authorization header value for a signature. */
export function formatAuthorization(suiteName: string, key: string, signedHeaders: string, signature: string, scope?: string): string {
  const who = scope !== undefined ? `Credential=${key}/${scope}` : `Access=${key}`;
  return `${suiteName} ${who}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
