// A Hono API behind Huawei Cloud APIG: only calls with a valid APIG signature reach the routes.
// Run on Node: APIG_APP_KEY=... APIG_APP_SECRET=... node hono.mjs
// (Deno: Deno.serve(app.fetch); Bun and Workers: export default app.)
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { verifyApig } from 'huaweicloud-signer/hono';

const { APIG_APP_KEY, APIG_APP_SECRET } = process.env;
if (!APIG_APP_KEY || !APIG_APP_SECRET) {
  console.error('Set APIG_APP_KEY and APIG_APP_SECRET: the AppKey and AppSecret your clients sign with.');
  process.exit(1);
}
const secrets = new Map([[APIG_APP_KEY, APIG_APP_SECRET]]);

const app = new Hono();
app.use(verifyApig({ resolveSecret: (key) => secrets.get(key) }));

app.post('/orders', async (c) => c.json({ signedBy: c.get('apig').key, order: await c.req.json() }));

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' }, (info) => {
  console.log(`listening on ${info.port}`);
});
