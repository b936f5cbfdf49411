// Attack (found by a review of the first fix): an accepted legacy authToken call returns the request body as `result.body`, the very field
// that holds the VERIFIED body for the signature schemes (its TSDoc: "The raw body bytes that were
// verified"). The token covers only the query parameters: whoever relays the call (the token travels in
// the URL) can put any body under it. Unsigned data must not sit where verified data is read.
import { expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { NOTIFICATION_SCHEMES, verifyNotification } from '../../src/koogallery/index.js';

const AK = 'legacy-access-key';
const AT = Date.UTC(2024, 4, 22, 7, 36, 18, 801);
const params = { activity: 'newInstance', businessId: 'b-1', timeStamp: '20240522073618801' };
const text = Object.keys(params).sort().map((k) => `${k}=${params[k as keyof typeof params]}`).join('&');
const token = createHmac('sha256', AK + params.timeStamp).update(text).digest('base64');

it('an authToken call does not present its (unsigned) body as result.body', async () => {
  const url = `https://isv.example.com/produce?${new URLSearchParams(params)}&authToken=${encodeURIComponent(token)}`;
  const forgedBody = '{"activity":"newInstance","customerId":"attacker","productId":"premium"}';
  const r = await verifyNotification({ url, body: forgedBody }, AK, { schemes: NOTIFICATION_SCHEMES, now: AT, nonceStore: false });
  expect(r.ok).toBe(true);
  // The body is not covered by the token: it must not be offered as the verified `body`.
  expect(r.ok && r.body).toBeUndefined();
});
