// SDK-HMAC-SM3. The suite object is tiny and, where the runtime has no SM3, the pure SM3 is loaded on
// first use (`withSm3`, a dynamic import), so that bundles that sign with SHA-256 alone (every user of
// ./apig that never asks for SM3) carry no SM3: bundlers put the import() target in a lazy chunk.
import { hexOf } from '../crypto/codecs.js';
import { withSm3 } from '../crypto/sm3.js';
import { nativeHmacSm3Hex, nativeSm3Hex } from '../crypto/runtime.js';
import type { SignatureSuite } from './algorithms.js';

/** `SDK-HMAC-SM3`: SM3 payload and canonical-request hashes, HMAC-SM3 signature, `X-Sdk-Content-Sm3`. */
export const SDK_HMAC_SM3: SignatureSuite = {
  name: 'SDK-HMAC-SM3',
  contentHashHeader: 'x-sdk-content-sm3',
  hashHex: (data) => withSm3((m) => hexOf(m.sm3(data))),
  hmac: (key, data) => withSm3((m) => m.hmacSm3(key, data)),
  // Where the runtime has SM3 (Node): strings straight to OpenSSL, the HMAC key prepared once per secret.
  hashTextHex: nativeSm3Hex ?? undefined,
  hmacHex: nativeHmacSm3Hex ?? undefined,
};
