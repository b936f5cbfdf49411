// The hash and MAC behind each APIG signature algorithm. SHA-256 suites live here; others (SM3)
// are separate objects so that a bundle only carries the hash it uses.
import { runtimeHmacSha256, runtimeHmacSha256Hex, runtimeSha256Hex } from '../crypto/runtime.js';

/** A hash + HMAC pair that turns the canonical request into a signature. */
export interface SignatureSuite {
  /** The Authorization prefix and first line of the string to sign, e.g. `SDK-HMAC-SHA256`. */
  readonly name: string;
  /** Lower-case name of the header whose value replaces the payload hash (`x-sdk-content-sha256`). */
  readonly contentHashHeader: string;
  /** Lower-case hex digest. */
  hashHex(data: Uint8Array): string | Promise<string>;
  /** HMAC with this suite's hash, raw bytes. */
  hmac(key: Uint8Array, data: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /**
   * Optional fast path, same result as `hashHex(utf8Encode(text))`: lets node:crypto encode the
   * canonical request natively instead of allocating its bytes.
   */
  hashTextHex?(text: string): string | Promise<string>;
  /**
   * Optional fast path, same result as `hexEncode(hmac(utf8Encode(key), utf8Encode(text)))`: lets the
   * runtime keep a prepared key per secret.
   */
  hmacHex?(key: string, text: string): string | Promise<string>;
}

/** SHA-256 of the empty string (FIPS 180-4): the payload hash of every bodiless request. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// A factory called through /* @__PURE__ */, so that bundles can drop a suite they never use.
function sha256Suite(name: string): SignatureSuite {
  return {
    name,
    contentHashHeader: 'x-sdk-content-sha256',
    hashHex: (data) => (data.length === 0 ? EMPTY_SHA256 : runtimeSha256Hex(data)),
    hmac: (key, data) => runtimeHmacSha256(key, data),
    hashTextHex: (text) => (text.length === 0 ? EMPTY_SHA256 : runtimeSha256Hex(text)),
    hmacHex: (key, text) => runtimeHmacSha256Hex(key, text),
  };
}

/** `SDK-HMAC-SHA256`, the APIG default. */
export const SDK_HMAC_SHA256: SignatureSuite = /* @__PURE__ */ sha256Suite('SDK-HMAC-SHA256');

/** `V11-HMAC-SHA256`: SHA-256 with a per-day, per-region, per-service derived key. */
export const V11_HMAC_SHA256: SignatureSuite = /* @__PURE__ */ sha256Suite('V11-HMAC-SHA256');

/** The algorithm names `signRequest` accepts as strings. */
export type AlgorithmName = 'SDK-HMAC-SHA256' | 'V11-HMAC-SHA256' | 'SDK-HMAC-SM3';
