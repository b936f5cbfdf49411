// This library as a "port" of the vector protocol (vectors/README.md): given a vector's op and input,
// compute the expect fields with the public API. `hcsign vectors` checks these answers like a port's,
// and `hcsign vectors --serve` speaks the protocol on stdin/stdout. Round trips (verify what was
// signed, decrypt what was encrypted) run here too: a failed round trip is an error answer.
import * as lib from '../index.js';
import { generatedBytes } from './vector-bytes.js';

type Input = Record<string, any>;
type Fields = Record<string, unknown>;

/** One answer of the protocol, without its id. */
export type PortAnswer = { expect: Fields } | { error: string } | { unsupported: true };

function bytesOf(input: Input, name: string): Uint8Array {
  if (typeof input[name + 'Hex'] === 'string') return lib.hexDecode(input[name + 'Hex']);
  if (typeof input[name + 'Base64'] === 'string') return lib.base64Decode(input[name + 'Base64']);
  if (input[name + 'Xorshift32'] !== undefined) return generatedBytes(input[name + 'Xorshift32']);
  if (typeof input[name] === 'string') return lib.utf8Encode(input[name]);
  throw new Error(`the input has no ${name}, ${name}Hex, ${name}Base64 or ${name}Xorshift32`);
}

function roundTrip(what: string, ok: boolean): void {
  if (!ok) throw new Error(`round trip failed: ${what}`);
}

const hex = async (bytes: Uint8Array | Promise<Uint8Array>) => lib.hexEncode(await bytes);

const OPS: Record<string, (input: Input) => Promise<Fields>> = {
  async sha256(i) {
    return { hex: await lib.sha256Hex(bytesOf(i, 'data')) };
  },
  async sha1(i) {
    return { hex: await hex(lib.sha1(bytesOf(i, 'data'))) };
  },
  async sm3(i) {
    return { hex: await lib.sm3Hex(bytesOf(i, 'data')) };
  },
  async 'hmac-sha256'(i) {
    return { hex: await lib.hmacSha256Hex(bytesOf(i, 'key'), bytesOf(i, 'data')) };
  },
  async 'hmac-sm3'(i) {
    return { hex: await lib.hmacSm3Hex(bytesOf(i, 'key'), bytesOf(i, 'data')) };
  },
  async 'aes-cbc'(i) {
    const key = lib.hexDecode(i.keyHex);
    const iv = lib.hexDecode(i.ivHex);
    const options = { padding: i.padding !== false };
    const ciphertext = await lib.aesCbcEncrypt(key, iv, lib.hexDecode(i.plaintextHex), options);
    roundTrip('decrypt', (await hex(lib.aesCbcDecrypt(key, iv, ciphertext, options))) === i.plaintextHex.toLowerCase());
    return { ciphertextHex: lib.hexEncode(ciphertext) };
  },
  async 'aes-cfb'(i) {
    const key = lib.hexDecode(i.keyHex);
    const iv = lib.hexDecode(i.ivHex);
    const ciphertext = await lib.aesCfbEncrypt(key, iv, lib.hexDecode(i.plaintextHex));
    roundTrip('decrypt', (await hex(lib.aesCfbDecrypt(key, iv, ciphertext))) === i.plaintextHex.toLowerCase());
    return { ciphertextHex: lib.hexEncode(ciphertext) };
  },
  async 'apig-sign'(i) {
    const body = typeof i.bodyBase64 === 'string' ? lib.base64Decode(i.bodyBase64) : typeof i.body === 'string' ? i.body : undefined;
    const options: Record<string, unknown> = {};
    if (i.date) options.date = lib.apig.parseSdkDate(i.date);
    for (const k of ['algorithm', 'region', 'service', 'headerRule']) if (i[k] !== undefined) options[k] = i[k];
    const request = { method: i.method, url: i.url, headers: i.headers, body };
    const signed = await lib.apig.signRequest(request, { key: i.key, secret: i.secret }, options);
    const verified = await lib.apig.verifyRequest(
      { method: i.method, url: i.url, headers: signed.headers, body },
      (key) => (key === i.key ? i.secret : undefined),
      { now: lib.apig.parseSdkDate(signed.sdkDate) },
    );
    roundTrip(`verifyRequest on the signed request (${verified.ok ? 'ok' : verified.reason})`, verified.ok);
    return { canonicalRequest: signed.canonicalRequest, stringToSign: signed.stringToSign, signedHeaders: signed.signedHeaders, authorization: signed.authorization };
  },
  async 'apig-canonical-request'(i) {
    const a = lib.apig;
    const canonicalRequest = a.buildCanonicalRequest({
      method: i.method,
      canonicalUri: a.canonicalUri(i.path),
      canonicalQuery: a.canonicalQueryString(i.query),
      canonicalHeaders: a.canonicalHeaders(a.normalizeHeaders(i.headers), i.signedHeaders),
      signedHeaders: i.signedHeaders.join(';'),
      payloadHash: await lib.sha256Hex(i.body ?? ''),
    });
    return { canonicalRequest };
  },
  async 'apig-percent-encode'(i) {
    return { encoded: lib.apig.percentEncode(lib.utf8Decode(bytesOf(i, 'data'))) };
  },
  async 'apig-canonical-query'(i) {
    return { canonicalQuery: lib.apig.canonicalQueryFromPairs(i.pairs) };
  },
  async 'koogallery-sensitive'(i) {
    const k = lib.koogallery;
    const ciphertext = await k.encryptSensitive(i.plaintext, i.accessKey, i.encryptType, { iv: i.iv });
    roundTrip('decryptSensitive', (await k.decryptSensitive(ciphertext, i.accessKey, i.encryptType)) === i.plaintext);
    return { keyHex: await hex(k.deriveSensitiveKey(i.accessKey, i.encryptType)), ciphertext };
  },
  async 'koogallery-body-sign'(i) {
    const header = await lib.koogallery.bodySign(i.body, i.accessKey);
    roundTrip('verifyBodySign', await lib.koogallery.verifyBodySign(i.body, header, i.accessKey));
    return { signature: lib.koogallery.parseBodySign(header).signature, header };
  },
  async 'koogallery-request-signature'(i) {
    const k = lib.koogallery;
    const body = bytesOf(i, 'body');
    const parts = { accessKey: i.accessKey, nonce: i.nonce, timestamp: i.timestamp, body };
    return { bodyHmacHex: await lib.hmacSha256Hex(i.accessKey, body), urlSignature: await k.requestSignature(parts), headerSignature: await k.headerSignature(parts) };
  },
  async 'koogallery-parse-body-sign'(i) {
    const parsed = lib.koogallery.parseBodySign(i.header);
    return { signType: parsed.signType, signature: parsed.signature };
  },
  async 'koogallery-auth-token'(i) {
    const k = lib.koogallery;
    const fields: Fields = { stringToSign: k.authTokenStringToSign(i.params) };
    if (typeof i.accessKey === 'string') fields.authToken = await k.authToken(i.params, i.accessKey);
    return fields;
  },
};

/** The ops this library answers. */
export const LIBRARY_OPS: readonly string[] = Object.keys(OPS);

/** Answer one request of the protocol with this library. */
export async function libraryAnswer(op: string, input: Input): Promise<PortAnswer> {
  const run = OPS[op];
  if (!run) return { unsupported: true };
  try {
    return { expect: await run(input ?? {}) };
  } catch (e) {
    const code = lib.isSignerError(e) ? `${e.code}: ` : '';
    return { error: code + (e instanceof Error ? e.message : String(e)) };
  }
}
