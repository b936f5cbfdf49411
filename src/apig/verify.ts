// verifyRequest: check an APIG signature on a received request. Every path from the request answers
// with a result; only the caller's own mistakes (options, a throwing resolveSecret) throw.
import { normalizeHeaders } from '../canonical/headers.js';
import { splitUrl } from '../canonical/url.js';
import { targetAmbiguity } from '../canonical/target-ambiguity.js';
import { timingSafeEqual } from '../crypto/compare.js';
import { SDK_HMAC_SHA256, V11_HMAC_SHA256, type AlgorithmName, type SignatureSuite } from './algorithms.js';
import { SDK_HMAC_SM3 } from './sm3-suite.js';
import { parseAuthorization } from './authorization.js';
import { parseSdkDate } from './sdk-date.js';
import { SignerError, isSignerError, optionsObject } from '../errors.js';
import { computeSignature } from './signature.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_HEADER_BYTES,
  RequestInputError,
  requestParts,
  type BodyInput,
  type NodeRequestLike,
  type RequestParts,
} from '../request/input.js';
import type { ApigRequest } from './types.js';
import { checkStoreLifetime } from '../replay/lifetime.js';
import { recordCall } from '../replay/record.js';

export { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_HEADER_BYTES };

/**
 * Why a verification failed; stable strings, shared with KooGallery's `verifyNotification` where the
 * failure is the same (`signature-mismatch`, `expired`, `replayed`, `bad-timestamp`, `bad-request`...).
 */
export type VerifyFailureReason =
  | 'missing-signature'
  | 'malformed-authorization'
  | 'bad-request'
  | 'ambiguous-target'
  | 'unknown-key'
  | 'missing-signed-header'
  | 'date-not-signed'
  | 'bad-timestamp'
  | 'expired'
  | 'scope-mismatch'
  | 'scope-not-allowed'
  | 'signature-mismatch'
  | 'body-hash-mismatch'
  | 'unsigned-payload'
  | 'body-too-large'
  | 'headers-too-large'
  | 'replayed'
  | 'replay-store-full'
  | 'replay-store-unavailable';

/** A V11 credential scope: `date/region/service`. */
export interface CredentialScope {
  /** `YYYYMMDD`, X-Sdk-Date's day. */
  date: string;
  region: string;
  service: string;
}

/** A verified request. */
export interface VerifySuccess {
  ok: true;
  /** The key (AppKey, AK or sign_key) whose secret verified the signature. */
  key: string;
  /** The signature algorithm, e.g. `SDK-HMAC-SHA256`. */
  algorithm: string;
  /** The signed header names, lower-case and sorted. */
  signedHeaders: string[];
  sdkDate: Date;
  /**
   * False when the client signed `UNSIGNED-PAYLOAD` instead of the body's digest: the body then is NOT
   * authenticated (anyone who captured the request can send it with another body). True otherwise: the
   * body's digest is part of the signature.
   */
  bodyAuthenticated: boolean;
  /** V11 only: the credential scope the signature was made for. */
  scope?: CredentialScope;
}

/** A refused request. `message` is for logs: it never holds a secret or an expected signature. */
export interface VerifyFailure {
  ok: false;
  reason: VerifyFailureReason;
  message: string;
  /** Our canonical request, for `signature-mismatch` (the gateway prints its own the same way). */
  canonicalRequest?: string;
}

/** The outcome of `verifyRequest`. */
export type VerifyResult = VerifySuccess | VerifyFailure;

/** Looks up the secret of a key (AppKey, AK or a signature key's sign_key); `undefined` if unknown. */
export type ResolveSecret = (key: string) => string | undefined | null | Promise<string | undefined | null>;

/** What a backend accepts as a V11 credential scope: the allowed values, or a predicate. */
export type ScopePolicy =
  | { region?: string | readonly string[]; service?: string | readonly string[] }
  | ((scope: CredentialScope) => boolean);

/** A request as `verifyRequest` reads it: a fetch Request, a node:http request, or a plain object. */
export type VerifiableRequest = Request | NodeRequestLike | (Omit<ApigRequest, 'body'> & { body?: BodyInput });

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
   * V11 only: the credential scopes accepted, as allowed regions/services or a predicate. Anything else
   * is `scope-not-allowed`. Without it every region and service is accepted (the scope's date must be
   * X-Sdk-Date's day either way).
   */
  scope?: ScopePolicy;
  /**
   * Accept `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (default true: the v3 SDKs send it for every upload
   * that is not JSON). The result then says `bodyAuthenticated: false`. `false` refuses such requests as
   * `unsigned-payload`.
   */
  allowUnsignedPayload?: boolean;
  /**
   * Refuse targets that APIG's canonical form makes ambiguous (`ambiguous-target`): an encoded slash,
   * dot segments, invalid escapes, `+` in the query, repeated or empty parameter names. Default false.
   */
  strictTarget?: boolean;
  /**
   * Off by default. Refuses a second use of a valid signature inside the window (`replayed`): a
   * `NonceStore` such as `createNonceStore` or, across instances, `createRedisNonceStore`, with
   * `ttlSeconds` at least 2 × `maxSkewSeconds` (1800). It gets the signature as key. A store that fails
   * or times out refuses the request (`replay-store-unavailable`, or `replay-store-full`).
   * Cost: a client that retries with the same X-Sdk-Date (same second) must sign again.
   */
  replayStore?: { checkAndSet(key: string): Promise<boolean> };
}

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

