// Attack: KooGallery's signed string is accessKey + nonce + timestamp + body without separators. Moving
// characters between fields keeps the signature; the replay guard must still see the same call, in the
// in-memory store and in a Redis-style store alike.
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createNonceStore, createRedisNonceStore, verifyNotification, type NonceStore, type VerifyResult } from '../../src/koogallery/index.js';

const AK = 'kit-access-key-0123';
const NOW = 1_716_363_778_801;
const outcome = (r: VerifyResult) => (r.ok ? 'ok' : r.reason);
// x-sign from the definition, with node:crypto (not the library): HMAC(accessKey, accessKey + nonce + timestamp + body).
const xSign = (nonce: string, timestamp: string, body: string) => createHmac('sha256', AK).update(AK + nonce + timestamp + body).digest('hex').toUpperCase();

// A Redis-backed store whose server is a Map (SET key 1 EX ttl NX): the same code path as a real client.
function redisLike(): NonceStore {
  const keys = new Set<string>();
  return createRedisNonceStore({ ttlSeconds: 120, setIfAbsent: async (key) => (keys.has(key) ? false : (keys.add(key), true)) });
}

const call = (nonce: string, timestamp: string, body: string, sign = xSign(nonce, timestamp, body)) => ({
  url: 'https://isv.example.com/produceAPI/v2/tenantSync',
  headers: { 'x-sign': sign, 'x-timestamp': timestamp, 'x-nonce': nonce },
  body,
});

describe.each([
  ['memory store', () => createNonceStore()],
  ['Redis store', redisLike],
])('moving characters between fields does not replay (%s)', (_, makeStore) => {
  it('from the nonce into the timestamp (a leading zero): refused, the signature is the one already seen', async () => {
    const nonceStore = makeStore();
    const original = call('50D83FDE0', String(NOW), '{"a":1}');
    expect(outcome(await verifyNotification(original, AK, { now: NOW, nonceStore }))).toBe('ok');
    const shifted = call('50D83FDE', '0' + String(NOW), '{"a":1}', original.headers['x-sign']);
    expect(shifted.headers['x-sign']).toBe(xSign('50D83FDE', '0' + String(NOW), '{"a":1}')); // still a valid signature
    expect(outcome(await verifyNotification(shifted, AK, { now: NOW, nonceStore }))).toBe('bad-timestamp');
    // Even if such a timestamp were read, the store remembers what was signed, not only the nonce.
    expect(await nonceStore.checkAndSet('signature:' + original.headers['x-sign'].toLowerCase())).toBe(false);
    expect(await nonceStore.checkAndSet('nonce:50D83FDE')).toBe(true);
  });

  it('from the body into the timestamp (10-digit seconds become 13-digit milliseconds): refused, same nonce', async () => {
    const nonceStore = makeStore();
    const seconds = String(Math.floor(NOW / 1000));
    const body = '801{"a":1}';
    const original = call('N-1', seconds, body);
    expect(outcome(await verifyNotification(original, AK, { now: NOW, nonceStore }))).toBe('ok');
    const shifted = call('N-1', seconds + '801', '{"a":1}', original.headers['x-sign']);
    expect(shifted.headers['x-sign']).toBe(xSign('N-1', seconds + '801', '{"a":1}'));
    expect(outcome(await verifyNotification(shifted, AK, { now: NOW, nonceStore }))).toBe('replayed');
  });

  it('from the timestamp into the nonce: the timestamp is no longer canonical', async () => {
    const nonceStore = makeStore();
    const original = call('N-2', String(NOW), '{}');
    expect(outcome(await verifyNotification(original, AK, { now: NOW, nonceStore }))).toBe('ok');
    const ts = String(NOW);
    const shifted = call('N-2' + ts[0], ts.slice(1), '{}', original.headers['x-sign']);
    expect(outcome(await verifyNotification(shifted, AK, { now: NOW, nonceStore }))).toBe('bad-timestamp');
  });

  it('a replayed call byte for byte, and a nonce reused in a newly signed call, are refused', async () => {
    const nonceStore = makeStore();
    const first = call('N-3', String(NOW), '{}');
    expect(outcome(await verifyNotification(first, AK, { now: NOW, nonceStore }))).toBe('ok');
    expect(outcome(await verifyNotification(first, AK, { now: NOW, nonceStore }))).toBe('replayed');
    expect(outcome(await verifyNotification(call('N-3', String(NOW + 1), '{}'), AK, { now: NOW, nonceStore }))).toBe('replayed');
  });
});
