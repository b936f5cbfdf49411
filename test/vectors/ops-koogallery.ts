// Vector ops for KooGallery (vectors/koogallery-*.json). `lib` is the root module: lib.koogallery.*.
import { check, type OpRunner } from './types.js';
import { bytesOf } from './ops-crypto.js';

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

  async 'koogallery-request-signature'(lib, input, expect) {
    const k = lib.koogallery;
    const body = bytesOf(lib, input, 'body');
    const parts = { accessKey: input.accessKey, nonce: input.nonce, timestamp: input.timestamp, body };
    check('body HMAC', expect.bodyHmacHex, await lib.hmacSha256Hex(input.accessKey, body));
    check('URL form', expect.urlSignature, await k.requestSignature(parts));
    check('header form', expect.headerSignature, await k.headerSignature(parts));
    if (typeof input.body === 'string') check('URL form, text body', expect.urlSignature, await k.requestSignature({ ...parts, body: input.body }));
    // Both transports as KooGallery sends them verify at that instant (10 digits are seconds, 13 are
    // milliseconds), upper-case hex included, and a changed body does not.
    const now = input.timestamp.length === 10 ? Number(input.timestamp) * 1000 : Number(input.timestamp);
    const outcome = async (init: { url: string; headers?: Record<string, string>; body: Uint8Array }) => {
      const r = await k.verifyNotification({ method: 'POST', ...init }, input.accessKey, { now, nonceStore: k.createNonceStore() });
      return r.ok ? `ok ${r.scheme}` : `${r.reason}: ${r.message}`;
    };
    const query = (sig: string) => `https://isv.example.com/produce?signature=${sig}&timestamp=${input.timestamp}&nonce=${encodeURIComponent(input.nonce)}`;
    const headers = (sig: string) => ({ 'x-sign': sig, 'x-timestamp': input.timestamp, 'x-nonce': input.nonce });
    check('verify URL form', 'ok url-signature', await outcome({ url: query(expect.urlSignature), body }));
    check('verify URL form, upper-case hex', 'ok url-signature', await outcome({ url: query(expect.urlSignature.toUpperCase()), body }));
    check('verify header form', 'ok header-signature', await outcome({ url: 'https://isv.example.com/produce', headers: headers(expect.headerSignature), body }));
    const other = new Uint8Array([...body, 0x20]);
    check('verify header form, changed body', 'signature-mismatch', (await outcome({ url: 'https://isv.example.com/produce', headers: headers(expect.headerSignature), body: other })).split(':')[0]);
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
    // The legacy scheme is opt-in, and its timeStamp (UTC by default) must be inside the window.
    const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{0,3})$/.exec(input.params.timeStamp)!;
    const now = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, Number(m[7] || 0));
    for (const token of tokens) {
      const options = { schemes: k.NOTIFICATION_SCHEMES, now, nonceStore: k.createNonceStore() };
      const result = await k.verifyNotification({ url: `https://isv.example.com/produce?${query}&authToken=${token}` }, input.accessKey, options);
      check(`verifyNotification with authToken=${token}`, 'ok auth-token', result.ok ? `ok ${result.scheme}` : `${result.reason}: ${result.message}`);
    }
  },
};
