/**
 * `huaweicloud-signer/crypto`: the primitives the signers are built on, over node:crypto or Web Crypto.
 * @module
 */
export { sha256, sha256Hex, sha1, hmacSha256, hmacSha256Hex, hmacSha256Base64, hkdfSha256, randomBytes } from './hash.js';
export { timingSafeEqual } from './compare.js';
export { sm3, sm3Hex, hmacSm3, hmacSm3Hex } from './sm3.js';
export { aesCbcEncrypt, aesCbcDecrypt, aesCfbEncrypt, aesCfbDecrypt, type AesCbcOptions } from './aes.js';
export {
  utf8Encode,
  utf8Decode,
  hexEncode,
  hexDecode,
  base64Encode,
  base64Decode,
  toBytes,
  type BinaryLike,
} from './codecs.js';
export { runtimeName } from '#runtime';
export { SignerError, isSignerError, type SignerErrorCode } from '../errors.js';
