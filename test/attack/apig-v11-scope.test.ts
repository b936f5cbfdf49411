// Attack: a V11 derived key leaked for one day, region and service must not sign for another; the scope
// must be X-Sdk-Date's day, and a backend can require its region and service.
import { describe, expect, it } from 'vitest';
import { createHmac, createHash, hkdfSync } from 'node:crypto';
import { signRequest, verifyRequest } from '../../src/apig/index.js';

const KEY = 'AK-V11';
const SECRET = 'SK-V11-secret';
const date = new Date(Date.UTC(2024, 4, 22, 7, 42, 58));
const resolve = (k: string) => (k === KEY ? SECRET : undefined);
const URL_ = 'https://ecs.region-a.example.com/v1/servers';
const sign = (region: string, service: string, at = date) =>
  signRequest({ method: 'GET', url: URL_ }, { key: KEY, secret: SECRET }, { date: at, algorithm: 'V11-HMAC-SHA256', region, service });

// What an attacker holding one derived key can do: sign any string to sign with it (independent code:
// node:crypto directly, the v3 cores' HKDF-SHA256 hex key).
function leakedKey(scope: string): string {
  return Buffer.from(hkdfSync('sha256', SECRET, KEY, scope, 32)).toString('hex');
}
function forge(canonicalRequest: string, sdkDate: string, scope: string, keyScope: string): string {
  const sts = `V11-HMAC-SHA256\n${sdkDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  return createHmac('sha256', leakedKey(keyScope)).update(sts).digest('hex');
}

describe('V11 credential scopes are bound', () => {
  it('an accepted request reports its scope', async () => {
    const s = await sign('region-a', 'ecs');
    const r = await verifyRequest({ method: 'GET', url: URL_, headers: s.headers }, resolve, { now: date });
    expect(r).toMatchObject({ ok: true, algorithm: 'V11-HMAC-SHA256', scope: { date: '20240522', region: 'region-a', service: 'ecs' } });
  });

  it("a derived key leaked for region-a/ecs cannot sign for region-b, another service or another day", async () => {
    const s = await sign('region-a', 'ecs');
    const line = (scope: string) => s.authorization.replace('/20240522/region-a/ecs,', `/${scope},`);
    for (const scope of ['20240522/region-b/ecs', '20240522/region-a/vpc']) {
      const sig = forge(s.canonicalRequest, s.sdkDate, scope, '20240522/region-a/ecs');
      const auth = line(scope).replace(/Signature=[0-9a-f]+/, `Signature=${sig}`);
      const r = await verifyRequest({ method: 'GET', url: URL_, headers: { ...s.headers, Authorization: auth } }, resolve, { now: date });
      expect(r.ok ? 'ok' : r.reason).toBe('signature-mismatch');
    }
    // The same derived key on the next day: the scope's date is not X-Sdk-Date's day.
    const next = new Date(date.getTime() + 86_400_000);
    const later = await signRequest({ method: 'GET', url: URL_, headers: { 'X-Sdk-Date': '20240523T074258Z' } }, { key: KEY, secret: SECRET }, { date: next, algorithm: 'V11-HMAC-SHA256', region: 'region-a', service: 'ecs' });
    const sig = forge(later.canonicalRequest, later.sdkDate, '20240522/region-a/ecs', '20240522/region-a/ecs');
    const auth = later.authorization.replace('/20240523/', '/20240522/').replace(/Signature=[0-9a-f]+/, `Signature=${sig}`);
    const r = await verifyRequest({ method: 'GET', url: URL_, headers: { ...later.headers, Authorization: auth } }, resolve, { now: next });
    expect(r.ok ? 'ok' : r.reason).toBe('scope-mismatch');
  });

  it('a backend requires its region and service, by value, list or predicate', async () => {
    const s = await sign('region-b', 'ecs');
    const req = { method: 'GET', url: URL_, headers: s.headers };
    const outcome = async (scope: Parameters<typeof verifyRequest>[2] extends infer O ? O extends { scope?: infer S } ? S : never : never) => {
      const r = await verifyRequest(req, resolve, { now: date, scope });
      return r.ok ? 'ok' : r.reason;
    };
    expect(await outcome({ region: 'region-a' })).toBe('scope-not-allowed');
    expect(await outcome({ region: ['region-a', 'region-b'], service: 'ecs' })).toBe('ok');
    expect(await outcome({ service: 'vpc' })).toBe('scope-not-allowed');
    expect(await outcome((sc) => sc.region === 'region-b' && sc.service === 'ecs')).toBe('ok');
    expect(await outcome(() => true as never)).toBe('ok');
    expect(await outcome((() => 'yes') as never)).toBe('scope-not-allowed');
    // A policy does not affect SDK-HMAC-SHA256 requests (they have no scope).
    const plain = await signRequest({ method: 'GET', url: URL_ }, { key: KEY, secret: SECRET }, { date });
    expect((await verifyRequest({ method: 'GET', url: URL_, headers: plain.headers }, resolve, { now: date, scope: { region: 'x' } })).ok).toBe(true);
  });
});
