// Bad input to public helpers is a SignerError or an answer, never a TypeError from inside, and names
// inherited from Object.prototype are not mistaken for table entries.
import { describe, expect, it } from 'vitest';
import { diagnose, targetAmbiguity, validateSignatureKey } from '../../src/apig/index.js';
import { createNonceStore, responseBody } from '../../src/koogallery/index.js';

describe('public helpers under odd input', () => {
  it('targetAmbiguity refuses arguments that are not strings with ERR_INVALID_ARGUMENT', () => {
    expect(() => targetAmbiguity(5 as never, '')).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    expect(() => targetAmbiguity('/', null as never)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  it("validateSignatureKey does not take 'toString', 'constructor' or '__proto__' for a sign_type", () => {
    for (const sign_type of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      const broken = validateSignatureKey({ name: 'key_name', sign_type, sign_key: 'abcdefgh', sign_secret: 'x'.repeat(16) } as never);
      expect(broken.map((b) => `${b.field}:${b.rule}`)).toContain('sign_type:enum');
    }
  });

  it("responseBody refuses 'toString' as a resultCode", async () => {
    await expect(responseBody({ resultCode: 'toString' as never }, 'ak')).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
  });

  it('createNonceStore refuses a now that is not a function when it is made', () => {
    expect(() => createNonceStore({ now: 5 as never })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  it('diagnose compares a canonicalRequest of fewer lines than signRequest makes, without a TypeError', () => {
    const d = diagnose('canonicalRequest:GET|/test/||host:a.com|x-sdk-date:20191115T033655Z||host;x-sdk-date|e3b0', { canonicalRequest: 'x' });
    expect(d.kind).toBe('signature-mismatch');
  });
});
