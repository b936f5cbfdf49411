// Argument checks shared by the KooGallery modules. Messages name the argument, never its value.
import { SignerError } from '../errors.js';

/** The accessKey must be a non-empty string; it is the only secret KooGallery and the seller share. */
export function requireAccessKey(accessKey: unknown): string {
  if (typeof accessKey !== 'string' || accessKey.length === 0) {
    throw new SignerError('ERR_MISSING_CREDENTIALS', 'accessKey must be a non-empty string');
  }
  return accessKey;
}

/** 1 = AES256_CBC_PKCS5Padding, 2 = AES128_CBC_PKCS5Padding (KooGallery SaaS access guide FAQ 5). */
export type EncryptType = 1 | 2;

/** Accepts 1, 2, '1' or '2' (KooGallery's bodies carry encryptType as a string). */
export function toEncryptType(encryptType: unknown): EncryptType {
  if (encryptType === 1 || encryptType === '1') return 1;
  if (encryptType === 2 || encryptType === '2') return 2;
  throw new SignerError('ERR_INVALID_ARGUMENT', 'encryptType must be 1 (AES-256-CBC) or 2 (AES-128-CBC)');
}