const fail = (reason: VerifyFailureReason, message: string, canonicalRequest?: string): VerifyFailure =>
  canonicalRequest === undefined ? { ok: false, reason, message } : { ok: false, reason, message, canonicalRequest };

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

function oneOf(allowed: string | readonly string[] | undefined, value: string): boolean {
  return allowed === undefined || (typeof allowed === 'string' ? allowed === value : allowed.includes(value));
}

function checkScopePolicy(policy: unknown): ScopePolicy | undefined {
  if (policy === undefined || typeof policy === 'function') return policy as ScopePolicy | undefined;
  const ok = (v: unknown): boolean => v === undefined || typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
  if (policy === null || typeof policy !== 'object' || !ok((policy as { region?: unknown }).region) || !ok((policy as { service?: unknown }).service)) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'options.scope must be { region?, service? } (strings or arrays of strings) or a function');
  }
  return policy as ScopePolicy;
}

function scopeAllowed(policy: ScopePolicy, scope: CredentialScope): boolean {
  // The predicate is the caller's code: its exceptions are theirs to see (like resolveSecret's).
  if (typeof policy === 'function') return policy({ ...scope }) === true;
  return oneOf(policy.region, scope.region) && oneOf(policy.service, scope.service);
}

const HEX64 = /^[0-9a-fA-F]{64}$/;

/**
 * Verify an APIG signature on a received request: the gateway's App authentication check, or what a
 * backend bound to an hmac signature key does with the request APIG forwards.
 *
 * `request` is a fetch `Request` (read from a clone), a node:http request as it arrives (its stream is
 * read, with the size limits; one a body parser already read is refused), or `{ method, url, headers,
 * body }` with the raw path and query as received and the raw body bytes.
 *
 * It never throws or rejects on anything a client can send: every failure is `{ ok: false, reason,
 * message }`. When the client signed the body's digest (`X-Sdk-Content-Sha256`), the body must match it
 * (`body-hash-mismatch`); `UNSIGNED-PAYLOAD` is accepted with `bodyAuthenticated: false` unless
 * `allowUnsignedPayload: false`. A V11 scope must be for X-Sdk-Date's day (`scope-mismatch`) and, with
 * `options.scope`, for an allowed region and service (`scope-not-allowed`). A target holding `#` is
 * `bad-request` (everything after it would be unsigned).
 *
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` for bad options (a NaN or negative limit, an invalid `now`,
 * a `resolveSecret` that is not a function, a malformed `scope` policy), `ERR_UNSUPPORTED` for an unknown
 * name in `options.algorithms`. Errors thrown by your own `resolveSecret` or scope predicate propagate:
 * catch them in the server.
 *
 * @example
 * ```ts
 * const result = await verifyRequest(request, (key) => secrets.get(key));
 * if (!result.ok) return new Response(result.message, { status: 401 });
 * ```
 */
