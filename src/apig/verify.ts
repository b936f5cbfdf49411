import { normalizeHeaders } from '../canonical/headers.js';
import { splitUrl } from '../canonical/url.js';
import { timingSafeEqual } from '../crypto/compare.js';
import { concatBytes } from '../crypto/codecs.js';
import { SDK_HMAC_SHA256, V11_HMAC_SHA256, type AlgorithmName, type SignatureSuite } from './algorithms.js';
import { SDK_HMAC_SM3 } from './sm3-suite.js';
import { parseAuthorization } from './authorization.js';
import { bodyBytes } from './body.js';
import { parseSdkDate } from './sdk-date.js';
import { SignerError, optionsObject } from '../errors.js';
import { computeSignature } from './signature.js';
import type { ApigRequest } from './types.js';

/** Why a verification failed; stable strings. */
export type VerifyFailureReason =
  | 'missing-authorization'
  | 'malformed-authorization'
  | 'unknown-key'
  | 'missing-signed-header'
  | 'date-not-signed'
  | 'bad-date'
  | 'expired'
  | 'signature-mismatch'
  | 'body-too-large'
  | 'headers-too-large'
  | 'replayed'
  | 'replay-store-unavailable';

/** The outcome of `verifyRequest`. */
export type VerifyResult =
  | { ok: true; key: string; signedHeaders: string[]; sdkDate: Date }
  | { ok: false; reason: VerifyFailureReason; message: string; canonicalRequest?: string };

/** Looks up the secret of a key (AppKey, AK or a signature key's sign_key); `undefined` if unknown. */
export type ResolveSecret = (key: string) => string | undefined | null | Promise<string | undefined | null>;

/** Options of `verifyRequest`. */
export interface VerifyOptions {
  /** The verifier's clock (default: now). */
  now?: Date;
  /** Allowed clock difference in either direction, in seconds (default 900: APIG's 15 minutes). */
  maxSkewSeconds?: number;
  /** The header carrying the signature (default `authorization`; APIG's `backend_sign_header` renames it). */
  header?: string;
  /** Bodies larger than this are refused unhashed (default 12 MiB, the gateway's own limit). */
  maxBodyBytes?: number;
  /** Header sections larger than this are refused (default 64 KiB). */
  maxHeaderBytes?: number;
  /**
   * The signature algorithms accepted, by name or as suite objects (default: `SDK-HMAC-SHA256`,
   * `V11-HMAC-SHA256` and `SDK-HMAC-SM3`). Any other is `malformed-authorization`, naming it: a gateway
   * that requires the national algorithms passes `['SDK-HMAC-SM3']`.
   */
  algorithms?: readonly (AlgorithmName | SignatureSuite)[];
  /**
   * Off by default. Refuses a second use of a valid signature inside the window (`replayed`): a
   * `NonceStore` such as `createNonceStore` or, across instances, `createRedisNonceStore` from
   * `huaweicloud-signer/koogallery`, with `ttlSeconds` at least 2 × `maxSkewSeconds` (1800). It gets the
   * signature as key. A store that fails or times out refuses the request (`replay-store-unavailable`).
   * Cost: a client that retries with the same X-Sdk-Date (same second) must sign again.
   */
  replayStore?: { checkAndSet(key: string): Promise<boolean> };
}

export const DEFAULT_MAX_BODY_BYTES = 12 * 1024 * 1024;
export const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;

// Literal keys (not [suite.name]): a property read would keep this table, and SM3, in every bundle.
const SUITES: Record<string, SignatureSuite> = {
  'SDK-HMAC-SHA256': SDK_HMAC_SHA256,
  'V11-HMAC-SHA256': V11_HMAC_SHA256,
  'SDK-HMAC-SM3': SDK_HMAC_SM3,
};

// The accepted suites by name. A name outside SUITES is the caller's mistake, not the client's: it throws.
function acceptedSuites(list: VerifyOptions['algorithms']): Record<string, SignatureSuite> {
  if (list === undefined) return SUITES;
  if (!Array.isArray(list)) throw new SignerError('ERR_INVALID_ARGUMENT', 'options.algorithms must be an array');
  const out: Record<string, SignatureSuite> = {};
  for (const item of list) {
    const suite = typeof item === 'string' ? SUITES[item] : item;
    if (!suite || typeof suite.name !== 'string' || typeof suite.hashHex !== 'function') {
      throw new SignerError('ERR_UNSUPPORTED', `unsupported signature algorithm in options.algorithms: ${String(typeof item === 'string' ? item : item?.name).slice(0, 40)}`);
    }
    out[suite.name] = suite;
  }
  return out;
}

