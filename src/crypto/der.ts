// A minimal DER reader for RSA keys: PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey, X.509
// SubjectPublicKeyInfo and PKCS#1 RSAPublicKey (RFC 5208, RFC 8017 appendix A.1, RFC 5280 4.1), given as
// PEM, bare base64 or DER bytes. Only what RSA keys use: SEQUENCE, INTEGER, BIT/OCTET STRING, OID, NULL.
import { SignerError } from '../errors.js';
import { base64Decode } from './codecs.js';

/** An RSA private key with its CRT values (RFC 8017 3.2, second representation). */
export interface RsaPrivateKey {
  n: bigint;
  e: bigint;
  d: bigint;
  p: bigint;
  q: bigint;
  dp: bigint;
  dq: bigint;
  qinv: bigint;
  /** Size of the modulus in bytes (k in RFC 8017). */
  size: number;
}

/** An RSA public key. */
export interface RsaPublicKey {
  n: bigint;
  e: bigint;
  size: number;
}

interface Tlv {
  tag: number;
  /** Content bytes. */
  value: Uint8Array;
  /** Offset just after this element. */
  end: number;
}

function bad(what: string): SignerError {
  // The message names the structure, never a byte of the key.
  return new SignerError('ERR_INVALID_ARGUMENT', `${what}: not a valid DER RSA key`);
}

function readTlv(bytes: Uint8Array, at: number, what: string): Tlv {
  if (at + 2 > bytes.length) throw bad(what);
  const tag = bytes[at]!;
  let len = bytes[at + 1]!;
  let pos = at + 2;
  if (len & 0x80) {
    const count = len & 0x7f;
    // Keys are far below 2^32 bytes; 0x80 (indefinite length) is not DER.
    if (count === 0 || count > 4 || pos + count > bytes.length) throw bad(what);
    len = 0;
    for (let i = 0; i < count; i++) len = len * 256 + bytes[pos + i]!;
    pos += count;
  }
  if (pos + len > bytes.length) throw bad(what);
  return { tag, value: bytes.subarray(pos, pos + len), end: pos + len };
}

/** The elements of a SEQUENCE's content. */
function children(content: Uint8Array, what: string): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < content.length; ) {
    const t = readTlv(content, at, what);
    out.push(t);
    at = t.end;
  }
  return out;
}

function sequence(bytes: Uint8Array, what: string): Tlv[] {
  const t = readTlv(bytes, 0, what);
  if (t.tag !== 0x30 || t.end !== bytes.length) throw bad(what);
  return children(t.value, what);
}

function integer(t: Tlv | undefined, what: string): bigint {
  if (t === undefined || t.tag !== 0x02 || t.value.length === 0) throw bad(what);
  if (t.value[0]! & 0x80) throw bad(what); // negative: no RSA value is
  let hex = '';
  for (const b of t.value) hex += b.toString(16).padStart(2, '0');
  return BigInt('0x' + hex);
}

// 1.2.840.113549.1.1.1 (rsaEncryption)
const RSA_OID = Uint8Array.of(0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01);

function checkRsaAlgorithm(t: Tlv | undefined, what: string): void {
  if (t === undefined || t.tag !== 0x30) throw bad(what);
  const [oid] = children(t.value, what);
  if (oid === undefined || oid.tag !== 0x06 || oid.value.length !== RSA_OID.length || oid.value.some((b, i) => b !== RSA_OID[i])) {
    throw new SignerError('ERR_UNSUPPORTED', `${what}: the key is not an RSA key`);
  }
}

/** Bytes from PEM (any label), bare base64 (whitespace allowed) or DER bytes as they are. */
function keyBytes(key: string | Uint8Array, what: string): { der: Uint8Array; label?: string } {
  if (key instanceof Uint8Array) return { der: key };
  if (typeof key !== 'string') throw new SignerError('ERR_INVALID_ARGUMENT', `${what} must be a PEM or base64 string, or DER bytes`);
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(key);
  const body = (pem ? pem[2]! : key).replace(/\s+/g, '');
  if (body === '') throw bad(what);
  try {
    return pem ? { der: base64Decode(body), label: pem[1]! } : { der: base64Decode(body) };
  } catch {
    throw bad(what);
  }
}