export async function verifyRequest(request: VerifiableRequest, resolveSecret: ResolveSecret, options: VerifyOptions = {}): Promise<VerifyResult> {
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
  checkStoreLifetime(replayStore, maxSkew, 'replayStore');
  const nowMs = options.now === undefined ? Date.now() : options.now instanceof Date ? options.now.getTime() : NaN;
  if (!Number.isFinite(nowMs)) throw new SignerError('ERR_INVALID_ARGUMENT', 'now must be a valid Date');
  if (options.header !== undefined && (typeof options.header !== 'string' || options.header === '')) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'options.header must be a header name');
  }
  const scopePolicy = checkScopePolicy(options.scope);
  const allowUnsigned = options.allowUnsignedPayload ?? true;
  if (typeof allowUnsigned !== 'boolean') throw new SignerError('ERR_INVALID_ARGUMENT', 'allowUnsignedPayload must be a boolean');

  let parts: RequestParts;
  let headers: Map<string, string>;
  let method: string;
  try {
    parts = requestParts(request);
    method = parts.method;
    headers = normalizeHeaders(parts.headers as ApigRequest['headers']);
  } catch {
    return fail('bad-request', 'the request could not be read');
  }
  let headerBytes = 0;
  for (const [name, value] of headers) headerBytes += name.length + value.length + 4;
  if (headerBytes > maxHeaderBytes) return fail('headers-too-large', `the header section exceeds ${maxHeaderBytes} bytes`);

  const headerName = (options.header ?? 'authorization').toLowerCase();
  const auth = headers.get(headerName);
  if (auth === undefined || auth === '') return fail('missing-signature', `no ${headerName} header`);
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
    return fail('bad-timestamp', 'X-Sdk-Date must be YYYYMMDDTHHMMSSZ (UTC)');
  }
  const expired = (at: number): VerifyFailure | undefined => {
    const skew = Math.abs(at - sdkDate.getTime()) / 1000;
    return skew > maxSkew ? fail('expired', `signature expired: X-Sdk-Date is ${Math.round(skew)} s away from the verifier's clock (allowed ${maxSkew} s)`) : undefined;
  };
  const early = expired(nowMs);
  if (early) return early;

  // V11: the derived key is bound to a day, a region and a service; a key leaked for one scope must not
  // sign for another, so the scope's day is X-Sdk-Date's and its region/service are the backend's.
  let scope: CredentialScope | undefined;
  if (parsed.scope !== undefined) {
    const [date, region, service] = parsed.scope.split('/') as [string, string, string];
    scope = { date, region, service };
    if (date !== dateText.trim().slice(0, 8)) return fail('scope-mismatch', "the credential scope's date is not X-Sdk-Date's day");
    if (scopePolicy !== undefined && !scopeAllowed(scopePolicy, scope)) {
      return fail('scope-not-allowed', `the credential scope (region ${JSON.stringify(region.slice(0, 64))}, service ${JSON.stringify(service.slice(0, 64))}) is not accepted here`);
    }
  }

  // Node hands a raw '#' through in req.url: what follows it would not be signed.
  if (parts.url.includes('#')) return fail('bad-request', "the request target holds '#': a fragment is never sent, and it would be unsigned");
  const target = splitUrl(parts.url);
  if (options.strictTarget === true) {
    const ambiguity = targetAmbiguity(target.path, target.query);
    if (ambiguity !== null) return fail('ambiguous-target', `the request target is ambiguous under APIG's canonical form: ${ambiguity}`);
  }

  let body: Uint8Array;
  try {
    body = await parts.body(maxBody);
  } catch (e) {
    if (e instanceof RequestInputError) return fail(e.reason === 'body-too-large' ? 'body-too-large' : 'bad-request', e.message);
    return fail('bad-request', 'the request body could not be read');
  }

  // A secret found synchronously skips the await (each await costs a microtask turn); anything else,
  // a Promise or any thenable, is awaited as before.
  const found = resolveSecret(parsed.key);
  const secret = typeof found === 'string' ? found : await found;
  if (typeof secret !== 'string' || secret === '') return fail('unknown-key', 'unknown key');

  const signedHeaders = sortedUnique(signed);
  // X-Sdk-Content-Sha256 (or -Sm3) stands in for the body's hash: honoured only when it is signed, or
  // anyone could send the original body's hash in it and swap the body.
  const hashSigned = signed.includes(suite.contentHashHeader);
  if (!hashSigned) headers.delete(suite.contentHashHeader);
  let expected;
  try {
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
    expected = computed instanceof Promise ? await computed : computed;
  } catch (e) {
    // What the client sent could not be signed at all (a scope too long for HKDF, a value the runtime's
    // crypto refuses): no signature can match it.
    if (isSignerError(e)) return fail('malformed-authorization', 'the request cannot carry a valid signature (a field is too long or unreadable)');
    throw e;
  }
  if (!timingSafeEqual(expected.signature, parsed.signature.toLowerCase())) {
    return fail('signature-mismatch', 'the signature does not match the request', expected.canonicalRequest);
  }

  // The signature covers the digest header's value, not the body: bind the body to that digest.
  let bodyAuthenticated = true;
  if (hashSigned) {
    const claimed = headers.get(suite.contentHashHeader)!.trim();
    if (claimed === 'UNSIGNED-PAYLOAD') {
      if (!allowUnsigned) return fail('unsigned-payload', 'the client signed UNSIGNED-PAYLOAD instead of the body, and unsigned bodies are refused here');
      bodyAuthenticated = false;
    } else {
      const digest = HEX64.test(claimed) ? suite.hashHex(body) : undefined;
      const actual = digest instanceof Promise ? await digest : digest;
      if (actual === undefined || !timingSafeEqual(actual, claimed.toLowerCase())) {
        return fail('body-hash-mismatch', `the body does not match the signed ${suite.contentHashHeader}`);
      }
    }
  }

  // Only a valid signature reaches the store: nobody without the secret can fill it or burn an entry.
  if (replayStore !== undefined) {
    // The window again, on the clock of now: a body held back until the first use's entry expired would
    // otherwise pass on the clock read before it arrived.
    const late = options.now === undefined ? expired(Date.now()) : undefined;
    if (late) return late;
    const refused = await recordCall(replayStore, [expected.signature], 'request', 'this signature was already used (a replayed request, or a retry that was not signed again)');
    if (refused) return fail(refused.reason, refused.message);
  }
  const ok: VerifySuccess = { ok: true, key: parsed.key, algorithm: suite.name, signedHeaders, sdkDate, bodyAuthenticated };
  if (scope !== undefined) ok.scope = scope;
  return ok;
}
