// Access keys as HMAC keys. KooGallery's cn/intl consoles show the key as it is used (Huawei's Java sample
// takes its UTF-8 bytes); the EU console shows it base64-encoded ("Reverse the coding of the key to obtain
// the original value", Obtaining the Key, EU help center). Every use takes the same bytes: the HMAC key
// and the accessKey prefix of the canonical request.
import { base64Decode, utf8Encode } from '../../crypto/codecs.js';
import { SignerError } from '../../errors.js';

/** How the access keys you pass are written: `utf8` (as the cn/intl console shows them) or `base64` (EU). */
export type KeyEncoding = 'utf8' | 'base64';

export function keyEncodingOf(value: unknown): KeyEncoding {
  if (value === undefined || value === 'utf8') return 'utf8';
  if (value === 'base64') return 'base64';
  throw new SignerError('ERR_INVALID_ARGUMENT', "keyEncoding must be 'utf8' or 'base64'");
}

/** The key's bytes; `name` appears in the error (never the key). */
export function keyBytes(key: unknown, encoding: KeyEncoding, name: string): Uint8Array {
  if (typeof key !== 'string' || key.length === 0) throw new SignerError('ERR_MISSING_CREDENTIALS', `${name} must be a non-empty string`);
  if (encoding === 'utf8') return utf8Encode(key);
  let bytes: Uint8Array;
  try {
    bytes = base64Decode(key.trim());
  } catch {
    throw new SignerError('ERR_INVALID_ARGUMENT', `${name} is not base64 (keyEncoding 'base64')`);
  }
  if (bytes.length === 0) throw new SignerError('ERR_MISSING_CREDENTIALS', `${name} must not be empty`);
  return bytes;
}
