// createSellerHandler under attack: whatever a client sends, the answer is HTTP 200, signed, and never
// 000000 without a valid signature; no callback runs; options of the wrong type are SignerErrors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { createSellerHandler, decryptClientSecret, simulateKooGallery, createSignedCall } from '../src/koogallery/index.js';
import { SignerError } from '../src/errors.js';

const BASIC = 'hardening-basic';
const KIT = 'hardening-kit';
let called = 0;
const on = Object.fromEntries(
  ['newInstance', 'queryInstance', 'refreshInstance', 'updateInstanceStatus', 'releaseInstance', 'upgradeInstance', 'changeInstanceCheck', 'orderNotify', 'tenantSync', 'authSync', 'singleOrgSync', 'allOrgSync'].map((n) => [n, () => { called++; return { instanceId: 'x' }; }]),
);
const handle = createSellerHandler({ accessKeys: { basic: BASIC, kit: KIT }, on });

async function signedAnswer(res: Response): Promise<{ resultCode: string }> {
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  // Signed with the basic or the kit key, by route.
  const sign = res.headers.get('body-sign');
  const ok = [BASIC, KIT].some((k) => sign === `sign_type="HMAC-SHA256", signature="${createHmac('sha256', k).update(bytes).digest('base64')}"`);
  expect(ok, 'Body-Sign').toBe(true);
  return JSON.parse(bytes.toString());
}

describe('createSellerHandler: adversarial requests', () => {
  it('random paths, queries, headers and bodies: always a signed non-success answer, no callback', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/', '/saas', '/produceAPI/v2/tenantSync', '/produceAPI/v2/../v2/tenantSync', '/produceAPI/v2/', '/x/produceAPI/v2/allOrgSync/'),
        fc.string({ maxLength: 80 }),
        fc.dictionary(fc.constantFrom('x-sign', 'x-timestamp', 'x-nonce', 'content-length', 'content-type'), fc.string({ maxLength: 70 }).filter((s) => /^[\x20-\x7e]*$/.test(s))),
        fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.json().map((j) => new TextEncoder().encode(j))),
        fc.constantFrom('POST', 'GET', 'PUT'),
        async (path, query, headers, body, method) => {
          const url = `https://isv.example.com${path}?${encodeURIComponent(query).replace(/%3D/g, '=').replace(/%26/g, '&')}`;
          const { 'content-length': _ignored, ...rest } = headers;
          const req = new Request(url, { method, headers: rest, ...(method === 'GET' ? {} : { body }) });
          const answer = await signedAnswer(await handle(req));
          expect(answer.resultCode).not.toBe('000000');
        },
      ),
      { numRuns: 300 },
    );
    expect(called).toBe(0);
  });

  it('a valid signature over a body that is not an object, deep JSON, or a __proto__ key never crashes', async () => {
    for (const text of ['[]', '"x"', '1', 'null', '{"__proto__":{"activity":"newInstance"},"activity":"queryInstance","instanceId":"a"}', '['.repeat(5000) + ']'.repeat(5000), '{"activity":"releaseInstance","instanceId":"' + 'a'.repeat(70000) + '"}']) {
      const call = await createSignedCall({ address: 'https://isv.example.com', body: text, accessKey: BASIC });
      const answer = await signedAnswer(await handle(new Request(call.url, { method: 'POST', headers: call.headers, body: call.body })));
      expect(['000000', '000002']).toContain(answer.resultCode);
    }
  });

  it('a body over maxBodyBytes is 000002 before it is read further', async () => {
    const small = createSellerHandler({ accessKeys: { basic: BASIC }, on, maxBodyBytes: 10 });
    const answer = await signedAnswer(await small(new Request('https://isv.example.com/?signature=a&timestamp=1&nonce=n', { method: 'POST', body: 'x'.repeat(100) })));
    expect(answer.resultCode).toBe('000002');
  });
});

describe('options of the wrong type are SignerErrors', () => {
  const BAD: unknown[] = [undefined, null, 42, '', 'x', true, {}, [], () => 1, Symbol('s'), 10n];
  const good = { accessKeys: { basic: 'a', kit: 'b', notify: 'c' }, on: {}, keyEncoding: 'utf8', maxSkewSeconds: 60, maxBodyBytes: 1000, encryptQueryCredentials: 1, now: Date.now } as Record<string, unknown>;
  it.each(Object.keys(good))('createSellerHandler options.%s', (field) => {
    for (const bad of BAD) {
      const o = { ...good, [field]: bad };
      try {
        createSellerHandler(o as never);
      } catch (e) {
        expect(e, `${field} = ${String(bad)}`).toBeInstanceOf(SignerError);
      }
    }
  });

  it('accessKeys fields, the handler argument, decryptClientSecret and simulateKooGallery', async () => {
    for (const bad of [null, 42, '', {}, [], 10n]) {
      expect(() => createSellerHandler({ accessKeys: { basic: bad }, on: {} } as never)).toThrow(SignerError);
      await expect(decryptClientSecret('AAAA', bad as never)).rejects.toBeInstanceOf(SignerError);
      await expect(simulateKooGallery({ address: bad, accessKeys: { basic: 'k' } } as never)).rejects.toBeInstanceOf(SignerError);
    }
    for (const bad of [null, 42, [], 10n, true]) {
      await expect(createSignedCall({ address: 'https://a.example', body: bad, accessKey: 'k' } as never)).rejects.toBeInstanceOf(SignerError);
    }
    await expect(handle(42 as never)).rejects.toBeInstanceOf(SignerError);
    await expect(handle.node(null as never, null as never)).rejects.toBeInstanceOf(SignerError);
  });
});
