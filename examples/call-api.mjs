// Call an API published on Huawei Cloud API Gateway (APIG) with App authentication: sign, then send.
// Run: APP_KEY=… APP_SECRET=… API_URL=https://… node call-api.mjs   (or: bun call-api.mjs)
import { signRequest } from 'huaweicloud-signer/apig';

const { APP_KEY, APP_SECRET, API_URL } = process.env;
if (!APP_KEY || !APP_SECRET || !API_URL) {
  console.error('Set APP_KEY and APP_SECRET (your App\'s AppKey and AppSecret, or an AK/SK) and API_URL (the API to call).');
  process.exit(1);
}

const signed = await signRequest({ method: 'GET', url: API_URL }, { key: APP_KEY, secret: APP_SECRET });
const res = await fetch(API_URL, { headers: signed.headers }); // X-Sdk-Date and Authorization added
console.log(res.status, await res.text());