function fromPkcs1Private(der: Uint8Array, what: string): RsaPrivateKey {
  const f = sequence(der, what);
  if (f.length < 9 || integer(f[0], what) !== 0n) throw bad(what); // version 0: two primes
  const [n, e, d, p, q, dp, dq, qinv] = f.slice(1, 9).map((t) => integer(t, what)) as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  if (n <= 0n || p * q !== n || e < 3n) throw bad(what);
  return { n, e, d, p, q, dp, dq, qinv, size: byteLength(n) };
}

function byteLength(n: bigint): number {
  return Math.ceil(n.toString(16).length / 2);
}

/**
 * Parse an RSA private key: PKCS#8 (`-----BEGIN PRIVATE KEY-----`, bare base64 or DER, what Java's
 * `KeyFactory` and `openssl genpkey` write) or PKCS#1 (`-----BEGIN RSA PRIVATE KEY-----`, or PKCS#1
 * DER bytes). Encrypted keys are refused.
 *
 * @example
 * ```ts
 * const key = parseRsaPrivateKey(readFileSync('seller-private.pem', 'utf8')); // key.size === 384 for 3072 bits
 * ```
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` when it is not such a key, `ERR_UNSUPPORTED` for
 * another algorithm or an encrypted key.
 */
export function parseRsaPrivateKey(key: string | Uint8Array, what = 'privateKey'): RsaPrivateKey {
  const { der, label } = keyBytes(key, what);
  if (label === 'ENCRYPTED PRIVATE KEY') throw new SignerError('ERR_UNSUPPORTED', `${what}: encrypted keys are not supported (decrypt it with openssl pkcs8 first)`);
  if (label === 'RSA PRIVATE KEY') return fromPkcs1Private(der, what);
  if (label !== undefined && label !== 'PRIVATE KEY') throw bad(what);
  const f = sequence(der, what);
  // PKCS#1 given as bare DER/base64: version, then the modulus (an INTEGER, not an AlgorithmIdentifier).
  if (f.length >= 9 && f[1]?.tag === 0x02) return fromPkcs1Private(der, what);
  if (f.length < 3 || integer(f[0], what) > 1n) throw bad(what);
  checkRsaAlgorithm(f[1], what);
  if (f[2]!.tag !== 0x04) throw bad(what);
  return fromPkcs1Private(f[2]!.value, what);
}

/**
 * Parse an RSA public key: X.509 SubjectPublicKeyInfo (`-----BEGIN PUBLIC KEY-----` or its bare base64,
 * what KooGallery's console takes) or PKCS#1 (`-----BEGIN RSA PUBLIC KEY-----`).
 *
 * @example
 * ```ts
 * parseRsaPublicKey('MIIBojANBgkqhkiG9w0BAQEFAAOCAY8AMIIBigKCAYEA…').size // 384
 * ```
 * @throws {SignerError} `ERR_INVALID_ARGUMENT` or `ERR_UNSUPPORTED`, as {@link parseRsaPrivateKey}.
 */
export function parseRsaPublicKey(key: string | Uint8Array, what = 'publicKey'): RsaPublicKey {
  const { der, label } = keyBytes(key, what);
  let pkcs1: Uint8Array;
  if (label === 'RSA PUBLIC KEY') pkcs1 = der;
  else {
    if (label !== undefined && label !== 'PUBLIC KEY') throw bad(what);
    const f = sequence(der, what);
    checkRsaAlgorithm(f[0], what);
    const bits = f[1];
    if (bits === undefined || bits.tag !== 0x03 || bits.value[0] !== 0) throw bad(what);
    pkcs1 = bits.value.subarray(1);
  }
  const f = sequence(pkcs1, what);
  const n = integer(f[0], what);
  const e = integer(f[1], what);
  if (n <= 0n || e < 3n) throw bad(what);
  return { n, e, size: byteLength(n) };
}
