// A KooGallery seller endpoint as a Fetch-API handler, (Request) => Promise<Response>. It runs unchanged
// on Bun (Bun.serve({ fetch: handle })), Cloudflare Workers (export default { fetch: handle }), and on
// Node and Deno through node:http (koogallery-node-http.mjs: Deno.serve would send `body-sign` in lower
// case). The README shows this function with `from 'huaweicloud-signer/koogallery'`;
// test/koogallery-example.test.ts checks that they are the same and runs it against dist/.
import { createNonceStore, responseBody, resultCodes, signedResponse, verifyNotification } from '../../dist/node/koogallery.js';

/**
 * @param {object} options
 * @param {string} options.accessKey  the product's accessKey (Seller Console), from your secret store
 * @param {(call: any) => Promise<{ instanceId: string, frontEndUrl: string, adminUrl?: string, userName: string, password: string }>} options.provision
 *   creates the tenant for a newInstance call; KooGallery resends calls, so make it idempotent (e.g. on businessId)
 * @param {import('../../dist/node/koogallery.js').NonceStore} [options.nonceStore]  share one across instances (Redis…)
 * @param {(failure: { reason: string, message: string }) => void} [options.onRefused]  log why a call was refused
 */
export function createSellerHandler({ accessKey, provision, nonceStore = createNonceStore({ ttlSeconds: 120, maxEntries: 100_000 }), onRefused = () => {} }) {
  const reply = (body) => signedResponse(body, accessKey); // every answer carries Body-Sign

  return async function handle(request) {
    const verified = await verifyNotification(request, accessKey, { nonceStore });
    if (!verified.ok) {
      onRefused(verified); // { reason, message }: log it
      return reply({ resultCode: resultCodes.AUTH_FAILED, resultMsg: 'authentication failed' });
    }

    // The call's fields are in the verified JSON body (never read them from the query: it is not signed).
    let call;
    try {
      call = JSON.parse(new TextDecoder().decode(verified.body));
    } catch {
      return reply({ resultCode: resultCodes.INVALID_PARAMETER, resultMsg: 'body is not JSON' });
    }

    switch (call.activity) {
      case 'newInstance': {
        // KooGallery resends calls: make provision idempotent (e.g. on the order's businessId).
        const { instanceId, frontEndUrl, adminUrl, userName, password } = await provision(call);
        // userName and password leave encrypted (AES-256, encryptType 1), as KooGallery requires.
        return reply(await responseBody({ instanceId, encryptType: 1, appInfo: { frontEndUrl, adminUrl, userName, password } }, accessKey));
      }
      case 'refreshInstance':
      case 'expireInstance':
      case 'releaseInstance':
      case 'upgrade':
        return reply({ resultCode: resultCodes.SUCCESS, resultMsg: 'success' });
      default:
        return reply({ resultCode: resultCodes.INVALID_PARAMETER, resultMsg: 'unsupported activity' });
    }
  };
}
