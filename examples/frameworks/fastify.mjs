// A Fastify API behind Huawei Cloud APIG: only calls with a valid APIG signature reach the routes.
// Run: APIG_APP_KEY=... APIG_APP_SECRET=... node fastify.mjs
import Fastify from 'fastify';
import { verifyApig } from 'huaweicloud-signer/fastify';

const { APIG_APP_KEY, APIG_APP_SECRET } = process.env;
if (!APIG_APP_KEY || !APIG_APP_SECRET) {
  console.error('Set APIG_APP_KEY and APIG_APP_SECRET: the AppKey and AppSecret your clients sign with.');
  process.exit(1);
}
const secrets = new Map([[APIG_APP_KEY, APIG_APP_SECRET]]);

const app = Fastify();
// Registered before the routes it protects.
await app.register(verifyApig({ resolveSecret: (key) => secrets.get(key) }));

app.post('/orders', async (request) => ({ signedBy: request.apig.key, order: request.body }));

const address = await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
console.log(`listening on ${new URL(address).port}`);
