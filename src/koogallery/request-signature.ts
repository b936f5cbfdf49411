// The current request signatures (KooGallery access guide: signature and x-sign). Key = accessKey for every HMAC: the
// documents never name another key, and the accessKey is the only secret both sides hold.
//   URL form    (?signature=&timestamp=&nonce=): HMAC(accessKey + nonce + timestamp + hex(HMAC(body)))
//   header form (x-sign, x-timestamp, x-nonce):  HMAC(accessKey + nonce + timestamp + body)
import { toBytes } from '../crypto/codecs.js';
import { hmacSha256Hex } from '../crypto/hash.js';
import { SignerError } from '../errors.js';
import { requireAccessKey } from './args.js';

/** Input of {@link requestSignature} and {@link headerSignature}. */
export interface RequestSignatureInput {
  accessKey: string;
  /** The call's nonce, as sent. */
  nonce: string;
  /** The call's timestamp, as sent (milliseconds or seconds; the digits are signed, not the meaning). */
  timestamp: string | number;
  /** The raw request body, exactly as received (a string is taken as its UTF-8 bytes). */
  body: string | Uint8Array;
}

function parts(input: RequestSignatureInput): { accessKey: string; prefix: string; body: Uint8Array } {
  if (input === null || typeof input !== 'object') throw new SignerError('ERR_INVALID_ARGUMENT', 'expected { accessKey, nonce, timestamp, body }');
  const accessKey = requireAccessKey(input.accessKey);
  if (typeof input.nonce !== 'string') throw new SignerError('ERR_INVALID_ARGUMENT', 'nonce must be a string');
  const ts = input.timestamp;
  if (!(typeof ts === 'string' || (typeof ts === 'number' && Number.isSafeInteger(ts) && ts >= 0))) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'timestamp must be a string or a non-negative integer');
  }
  if (typeof input.body !== 'string' && !(input.body instanceof Uint8Array)) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'body must be a string or a Uint8Array');
  }
  return { accessKey, prefix: accessKey + input.nonce + String(ts), body: toBytes(input.body) };
}

/**
 * The `signature` URL parameter of a KooGallery call (lower-case hex):
 * `hex(HMAC-SHA256(accessKey, accessKey + nonce + timestamp + hex(HMAC-SHA256(accessKey, body))))`.
 *
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `input` is not an object, `nonce` is not a
 * string, `timestamp` is neither a string nor a non-negative safe integer, or `body` is neither a string nor
 * a Uint8Array; `ERR_MISSING_CREDENTIALS` when `accessKey` is not a non-empty string; `ERR_UNSUPPORTED` in a
 * runtime without Web Crypto.
 * @example
 * ```ts
 * const signature = await requestSignature({ accessKey, nonce: 'RLLUammMSInlrNWb', timestamp: '1716363778801', body });
 * ```
 */
export async function requestSignature(input: RequestSignatureInput): Promise<string> {
  const { accessKey, prefix, body } = parts(input);
  const payloadHash = await hmacSha256Hex(accessKey, body);
  return hmacSha256Hex(accessKey, prefix + payloadHash);
}

/**
 * The `x-sign` header of a KooGallery call (lower-case hex):
 * `hex(HMAC-SHA256(accessKey, accessKey + nonce + timestamp + body))`, body as raw bytes.
 *
 * @throws {SignerError} Rejects with `ERR_INVALID_ARGUMENT` when `input` is not an object, `nonce` is not a
 * string, `timestamp` is neither a string nor a non-negative safe integer, or `body` is neither a string nor
 * a Uint8Array; `ERR_MISSING_CREDENTIALS` when `accessKey` is not a non-empty string; `ERR_UNSUPPORTED` in a
 * runtime without Web Crypto.
 * @example
 * ```ts
 * const xSign = await headerSignature({ accessKey, nonce, timestamp: '1680508066618', body });
 * ```
 */
export async function headerSignature(input: RequestSignatureInput): Promise<string> {
  const { accessKey, prefix, body } = parts(input);
  const head = toBytes(prefix);
  const data = new Uint8Array(head.length + body.length);
  data.set(head, 0);
  data.set(body, head.length);
  return hmacSha256Hex(accessKey, data);
}
