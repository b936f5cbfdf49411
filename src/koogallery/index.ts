/**
 * `huaweicloud-signer/koogallery`: the KooGallery seller (ISV) toolkit. Verify KooGallery's calls
 * (x-sign headers, signature URL parameters, legacy authToken), refuse replays, sign responses with
 * `Body-Sign`, and encrypt/decrypt sensitive fields exactly like KooGallery's Java sample.
 *
 * @example
 * ```ts
 * import { verifyNotification, responseBody, signedResponse, resultCodes } from 'huaweicloud-signer/koogallery';
 * const v = await verifyNotification(request, accessKey);
 * if (!v.ok) return signedResponse({ resultCode: resultCodes.AUTH_FAILED, resultMsg: v.reason }, accessKey);
 * ```
 * @module
 */
export { type EncryptType } from './args.js';
export { authToken, authTokenStringToSign, type AuthTokenParams } from './auth-token.js';
export { requestSignature, headerSignature, type RequestSignatureInput } from './request-signature.js';
export { bodySign, parseBodySign, verifyBodySign, BODY_SIGN_HEADER, BODY_SIGN_TYPE, type BodySignValue } from './body-sign.js';
export {
  encryptSensitive,
  decryptSensitive,
  deriveSensitiveKey,
  sensitiveCiphertextLength,
  type EncryptSensitiveOptions,
} from './sensitive.js';
export { createNonceStore } from '../replay/memory-store.js';
export { createRedisNonceStore, DEFAULT_NONCE_PREFIX } from '../replay/redis-store.js';
export { createDenoKvNonceStore, DEFAULT_DENO_KV_PREFIX } from '../replay/deno-kv-store.js';
export type {
  NonceStore,
  NonceStoreOptions,
  MemoryNonceStore,
  RedisNonceStoreOptions,
  SetIfAbsent,
  NodeRedisClientLike,
  IoRedisClientLike,
  DenoKvNonceStoreOptions,
  DenoKvLike,
  DenoKvAtomicLike,
  DenoKvKey,
  NotificationRequestInit,
  HeadersInput,
  BodyInput,
  NodeRequestLike,
} from './shared-types.js';
export {
  verifyNotification,
  NOTIFICATION_SCHEMES,
  DEFAULT_NOTIFICATION_SCHEMES,
  type NotificationScheme,
  type VerifyFailureReason,
  type VerifyOptions,
  type VerifyResult,
  type VerifySuccess,
  type VerifyFailure,
} from './verify.js';
export { signedResponse, prepareSignedResponse, type PreparedResponse } from './response.js';
export { resultCodes, resultMessages, type ResultCode } from './result-codes.js';
export { responseBody, type ResponseBodyInput, type ResponseBody, type AppInfoInput } from './response-body.js';
export { SignerError, isSignerError } from '../errors.js';
import type { SignerErrorCode as ErrorCode } from '../errors.js';
/**
 * The stable `code` of a {@link SignerError}: the same union from every entry. (Declared here, not
 * re-exported: the .d.ts bundler turns a re-exported type into a value inside the root's namespaces.)
 */
export type SignerErrorCode = ErrorCode;
export {
  createSellerHandler,
  type SellerHandler,
  type SellerHandlerOptions,
  type SellerAccessKeys,
  type SellerRefusal,
  type SellerRefusalReason,
  type NodeResponseLike,
} from './seller/handler.js';
export { decryptClientSecret, CLIENT_SECRET_OAEP_VARIANTS, type DecryptedClientSecret } from './seller/client-secret.js';
export type { KeyEncoding } from './seller/keys.js';
export type * from './seller/types.js';
export {
  simulateKooGallery,
  SIMULATED_INTERFACES,
  type SimulateOptions,
  type SimulationCheck,
  type SimulationReport,
} from './simulate/index.js';
export { createSignedCall, type SignedCallInput, type SignedCall } from './simulate/signed-call.js';
export type { SimulateTransport, WireRequest, WireResponse } from './simulate/transport.js';
