// RSA-OAEP with separate OAEP and MGF1 hashes, pure BigInt: Java SunJCE's ciphertexts decrypt (every
// row, also SHA-256 with MGF1-SHA-1, which neither Web Crypto nor node:crypto can), and what we encrypt
// OpenSSL decrypts. Runs in the node and the web project.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { constants, createPrivateKey, createPublicKey, privateDecrypt } from 'node:crypto';
import { base64Decode, utf8Decode, utf8Encode } from '../../src/crypto/codecs.js';
import { oaepDecode, parseRsaPrivateKey, parseRsaPublicKey, rsaDecryptRaw, rsaOaepDecrypt, rsaOaepEncrypt, type OaepHash } from '../../src/crypto/rsa-oaep.js';
import { SignerError } from '../../src/errors.js';

interface Row { transformation: string; oaepHash: OaepHash; mgf1Hash: OaepHash; ciphertextBase64: string }
const v = JSON.parse(readFileSync(new URL('../fixtures/koogallery/oaep-java.json', import.meta.url), 'utf8')) as {
  publicKeySpkiBase64: string; privateKeyPkcs8Base64: string; plaintextUtf8: string; ciphertexts: Row[];
};
const pkcs8Pem = `-----BEGIN PRIVATE KEY-----\n${v.privateKeyPkcs8Base64.replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
const nodeKey = createPrivateKey({ key: Buffer.from(v.privateKeyPkcs8Base64, 'base64'), format: 'der', type: 'pkcs8' });
const pkcs1Pem = nodeKey.export({ type: 'pkcs1', format: 'pem' }) as string;

describe('RSA-OAEP: Java SunJCE ciphertexts', () => {
  it.each(v.ciphertexts.map((r) => [r.transformation, r] as const))('%s decrypts', async (_name, row) => {
    const plain = await rsaOaepDecrypt(v.privateKeyPkcs8Base64, base64Decode(row.ciphertextBase64), { hash: row.oaepHash, mgf1Hash: row.mgf1Hash });
    expect(utf8Decode(plain)).toBe('test-clientSecret-明文');
  });

  it('the key reads the same as PKCS#8 PEM, bare base64, DER and PKCS#1 PEM (written by OpenSSL)', () => {
    const forms = [pkcs8Pem, v.privateKeyPkcs8Base64, base64Decode(v.privateKeyPkcs8Base64), pkcs1Pem];
    const keys = forms.map((k) => parseRsaPrivateKey(k));
    const jwk = nodeKey.export({ format: 'jwk' }) as { n: string };
    const n = BigInt('0x' + Buffer.from(jwk.n, 'base64url').toString('hex'));
    for (const k of keys) {
      expect(k.n).toBe(n);
      expect(k.size).toBe(384);
      expect(k.e).toBe(65537n);
    }
    expect(parseRsaPublicKey(v.publicKeySpkiBase64).n).toBe(n);
    expect(parseRsaPublicKey(createPublicKey(nodeKey).export({ type: 'pkcs1', format: 'pem' }) as string).n).toBe(n);
  });

  it('a wrong parameter set, a changed byte or a wrong length is ERR_DECRYPT with one message and no cause', async () => {
    const row = v.ciphertexts[2]!; // SHA-256 / MGF1-SHA-1
    const ct = base64Decode(row.ciphertextBase64);
    const changed = ct.slice();
    changed[100]! ^= 1;
    const attempts = [
      () => rsaOaepDecrypt(pkcs8Pem, ct, { hash: 'SHA-256' }),
      () => rsaOaepDecrypt(pkcs8Pem, ct, { hash: 'SHA-1' }),
      () => rsaOaepDecrypt(pkcs8Pem, changed, { hash: 'SHA-256', mgf1Hash: 'SHA-1' }),
      () => rsaOaepDecrypt(pkcs8Pem, ct.subarray(1), { hash: 'SHA-256', mgf1Hash: 'SHA-1' }),
      () => rsaOaepDecrypt(pkcs8Pem, new Uint8Array(384).fill(0xff), { hash: 'SHA-256', mgf1Hash: 'SHA-1' }),
    ];
    for (const attempt of attempts) {
      const e = await attempt().then(() => undefined, (x: unknown) => x);
      expect(e).toBeInstanceOf(SignerError);
      expect((e as SignerError).code).toBe('ERR_DECRYPT');
      expect((e as SignerError).message).toBe('RSA-OAEP decryption error');
      expect('cause' in (e as object)).toBe(false);
    }
  });

  it('one private-key operation, decoded three ways', async () => {
    const em = rsaDecryptRaw(v.privateKeyPkcs8Base64, base64Decode(v.ciphertexts[3]!.ciphertextBase64));
    await expect(oaepDecode(em, { hash: 'SHA-256', mgf1Hash: 'SHA-1' })).rejects.toThrow('RSA-OAEP decryption error');
    expect(utf8Decode(await oaepDecode(em, { hash: 'SHA-256' }))).toBe(v.plaintextUtf8);
  });
});

describe('RSA-OAEP: encryption, decrypted by OpenSSL', () => {
  it.each([['SHA-1', 'sha1'], ['SHA-256', 'sha256']] as const)('%s (MGF1 the same hash)', async (hash, oaepHash) => {
    const ct = await rsaOaepEncrypt(v.publicKeySpkiBase64, utf8Encode('clientSecret 明文'), { hash });
    const plain = privateDecrypt({ key: nodeKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash }, ct);
    expect(plain.toString('utf8')).toBe('clientSecret 明文');
  });

  it('SHA-256 with MGF1-SHA-1 round-trips, and OpenSSL with MGF1-SHA-256 refuses it', async () => {
    const ct = await rsaOaepEncrypt(v.publicKeySpkiBase64, utf8Encode('x'), { hash: 'SHA-256', mgf1Hash: 'SHA-1' });
    expect(utf8Decode(await rsaOaepDecrypt(pkcs1Pem, ct, { hash: 'SHA-256', mgf1Hash: 'SHA-1' }))).toBe('x');
    expect(() => privateDecrypt({ key: nodeKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, ct)).toThrow();
  });

  it('refuses a message longer than k - 2hLen - 2 and keys that are not RSA keys', async () => {
    await expect(rsaOaepEncrypt(v.publicKeySpkiBase64, new Uint8Array(384 - 64 - 1), { hash: 'SHA-256' })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
    expect(() => parseRsaPrivateKey('bm90IGEga2V5')).toThrow(SignerError);
    expect(() => parseRsaPrivateKey('-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----')).toThrow(/encrypted/);
    expect(() => parseRsaPublicKey('')).toThrow(SignerError);
  });
});
