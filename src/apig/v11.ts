// V11-HMAC-SHA256's derived key (HKDF on the runtime), cached per secret, key and scope.
import { hexOf, utf8Encode } from '../crypto/codecs.js';
import { HKDF_INFO_MAX } from '../crypto/hash.js';
import { SignerError } from '../errors.js';
import { runtimeHkdfSha256 } from '../crypto/runtime.js';

// One key per (SK, AK, day, region, service): cache a few, HKDF is not free.
const derivedKeys = /* @__PURE__ */ new Map<string, string>();

/**
 * The HMAC key of a V11 signature: the lower-case HEX STRING of HKDF-SHA256(IKM = SK, salt = AK,
 * info = scope, 32 bytes), as the v3 Java core uses it (not the raw derived bytes).
 */
export async function v11Key(secret: string, key: string, scope: string): Promise<string> {
  // Lengths first: a separator alone would let ('a\0b', 'c') and ('a', 'b\0c') share one entry.
  const id = secret.length + ':' + key.length + ':' + secret + key + scope;
  const hit = derivedKeys.get(id);
  if (hit !== undefined) return hit;
  const info = utf8Encode(scope);
  if (info.length > HKDF_INFO_MAX) throw new SignerError('ERR_INVALID_ARGUMENT', 'V11 region and service are too long');
  const derived = hexOf(await runtimeHkdfSha256(utf8Encode(secret), utf8Encode(key), info, 32));
  if (derivedKeys.size >= 64) derivedKeys.delete(derivedKeys.keys().next().value as string);
  derivedKeys.set(id, derived);
  return derived;
}
