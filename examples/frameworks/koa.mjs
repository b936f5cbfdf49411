// A Koa API behind Huawei Cloud APIG: only calls with a valid APIG signature reach the routes.
// Run: APIG_APP_KEY=... APIG_APP_SECRET=... node koa.mjs
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { verifyApig } from 'huaweicloud-signer/koa';

const { APIG_APP_KEY, APIG_APP_SECRET } = process.env;
if (!APIG_APP_KEY || !APIG_APP_SECRET) {
  console.error('Set APIG_APP_KEY and APIG_APP_SECRET: the AppKey and AppSecret your clients sign with.');
  process.exit(1);
}
const secrets = new Map([[APIG_APP_KEY, APIG_APP_SECRET]]);

const app = new Koa();
app.use(verifyApig({ resolveSecret: (key) => secrets.get(key) }));
app.use(bodyParser());

app.use((ctx) => {
  if (ctx.method === 'POST' && ctx.path === '/orders') {
    ctx.body = { signedBy: ctx.state.apig.key, order: ctx.request.body };
  }
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  console.log(`listening on ${server.address().port}`);
});
