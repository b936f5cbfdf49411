// The Deno runtime. Deno's Web Crypto runs each call on another thread (30 to 50 µs a call, measured
// in `npm run bench:deno`), its node:crypto answers synchronously in-process: so this build is the
// node:crypto runtime (./node.ts), which runs unchanged on Deno's node:crypto (one-shot crypto.hash,
// SM3, HKDF, and AES-CFB on the ECB fallback there, Deno having no aes-*-cfb), with Web Crypto only
// for what Deno's node:crypto lacks outright: AES-192-CBC.
import * as node from './node.js';
import * as web from './web.js';
import type { Awaitable, RuntimeName, Satisfies } from './contract.js';

export {
  sha256,
  sha256Hex,
  sha1,
  hmacSha256,
  hmacSha256Hex,
  hkdfSha256,
  nativeSm3,
  nativeHmacSm3,
  nativeSm3Hex,
  nativeHmacSm3Hex,
  aesCfbEncrypt,
  aesCfbDecrypt,
  randomBytes,
} from './node.js';

export const runtimeName: RuntimeName = 'deno';

/** Deno's node:crypto has aes-128-cbc and aes-256-cbc only (no aes-192-cbc): a 24-byte key goes to Web Crypto. */
export function aesCbcEncrypt(key: Uint8Array, iv: string | Uint8Array, data: string | Uint8Array, padding: boolean): Awaitable<Uint8Array> {
  return key.length === 24 ? web.aesCbcEncrypt(key, iv, data, padding) : node.aesCbcEncrypt(key, iv, data, padding);
}

export function aesCbcDecrypt(key: Uint8Array, iv: string | Uint8Array, data: Uint8Array, padding: boolean): Awaitable<Uint8Array> {
  return key.length === 24 ? web.aesCbcDecrypt(key, iv, data, padding) : node.aesCbcDecrypt(key, iv, data, padding);
}

// The contract, checked by `npm run typecheck` (a type: nothing of it reaches a bundle).
import type * as self from './deno.js';
type Contract = Satisfies<typeof self>;
