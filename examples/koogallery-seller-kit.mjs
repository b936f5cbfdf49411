// A complete KooGallery seller endpoint: every interface KooGallery calls, on one production address.
//   KOO_BASIC_KEY=... KOO_KIT_KEY=... KOO_PRIVATE_KEY_FILE=seller-private.pem node koogallery-seller-kit.mjs
// Then, before the seller console's interface debugging:
//   HCSIGN_ACCESS_KEY=... HCSIGN_KIT_ACCESS_KEY=... npx hcsign koo simulate http://127.0.0.1:8080 --public-key seller-public.pem
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createSellerHandler } from 'huaweicloud-signer/koogallery';

// Your database. Idempotency: KooGallery resends calls; the same order must give the same instance.
const instanceByOrder = new Map(); // `${orderId}/${orderLineId}` -> instanceId
const instances = new Map(); // instanceId -> { status, expireTime }

const privateKeyFile = process.env.KOO_PRIVATE_KEY_FILE;
if (!process.env.KOO_BASIC_KEY) {
  console.error('Set KOO_BASIC_KEY (and KOO_KIT_KEY for the sync kit; KOO_PRIVATE_KEY_FILE for applicationSync): the keys from the seller console.');
  process.exit(1);
}

const handle = createSellerHandler({
  // One key per interface type, as bound in the seller console (Application Tools > Key Management).
  accessKeys: { basic: process.env.KOO_BASIC_KEY, kit: process.env.KOO_KIT_KEY, notify: process.env.KOO_NOTIFY_KEY },
  clientSecretKey: privateKeyFile ? readFileSync(privateKeyFile, 'utf8') : undefined,
  on: {
    newInstance: ({ body }) => {
      const order = `${body.orderId}/${body.orderLineId}`;
      if (!instanceByOrder.has(order)) {
        // KooGallery suggests the first call's businessId as the instance id.
        instanceByOrder.set(order, body.businessId);
        instances.set(body.businessId, { status: 'NORMAL' });
      }
      return { instanceId: instanceByOrder.get(order) };
    },
    queryInstance: ({ instanceIds }) => ({
      info: instanceIds.map((instanceId) => ({ instanceId, appInfo: { frontEndUrl: 'https://app.example.com/login', adminUrl: 'https://app.example.com/admin' } })),
    }),
    refreshInstance: ({ body }) => {
      const instance = instances.get(body.instanceId);
      if (instance) instance.expireTime = body.expireTime; // absolute: applying it twice is harmless
    },
    updateInstanceStatus: ({ body }) => {
      const instance = instances.get(body.instanceId);
      if (instance) instance.status = body.status;
    },
    releaseInstance: ({ body }) => {
      instances.delete(body.instanceId); // releasing twice succeeds
    },
    upgradeInstance: () => {}, // query the upgrade order (body.orderId) for the new specification
    changeInstanceCheck: () => ({ resultCode: '000000' }), // refuse with another code if usage exceeds the target
    orderNotify: () => {}, // query the order for its details
    tenantSync: () => {},
    ...(privateKeyFile ? { applicationSync: ({ body, clientSecret }) => console.log('application', body.appId, 'secret length', clientSecret.length) } : {}),
    authSync: () => {},
    singleOrgSync: () => {},
    allOrgSync: () => {},
  },
  onError: (error, { interface: name }) => console.error('KooGallery call failed:', name, error),
});

const server = createServer((req, res) => handle.node(req, res));
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${server.address().port}`));
