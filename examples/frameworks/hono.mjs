// A Hono API behind Huawei Cloud APIG: only calls with a valid APIG signature reach the routes.
// Run on Node: APIG_APP_KEY=... APIG_APP_SECRET=... node hono.mjs
// (Deno: Deno.serve(app.fetch); Bun and Workers: export default app.)
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { verifyApig } from 'huaweicloud-signer/hono';

const secrets = new Map([[process.env.APIG_APP_KEY, process.env.APIG_APP_SECRET]]);

const app = new Hono();
app.use(verifyApig({ resolveSecret: (key) => secrets.get(key) }));

app.post('/orders', async (c) => c.json({ signedBy: c.get('apig').key, order: await c.req.json() }));

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) => {
  console.log(`listening on ${info.port}`);
});
