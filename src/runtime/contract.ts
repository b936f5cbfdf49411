// The runtime contract: what every runtime module (node.ts, web.ts, deno.ts) offers the library above
// it, and all that the library may ask of one. Each runtime module checks itself against it (see the
// end of each), and `#runtime` is typed as this contract (runtime.d.ts), not as any one build, so that
// `npm run typecheck` proves the library builds on every runtime. Modelled on jose's runtime interfaces.
//
// Layering: the runtime modules import only node: built-ins, each other, ./contract and ../bytes (the
// bottom of the module graph, with ../errors); only src/crypto/ imports `#runtime`.

/** A value or a promise of it: node:crypto answers synchronously, Web Crypto asynchronously. */
export type Awaitable<T> = T | Promise<T>;

/** Which build is loaded: `node` (node:crypto: Node, Bun), `deno` (Deno's node:crypto), `web` (Web Crypto). */
export type RuntimeName = 'node' | 'web' | 'deno';

/**
 * One runtime's primitives. A string key, message, IV or text is UTF-8; byte arguments are never
 * empty-or-detached-ambiguous (src/crypto/codecs.ts's `toBytes` has turned them into plain arrays) and
 * sizes were checked by the caller; results are arrays that the caller owns.
 */
export interface Runtime {
  readonly runtimeName: RuntimeName;

  sha256(data: Uint8Array): Awaitable<Uint8Array>;
  /** Lower-case hex SHA-256 of bytes or of a string's UTF-8. */
  sha256Hex(data: string | Uint8Array): Awaitable<string>;
  sha1(data: Uint8Array): Awaitable<Uint8Array>;
  hmacSha256(key: string | Uint8Array, data: string | Uint8Array): Awaitable<Uint8Array>;
  /** Lower-case hex HMAC-SHA256. */
  hmacSha256Hex(key: string | Uint8Array, data: string | Uint8Array): Awaitable<string>;
  /** RFC 5869; `length` is 0 to 8160 and `info` at most 1024 bytes (checked by the caller). */
  hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Awaitable<Uint8Array>;

  /** The runtime's own SM3, synchronous, or null (the library then loads its pure SM3). */
  readonly nativeSm3: ((data: Uint8Array) => Uint8Array) | null;
  readonly nativeHmacSm3: ((key: Uint8Array, data: Uint8Array) => Uint8Array) | null;
  /** Hex SM3 of bytes or a string's UTF-8, or null. */
  readonly nativeSm3Hex: ((data: string | Uint8Array) => string) | null;
  /** Hex HMAC-SM3 with a string key (kept prepared per secret), or null. */
  readonly nativeHmacSm3Hex: ((key: string, data: string) => string) | null;

  /** AES-CBC, PKCS#7 when `padding`, whole blocks otherwise; the key is 16, 24 or 32 bytes. */
  aesCbcEncrypt(key: Uint8Array, iv: string | Uint8Array, data: string | Uint8Array, padding: boolean): Awaitable<Uint8Array>;
  /** Throws (rejects) on a bad padding or length: the caller turns that into its own error. */
  aesCbcDecrypt(key: Uint8Array, iv: string | Uint8Array, data: Uint8Array, padding: boolean): Awaitable<Uint8Array>;
  /** AES-CFB-128, any length. */
  aesCfbEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Awaitable<Uint8Array>;
  aesCfbDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Awaitable<Uint8Array>;

  /** Cryptographically secure random bytes; `n` is a whole number the caller checked. */
  randomBytes(n: number): Uint8Array;
}

/**
 * `Satisfies<typeof import('./x.js')>` compiles only when module x offers the whole contract: each
 * runtime module names itself so at its end (a type, erased from every bundle).
 */
export type Satisfies<T extends Runtime> = T;
