// An Express API behind Huawei Cloud APIG: only calls with a valid APIG signature reach the routes.
// Run: APIG_APP_KEY=... APIG_APP_SECRET=... node express.mjs
import express from 'express';
import { verifyApig } from 'huaweicloud-signer/express';

const { APIG_APP_KEY, APIG_APP_SECRET } = process.env;
if (!APIG_APP_KEY || !APIG_APP_SECRET) {
  console.error('Set APIG_APP_KEY and APIG_APP_SECRET: the AppKey and AppSecret your clients sign with.');
  process.exit(1);
}
const secrets = new Map([[APIG_APP_KEY, APIG_APP_SECRET]]);

const app = express();
// First, before any body parser: it checks the exact bytes that were signed.
app.use(verifyApig({ resolveSecret: (key) => secrets.get(key) }));
app.use(express.json());

app.post('/orders', (req, res) => {
  res.json({ signedBy: req.apig.key, order: req.body });
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
