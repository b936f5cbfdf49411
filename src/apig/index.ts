/**
 * `huaweicloud-signer/apig`: APIG `SDK-HMAC-SHA256`/`SDK-HMAC-SM3` signing and verification, a signing
 * fetch for Huawei Cloud service APIs, credentials from the environment, diagnosis of APIG.0303 errors,
 * and backend signature keys.
 * @module
 */
export { signRequest, signFetchRequest } from './sign.js';
export { verifyRequest, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_HEADER_BYTES } from './verify.js';
export type {
  VerifyResult,
  VerifySuccess,
  VerifyFailure,
  VerifyFailureReason,
  VerifyOptions,
  VerifiableRequest,
  ResolveSecret,
  CredentialScope,
  ScopePolicy,
} from './verify.js';
// Replay stores serve both verifiers: `replayStore` here, `nonceStore` in verifyNotification. Their types
// are exported from `./koogallery` only: a type exported by both namespaces of the root breaks its .d.ts.
export { createNonceStore } from '../replay/memory-store.js';
export { createRedisNonceStore } from '../replay/redis-store.js';
export { createDenoKvNonceStore } from '../replay/deno-kv-store.js';
export { formatSdkDate, parseSdkDate } from './sdk-date.js';
export { parseAuthorization, type ParsedAuthorization } from './authorization.js';
export { targetAmbiguity } from '../canonical/index.js';
export { diagnose, parseGatewayCanonicalRequest, type Diagnosis, type DiagnosisLine } from './diagnose.js';
export {
  validateSignatureKey,
  verifyBasicAuthorization,
  aesSignatureKey,
  type SignatureKeyFields,
  type SignatureKeyViolation,
  type BasicVerifyResult,
  type AesSignatureKey,
} from './signature-key.js';
export { SDK_HMAC_SHA256, V11_HMAC_SHA256, type SignatureSuite, type AlgorithmName } from './algorithms.js';
export { SDK_HMAC_SM3 } from './sm3-suite.js';
export { createSignedFetch, MAX_SIGNED_BODY_BYTES, MAX_CLOCK_OFFSET_MS, type SignedFetch, type SignedFetchOptions } from './signed-fetch.js';
export { credentialsFromEnv, runtimeEnv, CREDENTIAL_ENV_VARS, type EnvSource, type CredentialsProvider } from './credentials.js';
export type { ApigRequest, Credentials, SignOptions, SignedRequest } from './types.js';
export {
  canonicalUri,
  canonicalQueryString,
  canonicalQueryFromPairs,
  canonicalHeaders,
  buildCanonicalRequest,
  stringToSign,
  percentEncode,
  percentDecode,
  normalizeHeaders,
  trimHeaderValue,
  parseQuery,
  splitUrl,
} from '../canonical/index.js';
export type { HeadersInit, QueryPair, CanonicalParts, RawTarget } from '../canonical/index.js';
export { SignerError, isSignerError } from '../errors.js';
import type { SignerErrorCode as ErrorCode } from '../errors.js';
/**
 * The stable `code` of a {@link SignerError}: the same union from every entry. (Declared here, not
 * re-exported: the .d.ts bundler turns a re-exported type into a value inside the root's namespaces.)
 */
export type SignerErrorCode = ErrorCode;
