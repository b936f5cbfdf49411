// Vector ops for KooGallery (vectors/koogallery-*.json). `lib` is the root module: lib.koogallery.*.
import { check, type OpRunner } from './types.js';

async function errorCode(run: () => unknown): Promise<string> {
  try {
    await run();
  } catch (e) {
    return (e as { code?: string }).code ?? `not a SignerError: ${String(e)}`;
  }
  return 'no error';
}

export const koogalleryOps: Record<string, OpRunner> = {
  async 'koogallery-sensitive'(lib, input, expect) {
    const k = lib.koogallery;
    check('derived key', expect.keyHex, lib.hexEncode(await k.deriveSensitiveKey(input.accessKey, input.encryptType)));
    check('encrypt', expect.ciphertext, await k.encryptSensitive(input.plaintext, input.accessKey, input.encryptType, { iv: input.iv }));
    check('decrypt', input.plaintext, await k.decryptSensitive(expect.ciphertext, input.accessKey, input.encryptType));
    check('ciphertext length', expect.ciphertext.length, k.sensitiveCiphertextLength(input.plaintext, input.encryptType));
  },

  async 'koogallery-body-sign'(lib, input, expect) {
    const k = lib.koogallery;
    check('header', expect.header, await k.bodySign(input.body, input.accessKey));
    check('header over bytes', expect.header, await k.bodySign(lib.utf8Encode(input.body), input.accessKey));
    check('Java header parses', expect.signature, k.parseBodySign(expect.javaHeader).signature);
    check('Java header verifies', true, await k.verifyBodySign(input.body, expect.javaHeader, input.accessKey));
    check('FAQ header verifies', true, await k.verifyBodySign(input.body, expect.header, input.accessKey));
    check('other body fails', false, await k.verifyBodySign(input.body + ' ', expect.header, input.accessKey));
  },

  async 'koogallery-parse-body-sign'(lib, input, expect) {
    if (expect.error) {
      check('error', expect.error, await errorCode(() => lib.koogallery.parseBodySign(input.header)));
      return;
    }
    const parsed = lib.koogallery.parseBodySign(input.header);
    check('sign_type', expect.signType, parsed.signType);
    check('signature', expect.signature, parsed.signature);
  },

  async 'koogallery-auth-token'(lib, input, expect) {
    const k = lib.koogallery;
    check('string to sign', expect.stringToSign, k.authTokenStringToSign(input.params));
    check('string to sign (URLSearchParams)', expect.stringToSign, k.authTokenStringToSign(new URLSearchParams(input.params)));
    if (typeof expect.authToken !== 'string') return;
    check('authToken', expect.authToken, await k.authToken(input.params, input.accessKey));
    check('authToken ignores an authToken entry', expect.authToken, await k.authToken({ ...input.params, authToken: 'x' }, input.accessKey));
    // As KooGallery sends it: parameters form-encoded (Java URLEncoder: space = '+', '+' = %2B), and the
    // token appended either raw (its '+' unencoded, seed 000 FAQ 3) or percent-encoded.
    const query = new URLSearchParams(input.params).toString();
    const tokens = [expect.authToken, encodeURIComponent(expect.authToken)];
    for (const token of tokens) {
      const result = await k.verifyNotification({ url: `https://isv.example.com/produce?${query}&authToken=${token}` }, input.accessKey);
      check(`verifyNotification with authToken=${token}`, 'ok auth-token', result.ok ? `ok ${result.scheme}` : `${result.reason}: ${result.message}`);
    }
  },
};
