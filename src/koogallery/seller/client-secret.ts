// applicationSync's clientSecret: RSA-OAEP with the seller's uploaded public key (>= 3072 bits). KooGallery
// does not publish the OAEP digests; a Java sender's likely choices are tried with one private-key
// operation: SHA-256 with MGF1-SHA-1 (SunJCE's OAEPWithSHA-256AndMGF1Padding), SHA-1/SHA-1
// (OAEPPadding), SHA-256/SHA-256 (an explicit OAEPParameterSpec).
import { base64Decode, utf8Decode } from '../../crypto/codecs.js';
import { parseRsaPrivateKey, type RsaPrivateKey } from '../../crypto/der.js';
import type { OaepHash } from '../../crypto/rsa-oaep.js';
import { SignerError } from '../../errors.js';

/** The OAEP parameter sets tried, in order. */
export const CLIENT_SECRET_OAEP_VARIANTS: readonly { hash: OaepHash; mgf1Hash: OaepHash }[] = [
  { hash: 'SHA-256', mgf1Hash: 'SHA-1' },
  { hash: 'SHA-1', mgf1Hash: 'SHA-1' },
  { hash: 'SHA-256', mgf1Hash: 'SHA-256' },
];

/** KooGallery requires RSA keys of at least 3072 bits. */
const MIN_BYTES = 384;

/** A private key for clientSecret, parsed once and held to KooGallery's size rule. */
export function clientSecretKeyOf(key: unknown): RsaPrivateKey {
  if (typeof key !== 'string' && !(key instanceof Uint8Array)) {
    throw new SignerError('ERR_INVALID_ARGUMENT', 'clientSecretKey must be an RSA private key: PKCS#8 PEM, DER or bare base64, or PKCS#1 PEM');
  }
  const parsed = parseRsaPrivateKey(key, 'clientSecretKey');
  if (parsed.size < MIN_BYTES) throw new SignerError('ERR_INVALID_ARGUMENT', 'clientSecretKey must be at least 3072 bits (KooGallery requires RSA keys of 3072 bits or more)');
  return parsed;
}

const failure = (): SignerError => new SignerError('ERR_DECRYPT', 'clientSecret cannot be decrypted with this private key');

/** What {@link decryptClientSecret} returns. */
export interface DecryptedClientSecret {
  /** The client secret, as KooGallery's console shows it. */
  clientSecret: string;
  /** The OAEP parameters that decrypted it. */
  oaep: { hash: OaepHash; mgf1Hash: OaepHash };
}

/**
 * Decrypt applicationSync's `clientSecret` (base64, standard or URL-safe, whitespace ignored) with your
 * private key, trying the OAEP parameters a Java sender may use. Only decrypt a clientSecret from a call
 * whose signature verified (createSellerHandler does): the BigInt arithmetic is not constant-time.
 *
 * @example
 * ```ts
 * const { clientSecret, oaep } = await decryptClientSecret(body.clientSecret, privateKeyPem);
 * ```
 * @throws {SignerError} `ERR_DECRYPT` (one message, no cause) when it does not decrypt;
 * `ERR_INVALID_ARGUMENT` for a key that is not an RSA private key of at least 3072 bits.
 */
export async function decryptClientSecret(ciphertext: string, privateKey: string | Uint8Array | RsaPrivateKey): Promise<DecryptedClientSecret> {
  const key = typeof privateKey === 'string' || privateKey instanceof Uint8Array ? clientSecretKeyOf(privateKey) : privateKey;
  if (typeof ciphertext !== 'string') throw failure();
  let bytes: Uint8Array;
  try {
    let text = ciphertext.replace(/\s+/g, '');
    if (/[-_]/.test(text)) text = text.replace(/-/g, '+').replace(/_/g, '/');
    if (text.length % 4 !== 0 && !text.endsWith('=')) text += '='.repeat(4 - (text.length % 4));
    bytes = base64Decode(text);
  } catch {
    throw failure();
  }
  // The RSA arithmetic is a lazy chunk: only sellers that receive applicationSync load it.
  const { oaepDecode, rsaDecryptRaw } = await import('../../crypto/rsa-oaep.js');
  let em: Uint8Array;
  try {
    em = rsaDecryptRaw(key, bytes);
  } catch {
    throw failure();
  }
  for (const oaep of CLIENT_SECRET_OAEP_VARIANTS) {
    let plain: Uint8Array;
    try {
      plain = await oaepDecode(em, oaep);
    } catch {
      continue;
    }
    try {
      return { clientSecret: utf8Decode(plain), oaep: { ...oaep } };
    } catch {
      throw failure();
    }
  }
  throw failure();
}
