// SDK-HMAC-SM3 lives in its own module: signRequest loads it only when asked for SM3, so bundles
// that sign with SHA-256 alone carry no SM3 code.
import { hexEncode } from '../crypto/codecs.js';
import { hmacSm3Bytes, sm3Bytes } from '../crypto/sm3.js';
import type { SignatureSuite } from './algorithms.js';

/** `SDK-HMAC-SM3`: SM3 payload and canonical-request hashes, HMAC-SM3 signature, `X-Sdk-Content-Sm3`. */
export const SDK_HMAC_SM3: SignatureSuite = {
  name: 'SDK-HMAC-SM3',
  contentHashHeader: 'x-sdk-content-sm3',
  hashHex: (data) => hexEncode(sm3Bytes(data)),
  hmac: (key, data) => hmacSm3Bytes(key, data),
};
