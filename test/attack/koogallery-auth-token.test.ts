// Attack: the legacy authToken travels in the URL (access logs, proxies). It is refused unless opted in;
// when opted in, its timeStamp must be in the window, a token is accepted once, and a value cannot fold
// another parameter into itself.
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { NOTIFICATION_SCHEMES, createNonceStore, verifyNotification, type VerifyOptions, type VerifyResult } from '../../src/koogallery/index.js';

const AK = 'legacy-access-key';
const outcome = (r: VerifyResult) => (r.ok ? 'ok' : r.reason);
// The token from its definition with node:crypto: base64(HMAC-SHA256(accessKey + timeStamp, sorted name=value joined by &)).
function token(params: Record<string, string>): string {
  const text = Object.keys(params).sort().map((k) => `${k}=${params[k]}`).join('&');
  return createHmac('sha256', AK + params.timeStamp).update(text).digest('base64');
}
const urlOf = (params: Record<string, string>, t = token(params), rawQuery = new URLSearchParams(params).toString()) =>
  `https://isv.example.com/produce?${rawQuery}&authToken=${encodeURIComponent(t)}`;
// 2024-05-22 07:36:18.801 UTC, as the V1 basic interfaces send it.
const AT = Date.UTC(2024, 4, 22, 7, 36, 18, 801);
const params = { activity: 'newInstance', businessId: 'b-1', timeStamp: '20240522073618801' };
const optIn: VerifyOptions = { schemes: NOTIFICATION_SCHEMES, now: AT };

describe('the legacy authToken', () => {
  it('is not accepted by default, even with a valid, fresh token', async () => {
    const r = await verifyNotification({ url: urlOf(params) }, AK, { now: AT, nonceStore: createNonceStore() });
    expect(r).toMatchObject({ ok: false, reason: 'scheme-not-allowed', scheme: 'auth-token' });
  });

  it('opted in: a captured call is refused once it is older than the window, or seen before', async () => {
    const nonceStore = createNonceStore();
    expect(outcome(await verifyNotification({ url: urlOf(params) }, AK, { ...optIn, nonceStore }))).toBe('ok');
    expect(outcome(await verifyNotification({ url: urlOf(params) }, AK, { ...optIn, nonceStore }))).toBe('replayed');
    // Years later, from an access log: outside the window.
    expect(outcome(await verifyNotification({ url: urlOf(params) }, AK, { ...optIn, now: AT + 3 * 365 * 86_400_000, nonceStore: false }))).toBe('expired');
  });

  it('opted in: the zone of the timeStamp is UTC unless told (V1 kit bodies use UTC+8)', async () => {
    const kit = { ...params, timeStamp: '20240522153618801' }; // the same instant at UTC+8
    expect(outcome(await verifyNotification({ url: urlOf(kit) }, AK, { ...optIn, nonceStore: false }))).toBe('expired');
    expect(outcome(await verifyNotification({ url: urlOf(kit) }, AK, { ...optIn, nonceStore: false, authTokenUtcOffsetMinutes: 480 }))).toBe('ok');
  });

  it('opted in: %26 and %3D cannot fold one parameter into another under the same token', async () => {
    const two = { a: '1', b: '2', timeStamp: params.timeStamp };
    const t = token(two);
    expect(outcome(await verifyNotification({ url: urlOf(two, t) }, AK, { ...optIn, nonceStore: false }))).toBe('ok');
    // The same signed string 'a=1&b=2&timeStamp=…' from one parameter a = '1&b=2': b would vanish.
    const folded = urlOf(two, t, `a=1%26b%3D2&timeStamp=${two.timeStamp}`);
    expect(outcome(await verifyNotification({ url: folded }, AK, { ...optIn, nonceStore: false }))).toBe('bad-request');
  });
});
