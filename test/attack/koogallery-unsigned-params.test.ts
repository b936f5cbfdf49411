// Attack: only the body (and signature, timestamp, nonce) of a signed KooGallery call are signed. Query
// parameters an attacker adds must never be presented as verified.
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { verifyNotification } from '../../src/koogallery/index.js';

const AK = 'basic-access-key';
const NOW = 1_716_363_778_801;
const hmac = (key: string, data: string) => createHmac('sha256', key).update(data).digest('hex');

describe('unsigned query parameters', () => {
  it('a URL-signed call with added parameters: body verified, extras only under unsignedParams', async () => {
    const body = '{"activity":"releaseInstance","instanceId":"ins-1"}';
    const nonce = 'RLLUammMSInlrNWb';
    const signature = hmac(AK, AK + nonce + NOW + hmac(AK, body));
    const url = `https://isv.example.com/produce?signature=${signature}&timestamp=${NOW}&nonce=${nonce}&activity=newInstance&instanceId=victim`;
    const r = await verifyNotification({ url, body }, AK, { now: NOW, nonceStore: false });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(new TextDecoder().decode(r.body)).toBe(body);
    expect(r.params).toBeUndefined();
    expect(r.unsignedParams).toEqual({ activity: 'newInstance', instanceId: 'victim' });
  });

  it('a header-signed call: every query parameter is unsigned', async () => {
    const body = '{"instanceId":"ins-1"}';
    const sign = hmac(AK, AK + 'n-1' + NOW + body);
    const r = await verifyNotification({ url: 'https://isv.example.com/produceAPI/v2/tenantSync?tenantId=evil', headers: { 'x-sign': sign, 'x-timestamp': String(NOW), 'x-nonce': 'n-1' }, body }, AK, { now: NOW, nonceStore: false });
    expect(r).toMatchObject({ ok: true, unsignedParams: { tenantId: 'evil' } });
    expect(r.ok && r.params).toBeUndefined();
  });
});
