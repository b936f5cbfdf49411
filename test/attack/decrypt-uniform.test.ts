// Attack: a padding oracle. Padding failures and UTF-8 failures after decryption must look the same to
// anyone who sees the error: code, message, no cause, and the same serialised form.
import { describe, expect, it } from 'vitest';
import { createCipheriv } from 'node:crypto';
import { decryptSensitive, deriveSensitiveKey } from '../../src/koogallery/index.js';
import { aesCbcDecrypt, SignerError } from '../../src/crypto/index.js';

const AK = 'sensitive-access-key';
const IV = 'ABCDEFGHIJKLMNOP';

async function caught(p: Promise<unknown>): Promise<SignerError> {
  try {
    await p;
  } catch (e) {
    return e as SignerError;
  }
  throw new Error('did not throw');
}
const seen = (e: SignerError) => ({ name: e.name, code: e.code, message: e.message, cause: (e as { cause?: unknown }).cause, hasCause: 'cause' in e, json: JSON.stringify(e), keys: Object.keys(e) });

describe('decryption failures are uniform', () => {
  it('decryptSensitive: bad padding and bad UTF-8 give the same error, with no cause', async () => {
    const key = await deriveSensitiveKey(AK, 1);
    // Valid padding, invalid UTF-8 plaintext (0xFF), encrypted with node:crypto.
    const c = createCipheriv(`aes-${key.length * 8}-cbc`, key, Buffer.from(IV));
    const badUtf8 = IV + Buffer.concat([c.update(Buffer.from([0xff, 0xfe, 0x41])), c.final()]).toString('base64');
    // Bad padding: a random block under the right key almost never unpads.
    const badPadding = IV + Buffer.from('0123456789abcdef0123456789abcdef', 'hex').toString('base64');
    const a = seen(await caught(decryptSensitive(badUtf8, AK, 1)));
    const b = seen(await caught(decryptSensitive(badPadding, AK, 1)));
    expect(a.code).toBe('ERR_DECRYPT');
    expect(a.hasCause).toBe(false);
    expect(a).toEqual(b);
  });

  it('aesCbcDecrypt: a padding failure carries no engine error as cause', async () => {
    const e = await caught(aesCbcDecrypt(new Uint8Array(16), new Uint8Array(16), new Uint8Array(16).fill(7)));
    expect(seen(e)).toMatchObject({ code: 'ERR_DECRYPT', hasCause: false });
  });
});
