// The node:crypto runtime (Node >= 18 and Bun). The only module, with web.ts, that knows where it runs.
import * as nodeCrypto from 'node:crypto';
import type { Awaitable } from './types.js';

export const runtimeName = 'node' as const;

function view(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

export function sha256(data: Uint8Array): Awaitable<Uint8Array> {
  return view(nodeCrypto.createHash('sha256').update(data).digest());
}

export function sha1(data: Uint8Array): Awaitable<Uint8Array> {
  return view(nodeCrypto.createHash('sha1').update(data).digest());
}

export function hmacSha256(key: Uint8Array, data: Uint8Array): Awaitable<Uint8Array> {
  return view(nodeCrypto.createHmac('sha256', key).update(data).digest());
}

export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Awaitable<Uint8Array> {
  return new Uint8Array(nodeCrypto.hkdfSync('sha256', ikm, salt, info, length));
}

// Bun's node:crypto has no sm3; the caller falls back to the pure implementation when this is null.
const hasSm3 = (() => {
  try {
    nodeCrypto.createHash('sm3');
    return true;
  } catch {
    return false;
  }
})();

export const nativeSm3: ((data: Uint8Array) => Uint8Array) | null = hasSm3
  ? (data) => view(nodeCrypto.createHash('sm3').update(data).digest())
  : null;

export const nativeHmacSm3: ((key: Uint8Array, data: Uint8Array) => Uint8Array) | null = hasSm3
  ? (key, data) => view(nodeCrypto.createHmac('sm3', key).update(data).digest())
  : null;

function aesName(mode: 'cbc' | 'cfb', keyLength: number): nodeCrypto.CipherGCMTypes | string {
  return `aes-${keyLength * 8}-${mode}`;
}

export function aesCbcEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, padding: boolean): Awaitable<Uint8Array> {
  const c = nodeCrypto.createCipheriv(aesName('cbc', key.length), key, iv);
  c.setAutoPadding(padding);
  return view(Buffer.concat([c.update(data), c.final()]));
}

/** Throws on a bad padding or length; the caller turns that into ERR_DECRYPT. */
export function aesCbcDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, padding: boolean): Awaitable<Uint8Array> {
  const d = nodeCrypto.createDecipheriv(aesName('cbc', key.length), key, iv);
  d.setAutoPadding(padding);
  return view(Buffer.concat([d.update(data), d.final()]));
}

export function aesCfbEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Awaitable<Uint8Array> {
  const c = nodeCrypto.createCipheriv(aesName('cfb', key.length), key, iv);
  return view(Buffer.concat([c.update(data), c.final()]));
}

export function aesCfbDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Awaitable<Uint8Array> {
  const d = nodeCrypto.createDecipheriv(aesName('cfb', key.length), key, iv);
  return view(Buffer.concat([d.update(data), d.final()]));
}

export function randomBytes(n: number): Uint8Array {
  return view(nodeCrypto.randomBytes(n));
}
