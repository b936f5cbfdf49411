// The same call from CommonJS: no top-level await there, so the work is in an async function.
// Run: APP_KEY=… APP_SECRET=… API_URL=https://… node call-api.cjs
const { signRequest } = require('huaweicloud-signer/apig');

async function main() {
  const { APP_KEY, APP_SECRET, API_URL } = process.env;
  if (!APP_KEY || !APP_SECRET || !API_URL) {
    console.error('Set APP_KEY and APP_SECRET (your App\'s AppKey and AppSecret, or an AK/SK) and API_URL (the API to call).');
    process.exitCode = 1;
    return;
  }
  const signed = await signRequest({ method: 'GET', url: API_URL }, { key: APP_KEY, secret: APP_SECRET });
  const res = await fetch(API_URL, { headers: signed.headers });
  console.log(res.status, await res.text());
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
