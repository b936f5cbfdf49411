// What `#runtime` is to the type checker (tsconfig `paths`): the contract, not one build. Code above
// the runtime layer therefore compiles only against what every runtime module offers; the bundlers
// (tsup.config.ts, the test and benchmark builds) put node.ts, deno.ts or web.ts in its place.
import type { Runtime, Satisfies } from './contract.js';
import type * as self from './runtime.js';

export declare const runtimeName: Runtime['runtimeName'];
export declare const sha256: Runtime['sha256'];
export declare const sha256Hex: Runtime['sha256Hex'];
export declare const sha1: Runtime['sha1'];
export declare const hmacSha256: Runtime['hmacSha256'];
export declare const hmacSha256Hex: Runtime['hmacSha256Hex'];
export declare const hkdfSha256: Runtime['hkdfSha256'];
export declare const nativeSm3: Runtime['nativeSm3'];
export declare const nativeHmacSm3: Runtime['nativeHmacSm3'];
export declare const nativeSm3Hex: Runtime['nativeSm3Hex'];
export declare const nativeHmacSm3Hex: Runtime['nativeHmacSm3Hex'];
export declare const aesCbcEncrypt: Runtime['aesCbcEncrypt'];
export declare const aesCbcDecrypt: Runtime['aesCbcDecrypt'];
export declare const aesCfbEncrypt: Runtime['aesCfbEncrypt'];
export declare const aesCfbDecrypt: Runtime['aesCfbDecrypt'];
export declare const randomBytes: Runtime['randomBytes'];

// Exactly the contract: nothing missing (Satisfies), nothing more (Only).
type Only<T extends true> = T;
type _Complete = Satisfies<typeof self>;
type _NothingElse = Only<[Exclude<keyof typeof self, keyof Runtime>] extends [never] ? true : false>;
