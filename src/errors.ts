/**
 * Stable error codes. A code never changes meaning once published; messages may be reworded.
 */
export type SignerErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_INVALID_KEY_LENGTH'
  | 'ERR_INVALID_IV_LENGTH'
  | 'ERR_INVALID_DATA_LENGTH'
  | 'ERR_BAD_BASE64'
  | 'ERR_BAD_HEX'
  | 'ERR_BAD_UTF8'
  | 'ERR_BAD_DATE'
  | 'ERR_BAD_CIPHERTEXT'
  | 'ERR_DECRYPT'
  | 'ERR_UNSUPPORTED'
  | 'ERR_MISSING_CREDENTIALS'
  | 'ERR_BAD_AUTHORIZATION'
  | 'ERR_BAD_HEADER'
  | 'ERR_NONCE_STORE_FULL'
  | 'ERR_NONCE_STORE_UNAVAILABLE'
  /** A framework adapter found the request body already read, with no raw copy kept: the app's middleware order must change. */
  | 'ERR_BODY_CONSUMED';

/**
 * The one error class of the library. Messages never contain key material, secrets or plaintexts:
 * they name the field and the rule, not the value.
 *
 * @example
 * ```ts
 * try { base64Decode('not base64!') } catch (e) {
 *   if (e instanceof SignerError && e.code === 'ERR_BAD_BASE64') console.log(e.message);
 * }
 * ```
 */
export class SignerError extends Error {
  readonly code: SignerErrorCode;

  constructor(code: SignerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message);
    this.name = 'SignerError';
    this.code = code;
    // The cause may come from a crypto engine; keep it for debugging but never print secrets into it.
    if (options && 'cause' in options) (this as { cause?: unknown }).cause = options.cause;
  }
}

/**
 * True when `e` is a {@link SignerError}, optionally with the given code.
 * @throws Nothing: any value gives `true` or `false`.
 * @example
 * ```ts
 * try { hexDecode('xyz'); } catch (e) { if (isSignerError(e, 'ERR_BAD_HEX')) console.log(e.message); }
 * ```
 */
export function isSignerError(e: unknown, code?: SignerErrorCode): e is SignerError {
  return e instanceof SignerError && (code === undefined || e.code === code);
}

/**
 * An options argument as given: undefined and null mean none; anything but an object is a
 * `SignerError`, rather than a TypeError later or options silently ignored.
 */
export function optionsObject<T extends object>(options: T | null | undefined, name = 'options'): T {
  if (options === undefined || options === null) return {} as T;
  if (typeof options !== 'object') throw new SignerError('ERR_INVALID_ARGUMENT', `${name} must be an object`);
  return options;
}
