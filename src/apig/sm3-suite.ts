// SDK-HMAC-SM3. The suite object is tiny and its SM3 code is loaded on first use with a dynamic import,
// so that bundles that sign with SHA-256 alone (every user of ./apig that never asks for SM3) carry no
// SM3: bundlers put the import() target in a lazy chunk.
import { hexEncode } from '../crypto/codecs.js';
import type { SignatureSuite } from './algorithms.js';

type Sm3Module = typeof import('../crypto/sm3.js');
let sm3Module: Sm3Module | undefined;
let loading: Promise<Sm3Module> | undefined;

function withSm3<T>(use: (m: Sm3Module) => T): T | Promise<T> {
  if (sm3Module) return use(sm3Module);
  loading ??= import('../crypto/sm3.js').then((m) => (sm3Module = m));
  return loading.then(use);
}

/** `SDK-HMAC-SM3`: SM3 payload and canonical-request hashes, HMAC-SM3 signature, `X-Sdk-Content-Sm3`. */
export const SDK_HMAC_SM3: SignatureSuite = {
  name: 'SDK-HMAC-SM3',
  contentHashHeader: 'x-sdk-content-sm3',
  hashHex: (data) => withSm3((m) => hexEncode(m.sm3Bytes(data))),
  hmac: (key, data) => withSm3((m) => m.hmacSm3Bytes(key, data)),
};
