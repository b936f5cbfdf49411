// The one door from the library to `#runtime`: the signers use these raw primitives (no argument
// checks; results may come back synchronously) where the checked public functions of ./hash.ts, ./sm3.ts
// and ./aes.ts would cost a Promise per call. Re-exports only, so bundles carry nothing for it.
export {
  sha256Hex as runtimeSha256Hex,
  hmacSha256 as runtimeHmacSha256,
  hmacSha256Hex as runtimeHmacSha256Hex,
  hkdfSha256 as runtimeHkdfSha256,
  nativeSm3Hex,
  nativeHmacSm3Hex,
} from '#runtime';
