// The same call in TypeScript (strict), for Deno, Bun, or Node through your TypeScript build.
// Run: APP_KEY=… APP_SECRET=… API_URL=https://… deno run --allow-env=APP_KEY,APP_SECRET,API_URL --allow-net call-api.ts
import { signRequest } from 'huaweicloud-signer/apig';

const key = process.env.APP_KEY;
const secret = process.env.APP_SECRET;
const url = process.env.API_URL;
if (!key || !secret || !url) {
  console.error("Set APP_KEY and APP_SECRET (your App's AppKey and AppSecret, or an AK/SK) and API_URL (the API to call).");
  process.exit(1);
}

const signed = await signRequest({ method: 'GET', url }, { key, secret });
const res: Response = await fetch(url, { headers: signed.headers });
console.log(res.status, await res.text());
