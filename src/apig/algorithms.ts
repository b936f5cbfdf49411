// The hash and MAC behind each APIG signature algorithm. SHA-256 suites live here; others (SM3)
// are separate objects so that a bundle only carries the hash it uses.
import { hexEncode } from '../crypto/codecs.js';
import * as rt from '#runtime';

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
}

/** `SDK-HMAC-SHA256`, the APIG default. */
export const SDK_HMAC_SHA256: SignatureSuite = {
  name: 'SDK-HMAC-SHA256',
  contentHashHeader: 'x-sdk-content-sha256',
  hashHex(data) {
    const h = rt.sha256(data);
    return h instanceof Promise ? h.then(hexEncode) : hexEncode(h);
  },
  hmac: (key, data) => rt.hmacSha256(key, data),
};

/** `V11-HMAC-SHA256`: SHA-256 with a per-day, per-region, per-service derived key. */
export const V11_HMAC_SHA256: SignatureSuite = { ...SDK_HMAC_SHA256, name: 'V11-HMAC-SHA256' };

/** The algorithm names `signRequest` accepts as strings. */
export type AlgorithmName = 'SDK-HMAC-SHA256' | 'V11-HMAC-SHA256' | 'SDK-HMAC-SM3';