type Fail = Extract<VerifyResult, { ok: false }>;
const fail = (reason: VerifyFailureReason, message: string, canonicalRequest?: string): Fail =>
  canonicalRequest === undefined ? { ok: false, reason, message } : { ok: false, reason, message, canonicalRequest };

class TooLarge extends Error {}

async function readBody(request: Request, max: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.clone().body!.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      // Not awaited: cancelling one branch of a tee settles only once the other branch is done too.
      reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value);
  }
  return concatBytes(chunks);
}

/** Names sorted and without repeats; a client's list usually is already, which costs one pass to see. */
function sortedUnique(names: readonly string[]): string[] {
  for (let i = 1; i < names.length; i++) if (!(names[i - 1]! < names[i]!)) return [...new Set(names)].sort();
  return names.slice();
}

// Options are the caller's: NaN compares false with everything, so a NaN limit would switch its check off
// silently. Such a value throws instead (the KooGallery verifier does the same).
function limit(value: unknown, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0)) throw new SignerError('ERR_INVALID_ARGUMENT', `${name} must be a non-negative number`);
  return value;
}

function isFetchRequest(r: unknown): r is Request {
  return typeof Request !== 'undefined' && r instanceof Request;
}

/**
 * Verify an APIG signature on a received request: the gateway's App authentication check, or what a
 * backend bound to an hmac signature key does with the request APIG forwards. Pass the raw path and
 * query as received and the raw body bytes. It never throws on anything a client can send: every
 * failure is `{ ok: false, reason, message }` (only `resolveSecret`'s own errors propagate). Bad options
 * (a NaN or negative limit, an invalid `now`) throw `SignerError` `ERR_INVALID_ARGUMENT`.
 *
 * @example
 * ```ts
 * const result = await verifyRequest(request, (key) => secrets.get(key));
 * if (!result.ok) return new Response(result.message, { status: 401 });
 * ```
 */
