// Attack: what follows a '#' is never signed, so a target holding one is refused; strict mode refuses the
// targets that APIG's canonical form makes equivalent to differently-routed ones.
import { describe, expect, it } from 'vitest';
import { signRequest, targetAmbiguity, verifyRequest, type VerifyResult } from '../../src/apig/index.js';

const creds = { key: 'AK-T', secret: 'SK-T' };
const date = new Date(Date.UTC(2024, 4, 22, 7, 42, 58));
const resolve = (k: string) => (k === creds.key ? creds.secret : undefined);
const outcome = (r: VerifyResult) => (r.ok ? 'ok' : r.reason);

async function signedGet(target: string) {
  const s = await signRequest({ method: 'GET', url: `https://api.example.com${target}` }, creds, { date });
  return (url: string | URL, options = {}) => verifyRequest({ method: 'GET', url, headers: s.headers }, resolve, { now: date, ...options });
}

describe("a target holding '#'", () => {
  it('is bad-request, as a string or a URL, wherever the # is', async () => {
    const verify = await signedGet('/v1/items?limit=2');
    expect(outcome(await verify('/v1/items?limit=2'))).toBe('ok');
    for (const target of ['/v1/items?limit=2#admin', '/v1/items?limit=2#', '/v1/items#?limit=2', 'https://api.example.com/v1/items?limit=2#x']) {
      expect(outcome(await verify(target)), target).toBe('bad-request');
    }
    expect(outcome(await verify(new URL('https://api.example.com/v1/items?limit=2#x')))).toBe('bad-request');
  });
});

describe('the equivalences of the canonical form', () => {
  it('exist (one signature serves both targets), and strictTarget refuses the ambiguous one', async () => {
    const pairs: [signedAs: string, sentAs: string][] = [
      ['/v1/a/b', '/v1/a%2Fb'],
      ['/v1/items/', '/v1/items'],
      ['/v1/x?q=a%2Bb', '/v1/x?q=a+b'],
      ['/v1/x?a=1&a=2', '/v1/x?a=2&a=1'],
      ['/v1/x?a=1', '/v1/x?a=1&=junk'],
      ['/v1/x?flag=', '/v1/x?flag'],
      ['/v1/%EF%BF%BD', '/v1/%FF'],
    ];
    for (const [signedAs, sentAs] of pairs) {
      const verify = await signedGet(signedAs);
      expect(outcome(await verify(sentAs)), `${sentAs} under ${signedAs}`).toBe('ok');
    }
    for (const [, sentAs] of pairs.filter(([, t]) => t !== '/v1/items')) {
      const verify = await signedGet(sentAs);
      expect(outcome(await verify(sentAs, { strictTarget: true })), sentAs).toBe('ambiguous-target');
    }
  });

  it('strictTarget accepts plain targets', async () => {
    for (const target of ['/v1/items', '/v1/items/', '/v1/%E4%B8%AD?q=%20x&b=2', '/']) {
      const verify = await signedGet(target);
      expect(outcome(await verify(target, { strictTarget: true })), target).toBe('ok');
      const [path, query = ''] = target.split('?');
      expect(targetAmbiguity(path!, query)).toBeNull();
    }
  });
});
