// The benchmark cases for runtimes without node:crypto (Chromium, workerd): cases 1, 2, 4 and 5 of
// cases.mjs on the same inputs (fixtures.mjs), the library's Web Crypto build beside aws4fetch (and
// @smithy/signature-v4 with @aws-crypto/sha256-js, pure JavaScript) in the same page or Worker, with
// floors of raw Web Crypto doing only the hashing the algorithm needs (importing the HMAC key on every
// call, and once). Every row is one complete operation.
import { AwsV4Signer } from 'aws4fetch';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import { AK, DATE, ENDPOINT, HEADERS, HOST, KOO_NONCE, KOO_TIMESTAMP, PATH, QUERY, REGION, SDK_DATE, SERVICE, SK, URL_GET, jsonOfSize } from './fixtures.mjs';

const utf8 = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const hex = (buf) => {
  const b = new Uint8Array(buf);
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
};
const base64 = (buf) => btoa(String.fromCharCode(...new Uint8Array(buf)));
/** Constant-time comparison of two equal-length strings (what a verifier must do). */
const same = (a, b) => {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return d === 0;
};
const subtle = globalThis.crypto.subtle;
const hmacKey = (secret) => subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
const sha256Hex = async (data) => hex(await subtle.digest('SHA-256', typeof data === 'string' ? utf8.encode(data) : data));

/**
 * @param lib the library's Web Crypto build (test-output/bench/lib-web.mjs)
 * @param expected the peers' case-1 signatures as peerSignatures() computes them in Node, if known
 * @returns {Promise<{ cases: Array<{ id, title, rows: Array<{ name, role, fn }> }>, checks: Array<{ label, ok }> }>}
 */