export async function verifyRequest(request: ApigRequest | Request, resolveSecret: ResolveSecret, options: VerifyOptions = {}): Promise<VerifyResult> {
  options = optionsObject(options);
  if (typeof resolveSecret !== 'function') throw new SignerError('ERR_INVALID_ARGUMENT', 'resolveSecret must be a function');
  const accepted = acceptedSuites(options.algorithms);
  const replayStore = options.replayStore;
  if (replayStore !== undefined && typeof replayStore?.checkAndSet !== 'function') {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'replayStore must have a checkAndSet(key) method');
  }
  const maxBody = limit(options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes');
  const maxHeaderBytes = limit(options.maxHeaderBytes, DEFAULT_MAX_HEADER_BYTES, 'maxHeaderBytes');
  const maxSkew = limit(options.maxSkewSeconds, 900, 'maxSkewSeconds');
  if (!Number.isFinite(maxSkew)) throw new SignerError('ERR_INVALID_ARGUMENT', 'maxSkewSeconds must be a finite number');
  const nowMs = options.now === undefined ? Date.now() : options.now instanceof Date ? options.now.getTime() : NaN;
  if (!Number.isFinite(nowMs)) throw new SignerError('ERR_INVALID_ARGUMENT', 'now must be a valid Date');
  let method: string;
  let url: string | URL;
  let headers: Map<string, string>;
  let body: Uint8Array;
  try {
    method = String(request.method ?? '');
    url = request.url as string | URL;
    headers = normalizeHeaders(request.headers as ApigRequest['headers']);
  } catch {
    return fail('malformed-authorization', 'the request could not be read');
  }
  let headerBytes = 0;
  for (const [name, value] of headers) headerBytes += name.length + value.length + 4;
  if (headerBytes > maxHeaderBytes) return fail('headers-too-large', `the header section exceeds ${maxHeaderBytes} bytes`);

  const headerName = (options.header ?? 'authorization').toLowerCase();
  const auth = headers.get(headerName);
  if (auth === undefined || auth === '') return fail('missing-authorization', `no ${headerName} header`);
  const parsed = parseAuthorization(auth);
  if (!parsed) return fail('malformed-authorization', `the ${headerName} header is not an APIG signature (ALGORITHM Access=..., SignedHeaders=..., Signature=...)`);
  const suite = Object.prototype.hasOwnProperty.call(accepted, parsed.algorithm) ? accepted[parsed.algorithm] : undefined;
  if (!suite) {
    const known = Object.prototype.hasOwnProperty.call(SUITES, parsed.algorithm) ? 'not accepted here' : 'unsupported';
    return fail('malformed-authorization', `signature algorithm ${JSON.stringify(parsed.algorithm.slice(0, 40))} is ${known} (accepted: ${Object.keys(accepted).join(', ')})`);
  }
  if ((suite.name === 'V11-HMAC-SHA256') !== (parsed.scope !== undefined)) {
    return fail('malformed-authorization', `${suite.name} uses ${parsed.scope === undefined ? 'Credential=' : 'Access='}`);
  }

  const signed = parsed.signedHeaders.map((n) => n.toLowerCase());
  if (!signed.includes('x-sdk-date')) return fail('date-not-signed', 'x-sdk-date is not among the signed headers');
  for (const name of signed) {
    if (!headers.has(name)) return fail('missing-signed-header', `signed header ${JSON.stringify(name.slice(0, 64))} is not on the request`);
  }
  const dateText = headers.get('x-sdk-date')!;
  let sdkDate: Date;
  try {
    sdkDate = parseSdkDate(dateText.trim());
  } catch {
    return fail('bad-date', 'X-Sdk-Date must be YYYYMMDDTHHMMSSZ (UTC)');
  }
  const skew = Math.abs(nowMs - sdkDate.getTime()) / 1000;
  if (skew > maxSkew) {
    return fail('expired', `signature expired: X-Sdk-Date is ${Math.round(skew)} s away from the verifier's clock (allowed ${maxSkew} s)`);
  }

  try {
    if (isFetchRequest(request)) {
      const declared = Number(request.headers.get('content-length'));
      if (declared > maxBody) throw new TooLarge();
      body = await readBody(request, maxBody);
    } else {
      body = bodyBytes(request.body);
      if (body.length > maxBody) throw new TooLarge();
    }
  } catch (e) {
    if (e instanceof TooLarge) return fail('body-too-large', `the body exceeds ${maxBody} bytes`);
    return fail('malformed-authorization', 'the request body could not be read');
  }

  // A secret found synchronously skips the await (each await costs a microtask turn); anything else,
  // a Promise or any thenable, is awaited as before.
  const found = resolveSecret(parsed.key);
  const secret = typeof found === 'string' ? found : await found;
  if (typeof secret !== 'string' || secret === '') return fail('unknown-key', 'unknown key');

  let target;
  try {
    target = splitUrl(url);
  } catch {
    return fail('malformed-authorization', 'the request URL could not be read');
  }
  const signedHeaders = sortedUnique(signed);
  // X-Sdk-Content-Sha256 (or -Sm3) stands in for the body's hash: honoured only when it is signed, or
  // anyone could send the original body's hash in it and swap the body.
  if (!signed.includes(suite.contentHashHeader)) headers.delete(suite.contentHashHeader);
  const computed = computeSignature({
    method,
    path: target.path,
    query: target.query,
    headers,
    signedHeaders: signed,
    body,
    suite,
    key: parsed.key,
    secret,
    sdkDate: dateText,
    scope: parsed.scope,
  });
  // node:crypto signs synchronously; Web Crypto returns a Promise.
  const expected = computed instanceof Promise ? await computed : computed;
  if (!timingSafeEqual(expected.signature, parsed.signature.toLowerCase())) {
    return fail('signature-mismatch', 'the signature does not match the request', expected.canonicalRequest);
  }
  // Only a valid signature reaches the store: nobody without the secret can fill it or burn an entry.
  if (replayStore !== undefined) {
    let first: unknown;
    try {
      first = await replayStore.checkAndSet(expected.signature);
    } catch {
      return fail('replay-store-unavailable', 'the replay store failed or timed out; the request cannot be checked for replay');
    }
    if (first !== true) return fail('replayed', 'this signature was already used (a replayed request, or a retry that was not signed again)');
  }
  return { ok: true, key: parsed.key, signedHeaders, sdkDate };
}
