// The Deno runtime. Deno's Web Crypto runs each call on another thread (30 to 50 µs a call, measured
// in `npm run bench:deno`), its node:crypto answers synchronously in-process: so this build is the
// node:crypto runtime (./node.ts), which runs unchanged on Deno's node:crypto (one-shot crypto.hash,
// HMAC from prepared pads, HKDF, and AES-CFB on the ECB fallback there, Deno having no aes-*-cfb).
// Two exceptions follow: SM3, and AES-192-CBC, which Deno's node:crypto lacks.
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
  aesCfbEncrypt,
  aesCfbDecrypt,
  randomBytes,
} from './node.js';

export const runtimeName: RuntimeName = 'deno';

// Deno's node:crypto has SM3, but the library's pure SM3 is faster there (measured on Deno 2.9: 11 ms
// against 21 ms for 1 MiB, 3.9 µs against 6.1 µs for 95 bytes): no native SM3, so the pure one is loaded
// on first use, as on Bun and in browsers.
export const nativeSm3: ((data: Uint8Array) => Uint8Array) | null = null;
export const nativeHmacSm3: ((key: Uint8Array, data: Uint8Array) => Uint8Array) | null = null;
export const nativeSm3Hex: ((data: string | Uint8Array) => string) | null = null;
export const nativeHmacSm3Hex: ((key: string, data: string) => string) | null = null;

// Deno's node:crypto has aes-128-cbc and aes-256-cbc only: a 24-byte key goes to Web Crypto.
export function aesCbcEncrypt(key: Uint8Array, iv: string | Uint8Array, data: string | Uint8Array, padding: boolean): Awaitable<Uint8Array> {
  return key.length === 24 ? web.aesCbcEncrypt(key, iv, data, padding) : node.aesCbcEncrypt(key, iv, data, padding);
}

export function aesCbcDecrypt(key: Uint8Array, iv: string | Uint8Array, data: Uint8Array, padding: boolean): Awaitable<Uint8Array> {
  return key.length === 24 ? web.aesCbcDecrypt(key, iv, data, padding) : node.aesCbcDecrypt(key, iv, data, padding);
}

// The contract, checked by `npm run typecheck` (a type: nothing of it reaches a bundle).
import type * as self from './deno.js';
type Contract = Satisfies<typeof self>;
