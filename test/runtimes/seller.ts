// The KooGallery side of the runtime matrix's Fetch-API row: the README's seller endpoint
// (test/examples/koogallery-handler.mjs, bundled here with its import of the library pointed at the
// package's build for this runtime) answering signed calls, called directly as a Worker or a server
// would call it. Deno and the browsers get the Web Crypto build (SHA1PRNG keys, AES-CBC and Body-Sign on
// Web Crypto), Node and Bun the node:crypto one.
import { createSellerHandler } from '../examples/koogallery-handler.mjs';
import type { Library } from '../vectors/types.js';
import oaep from '../fixtures/koogallery/oaep-java.json';
import { correctSeller } from '../fixtures/koogallery/correct-seller.js';

const AK = 'KOO-ACCESSKEY-1234567890abcdef';
const URL_BASE = 'https://seller.example.com/produceAPI/v2/instance';
const PASSWORD = 'S3cr3t+密码 !';

export type Check = [id: string, run: () => Promise<void>];

export function sellerChecks(lib: Library): Check[] {
  const koo = lib.koogallery;
  const refused: string[] = [];
  const handle: (request: Request) => Promise<Response> = createSellerHandler({
    accessKey: AK,
    provision: async () => ({ instanceId: 'ins-0001', frontEndUrl: 'https://app.example.com/login', userName: 'tenant-admin', password: PASSWORD }),
    onRefused: (f: { reason: string }) => refused.push(f.reason),
  });
  let n = 0;
  const run = Math.random().toString(36).slice(2, 10);
  const signedCall = async (body: string, scheme: 'header' | 'url' = 'header', nonce = `${run}-${++n}`): Promise<Request> => {
    const timestamp = String(Date.now());
    if (scheme === 'header') {
      const sign = await koo.headerSignature({ accessKey: AK, nonce, timestamp, body });
      return new Request(URL_BASE, { method: 'POST', headers: { 'Content-Type': 'application/json', 'x-sign': sign, 'x-timestamp': timestamp, 'x-nonce': nonce }, body });
    }
    const signature = await koo.requestSignature({ accessKey: AK, nonce, timestamp, body });
    return new Request(`${URL_BASE}?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`, { method: 'POST', body });
  };
  /** The answer's JSON, after checking that it is signed with Body-Sign over exactly its bytes. */
  const answer = async (res: Response): Promise<Record<string, any>> => {
    const bytes = new Uint8Array(await res.arrayBuffer());
    const bodySign = res.headers.get('Body-Sign') ?? '';
    if (res.status !== 200 || !(await koo.verifyBodySign(bytes, bodySign, AK))) throw new Error(`status ${res.status}, Body-Sign ${JSON.stringify(bodySign)} does not verify`);
    return JSON.parse(new TextDecoder().decode(bytes));
  };
  const expect = (what: string, ok: boolean, detail: unknown): void => {
    if (!ok) throw new Error(`${what}: got ${JSON.stringify(detail)}`);
  };
  const newInstance = JSON.stringify({ activity: 'newInstance', orderInfo: [{ businessId: 'b-1', orderId: 'CS1' }], testFlag: '1' });

  return [
    ['seller endpoint: a signed newInstance gets Body-Sign and credentials KooGallery can decrypt', async () => {
      const body = await answer(await handle(await signedCall(newInstance)));
      expect('answer', body.resultCode === '000000' && body.instanceId === 'ins-0001' && body.encryptType === '1', body);
      expect('password', (await koo.decryptSensitive(body.appInfo.password, AK, 1)) === PASSWORD, body.appInfo);
      expect('userName', (await koo.decryptSensitive(body.appInfo.userName, AK, 1)) === 'tenant-admin', body.appInfo);
    }],
    ['seller endpoint: the URL-signature scheme, and the legacy authToken refused by default', async () => {
      expect('url-signature', (await answer(await handle(await signedCall('{"activity":"releaseInstance","instanceId":"i"}', 'url')))).resultCode === '000000', null);
      const params = { activity: 'refreshInstance', instanceId: 'ins-0001', customerName: 'Zhang San 张三', timeStamp: '20240522153618801' };
      const token = await koo.authToken(params, AK);
      const legacy = await answer(await handle(new Request(`${URL_BASE}?${new URLSearchParams(params)}&authToken=${encodeURIComponent(token)}`)));
      expect('auth-token', legacy.resultCode === '000001', legacy);
      refused.pop(); // scheme-not-allowed, not one of the refusals counted below
    }],
    ['seller endpoint: forged, replayed and unsigned calls get 000001, still signed', async () => {
      refused.length = 0;
      const good = await signedCall(newInstance);
      const forged = new Request(good.url, { method: 'POST', headers: good.headers, body: newInstance.replace('b-1', 'b-2') });
      expect('forged', (await answer(await handle(forged))).resultCode === '000001', null);
      const nonce = `${run}-replay`;
      expect('first', (await answer(await handle(await signedCall(newInstance, 'header', nonce)))).resultCode === '000000', null);
      expect('replayed', (await answer(await handle(await signedCall(newInstance, 'header', nonce)))).resultCode === '000001', null);
      expect('unsigned', (await answer(await handle(new Request(URL_BASE, { method: 'POST', body: newInstance })))).resultCode === '000001', null);
      expect('reasons', refused.join() === 'signature-mismatch,replayed,missing-signature', refused);
    }],
    ['seller kit: createSellerHandler passes the local KooGallery, applicationSync decrypted in this runtime', async () => {
      const { on, secrets } = correctSeller();
      const kit = koo.createSellerHandler({ accessKeys: { basic: AK, kit: AK + '-kit' }, clientSecretKey: oaep.privateKeyPkcs8Base64, on });
      const report = await koo.simulateKooGallery({ address: 'https://seller.example.com', accessKeys: { basic: AK, kit: AK + '-kit' }, publicKey: oaep.publicKeySpkiBase64, clientSecret: 'secret-明文', handler: kit });
      expect('report', report.ok && report.skipped.length === 0, report.checks.filter((c) => c.status === 'fail'));
      expect('clientSecret', secrets.length > 0 && secrets.every((x) => x === 'secret-明文'), secrets);
    }],
    ['seller kit: every RSA-OAEP row made by Java SunJCE decrypts (SHA-256 with MGF1-SHA-1 included)', async () => {
      for (const row of oaep.ciphertexts) {
        const r = await koo.decryptClientSecret(row.ciphertextBase64, oaep.privateKeyPkcs8Base64);
        expect(row.transformation, r.clientSecret === oaep.plaintextUtf8, r.oaep);
      }
    }],
  ];
}