export async function buildWebCases(lib, expected) {
  const { apig, koogallery } = lib;
  const creds = { key: AK, secret: SK };
  const checks = [];
  const check = (label, ok) => {
    checks.push({ label, ok });
    if (!ok) throw new Error(`sanity check failed: ${label}`);
  };
  const KIB = jsonOfSize(1024);
  const getRequest = { method: 'GET', url: URL_GET, headers: HEADERS };
  const postKib = { method: 'POST', url: `${ENDPOINT}${PATH}`, headers: HEADERS, body: KIB.text };
  const sign = (req) => () => apig.signRequest(req, creds);

  // The floor: 2 SHA-256 + 1 HMAC-SHA256 on Web Crypto. Web Crypto has no HMAC without a CryptoKey, so
  // the key import is part of the floor, as it is of every call that signs with a secret it was given.
  const floor = (canonicalRequest, body) => async () => {
    await sha256Hex(body);
    const h = await sha256Hex(canonicalRequest);
    return hex(await subtle.sign('HMAC', await hmacKey(SK), utf8.encode(`SDK-HMAC-SHA256\n${SDK_DATE}\n${h}`)));
  };

  // The same with the CryptoKey imported once, as the library keeps imported keys in a small cache.
  const cachedKey = await hmacKey(SK);
  const floorCached = (canonicalRequest, body) => async () => {
    await sha256Hex(body);
    const h = await sha256Hex(canonicalRequest);
    return hex(await subtle.sign('HMAC', cachedKey, utf8.encode(`SDK-HMAC-SHA256\n${SDK_DATE}\n${h}`)));
  };

  const ours1 = await apig.signRequest({ ...getRequest, headers: { ...HEADERS, 'X-Sdk-Date': SDK_DATE } }, creds);
  const ours2 = await apig.signRequest({ ...postKib, headers: { ...HEADERS, 'X-Sdk-Date': SDK_DATE } }, creds);
  check('floor reproduces the case 1 signature', (await floor(ours1.canonicalRequest, '')()) === ours1.signature);
  check('floor reproduces the case 2 signature', (await floor(ours2.canonicalRequest, KIB.text)()) === ours2.signature);
  check('floor with a cached key reproduces the case 1 signature', (await floorCached(ours1.canonicalRequest, '')()) === ours1.signature);
  check('signRequest in this runtime uses the Web Crypto build', lib.runtimeName === 'web');

  const received = { method: 'GET', url: `${PATH}?limit=10&marker=abc`, headers: { ...HEADERS, Host: HOST, 'X-Sdk-Date': SDK_DATE, Authorization: ours1.authorization } };
  const verifyOptions = { now: DATE };
  check('verifyRequest accepts case 1', (await apig.verifyRequest(received, () => SK, verifyOptions)).ok === true);

  // SigV4 peers on the equivalent request (as cases.mjs signs it).
  const awsCache = new Map();
  const aws4 = (method, url, body, datetime) => () =>
    new AwsV4Signer({ method, url, headers: HEADERS, body, accessKeyId: AK, secretAccessKey: SK, service: SERVICE, region: REGION, cache: awsCache, datetime }).sign();
  const smithyJs = new SignatureV4({ credentials: { accessKeyId: AK, secretAccessKey: SK }, region: REGION, service: SERVICE, sha256: Sha256 });
  const smithyReq = (method, query, body) => ({
    method, protocol: 'https:', hostname: HOST, path: PATH, query,
    headers: { host: HOST, 'content-type': HEADERS['Content-Type'], 'x-project-id': HEADERS['X-Project-Id'], 'user-agent': HEADERS['User-Agent'] },
    body,
  });
  const aws4Sig = (await aws4('GET', URL_GET, undefined, SDK_DATE)()).headers.get('authorization').split('Signature=')[1];
  const smithyGet = smithyReq('GET', QUERY, undefined);
  const smithySig = (await smithyJs.sign(smithyGet, { signingDate: DATE })).headers.authorization.split('Signature=')[1];
  if (expected) {
    check('aws4fetch signs case 1 here as it does in Node', aws4Sig === expected.aws4fetch);
    check('@smithy/signature-v4 + sha256-js signs case 1 here as it does in Node', smithySig === expected.smithyJs);
  }

  // Case 5: a KooGallery call signed with x-sign headers, 2 KiB body; the 2 KiB response gets Body-Sign.
  const callBody = utf8.encode(jsonOfSize(2048).text);
  const responseText = jsonOfSize(2048).text;
  const xSign = await koogallery.headerSignature({ accessKey: SK, nonce: KOO_NONCE, timestamp: KOO_TIMESTAMP, body: callBody });
  const call = { url: '/produceAPI/v2/instance?activity=newInstance', headers: { 'x-sign': xSign, 'x-timestamp': KOO_TIMESTAMP, 'x-nonce': KOO_NONCE }, body: callBody };
  const kooOptions = { now: Number(KOO_TIMESTAMP), nonceStore: false };
  check('verifyNotification accepts case 5', (await koogallery.verifyNotification(call, SK, kooOptions)).ok === true);
  const prefix = utf8.encode(SK + KOO_NONCE + KOO_TIMESTAMP);
  const kooFloor = async (cached) => {
    const key = cached === true ? cachedKey : await hmacKey(SK);
    const signed = new Uint8Array(prefix.length + callBody.length);
    signed.set(prefix);
    signed.set(callBody, prefix.length);
    if (!same(hex(await subtle.sign('HMAC', key, signed)), xSign)) throw new Error('floor mismatch');
    return base64(await subtle.sign('HMAC', key, utf8.encode(responseText)));
  };
  check('case 5 floor = bodySign', `sign_type="HMAC-SHA256", signature="${await kooFloor()}"` === (await koogallery.bodySign(responseText, SK)));
  check('case 5 floor with a cached key = bodySign', `sign_type="HMAC-SHA256", signature="${await kooFloor(true)}"` === (await koogallery.bodySign(responseText, SK)));

  const signPeers = (method, aws4Body, smithyQuery, smithyBody) => [
    { name: 'aws4fetch AwsV4Signer', role: 'aws4fetch', fn: aws4(method, method === 'GET' ? URL_GET : `${ENDPOINT}${PATH}`, aws4Body) },
    { name: '@smithy/signature-v4 + sha256-js', role: 'smithy-js', fn: () => smithyJs.sign(smithyReq(method, smithyQuery, smithyBody)) },
  ];
  const cases = [
    {
      id: '1', title: 'sign a GET (3 headers, 2 query parameters, empty body)',
      rows: [
        { name: 'huaweicloud-signer signRequest', role: 'self', fn: sign(getRequest) },
        ...signPeers('GET', undefined, QUERY, undefined),
        { name: 'floor: raw Web Crypto (2 SHA-256 + HMAC key import + 1 HMAC)', role: 'floor', fn: floor(ours1.canonicalRequest, '') },
        { name: 'floor: raw Web Crypto, key imported once (2 SHA-256 + 1 HMAC)', role: 'floor-cached', fn: floorCached(ours1.canonicalRequest, '') },
        { name: 'huaweicloud-signer SDK-HMAC-SM3', role: 'sm3', fn: () => apig.signRequest(getRequest, creds, { algorithm: 'SDK-HMAC-SM3' }) },
      ],
    },
    {
      id: '2', title: 'sign a POST with a 1 KiB JSON body',
      rows: [
        { name: 'huaweicloud-signer signRequest', role: 'self', fn: sign(postKib) },
        ...signPeers('POST', KIB.text, {}, KIB.text),
        { name: 'floor: raw Web Crypto (2 SHA-256 + HMAC key import + 1 HMAC)', role: 'floor', fn: floor(ours2.canonicalRequest, KIB.text) },
      ],
    },
    {
      id: '4', title: 'verify the request of case 1 (peers: re-sign at its date and compare)',
      rows: [
        { name: 'huaweicloud-signer verifyRequest', role: 'self', fn: () => apig.verifyRequest(received, () => SK, verifyOptions) },
        { name: 'aws4fetch AwsV4Signer', role: 'aws4fetch', fn: async () => same((await aws4('GET', URL_GET, undefined, SDK_DATE)()).headers.get('authorization').split('Signature=')[1], aws4Sig) },
        { name: '@smithy/signature-v4 + sha256-js', role: 'smithy-js', fn: async () => same((await smithyJs.sign(smithyGet, { signingDate: DATE })).headers.authorization.split('Signature=')[1], smithySig) },
        { name: 'floor: raw Web Crypto (2 SHA-256 + HMAC key import + 1 HMAC + compare)', role: 'floor', fn: async () => same(await floor(ours1.canonicalRequest, '')(), ours1.signature) },
        { name: 'floor: raw Web Crypto, key imported once (2 SHA-256 + 1 HMAC + compare)', role: 'floor-cached', fn: async () => same(await floorCached(ours1.canonicalRequest, '')(), ours1.signature) },
      ],
    },
    {
      id: '5', title: 'KooGallery: verifyNotification (x-sign, 2 KiB body) + bodySign (2 KiB response)',
      rows: [
        {
          name: 'huaweicloud-signer verifyNotification + bodySign', role: 'self',
          fn: async () => {
            const v = await koogallery.verifyNotification(call, SK, kooOptions);
            if (!v.ok) throw new Error(v.reason);
            return koogallery.bodySign(responseText, SK);
          },
        },
        { name: 'huaweicloud-signer verifyNotification alone', role: 'verify', fn: () => koogallery.verifyNotification(call, SK, kooOptions) },
        { name: 'huaweicloud-signer bodySign alone', role: 'bodysign', fn: () => koogallery.bodySign(responseText, SK) },
        { name: 'floor: raw Web Crypto (HMAC key import + 2 HMAC + compare)', role: 'floor', fn: kooFloor },
        { name: 'floor: raw Web Crypto, key imported once (2 HMAC + compare)', role: 'floor-cached', fn: () => kooFloor(true) },
      ],
    },
  ];
  return { cases, checks };
}

/** The SigV4 peers' signatures of case 1 (the runners compute them in Node and hand them to the page or Worker). */
export async function peerSignatures() {
  const aws4fetch = (await new AwsV4Signer({ method: 'GET', url: URL_GET, headers: HEADERS, accessKeyId: AK, secretAccessKey: SK, service: SERVICE, region: REGION, datetime: SDK_DATE }).sign())
    .headers.get('authorization').split('Signature=')[1];
  const smithy = new SignatureV4({ credentials: { accessKeyId: AK, secretAccessKey: SK }, region: REGION, service: SERVICE, sha256: Sha256 });
  const req = {
    method: 'GET', protocol: 'https:', hostname: HOST, path: PATH, query: QUERY,
    headers: { host: HOST, 'content-type': HEADERS['Content-Type'], 'x-project-id': HEADERS['X-Project-Id'], 'user-agent': HEADERS['User-Agent'] },
  };
  const smithyJs = (await smithy.sign(req, { signingDate: DATE })).headers.authorization.split('Signature=')[1];
  return { aws4fetch, smithyJs };
}

/**
 * Runs `fn` `n` times in a row (awaiting it when it returns a promise) and returns the elapsed time by
 * `now()` in milliseconds.
 */
export async function timeBatch(fn, n, now) {
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const r = fn();
    if (r && typeof r.then === 'function') await r;
  }
  return now() - t0;
}
