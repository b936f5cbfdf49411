// The benchmark cases of issue 7 (1-6) and the SM3 comparison of issue 10, each with its peers and its
// floor. Every row is a function that does one complete operation (sync or async). Fixture secrets are fake.
import * as nodeCrypto from 'node:crypto';
import { Buffer } from 'node:buffer';
import { NodeHash } from './peers.mjs';
import { AK, DATE, ENDPOINT, HEADERS, HOST, PATH, QUERY, REGION, SDK_DATE, SERVICE, SK, URL_GET, KOO_NONCE, KOO_TIMESTAMP, jsonOfSize } from './fixtures.mjs';

const KIB = jsonOfSize(1024);
const MIB = jsonOfSize(1024 * 1024);
const MIB_BYTES = new TextEncoder().encode(MIB.text);

const hex = (b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/**
 * Build the cases. `lib` is the bundled library (test/bench/lib.ts), `peers` from peers.mjs.
 * Returns { cases, checks } where checks are the sanity checks that the peers do equivalent work.
 */
export async function buildCases(lib, peers) {
  const { apig, koogallery } = lib;
  const creds = { key: AK, secret: SK };
  const checks = [];
  const check = (label, ok) => {
    checks.push({ label, ok });
    if (!ok) throw new Error(`sanity check failed: ${label}`);
  };

  // ---- huaweicloud-signer -------------------------------------------------------------------
  const getRequest = { method: 'GET', url: URL_GET, headers: HEADERS };
  const postKib = { method: 'POST', url: `${ENDPOINT}${PATH}`, headers: HEADERS, body: KIB.text };
  const postMib = { method: 'POST', url: `${ENDPOINT}${PATH}`, headers: HEADERS, body: MIB_BYTES };
  const sign = (req) => () => apig.signRequest(req, creds);
  const pureSm3Suite = {
    name: 'SDK-HMAC-SM3',
    contentHashHeader: 'x-sdk-content-sm3',
    hashHex: (d) => lib.hexEncode(lib.sm3Pure(d)),
    hmac: (k, d) => lib.hmacSm3Pure(k, d),
  };

  // ---- official Node signer (BasicCredentials.processAuthRequest), built as HcClient builds it ---
  let official = null;
  if (peers.official) {
    const { BasicCredentials, HttpRequestBuilder } = peers.official;
    const credential = new BasicCredentials().withAk(AK).withSk(SK);
    official = (method, data, extraHeaders) => () =>
      credential.processAuthRequest(
        undefined,
        new HttpRequestBuilder()
          .withEndpoint(ENDPOINT)
          .withUrl(PATH)
          .withHeaders({ 'content-type': 'application/json', 'X-Project-Id': HEADERS['X-Project-Id'], 'User-Agent': HEADERS['User-Agent'], ...extraHeaders })
          .withMethod(method)
          .withPathParams({})
          .withData(data)
          .withQueryParams(method === 'GET' ? QUERY : {})
          .build(),
      );
  }

  // ---- SigV4 peers on the same request ----------------------------------------------------------
  const awsCache = new Map(); // aws4fetch's AwsClient keeps one cache per client: give it one
  const aws4 = peers.aws4fetch
    ? (method, url, body, datetime) => () =>
        new peers.aws4fetch.AwsV4Signer({
          method, url, headers: HEADERS, body, accessKeyId: AK, secretAccessKey: SK,
          service: SERVICE, region: REGION, cache: awsCache, datetime,
        }).sign()
    : null;
  const smithyWith = (sha256) =>
    peers.smithy
      ? new peers.smithy.SignatureV4({ credentials: { accessKeyId: AK, secretAccessKey: SK }, region: REGION, service: SERVICE, sha256 })
      : null;
  const smithyNode = smithyWith(NodeHash);
  const smithyJs = peers.sha256js ? smithyWith(peers.sha256js.Sha256) : null;
  const smithyReq = (method, query, body) => ({
    method, protocol: 'https:', hostname: HOST, path: PATH, query,
    headers: { host: HOST, 'content-type': HEADERS['Content-Type'], 'x-project-id': HEADERS['X-Project-Id'], 'user-agent': HEADERS['User-Agent'] },
    body,
  });
  const smithy = (signer, req, signingDate) => (signer ? () => signer.sign(req, signingDate ? { signingDate } : undefined) : null);

  // ---- the floor: raw node:crypto doing only the hashing APIG needs -------------------------
  const floor = (canonicalRequest, body) => () => {
    nodeCrypto.createHash('sha256').update(body).digest('hex');
    const h = nodeCrypto.createHash('sha256').update(canonicalRequest).digest('hex');
    return nodeCrypto.createHmac('sha256', SK).update('SDK-HMAC-SHA256\n' + SDK_DATE + '\n' + h).digest('hex');
  };

  // Sanity: the official signer and huaweicloud-signer produce the same signature on cases 1-3.
  const fixed = { date: DATE };
  const ours1 = await apig.signRequest({ ...getRequest, headers: { ...HEADERS, 'X-Sdk-Date': SDK_DATE } }, creds);
  const ours2 = await apig.signRequest({ ...postKib, headers: { ...HEADERS, 'X-Sdk-Date': SDK_DATE } }, creds);
  const ours3 = await apig.signRequest({ ...postMib, headers: { ...HEADERS, 'X-Sdk-Date': SDK_DATE } }, creds, fixed);
  if (official) {
    const sig = async (f) => (await f()).headers.Authorization.split('Signature=')[1];
    check('official signer = huaweicloud-signer on case 1', (await sig(official('GET', undefined, { 'X-Sdk-Date': SDK_DATE }))) === ours1.signature);
    check('official signer = huaweicloud-signer on case 2', (await sig(official('POST', KIB.doc, { 'X-Sdk-Date': SDK_DATE }))) === ours2.signature);
    check('official signer = huaweicloud-signer on case 3', (await sig(official('POST', MIB.doc, { 'X-Sdk-Date': SDK_DATE }))) === ours3.signature);
  }
  check('floor reproduces the case 1 signature', floor(ours1.canonicalRequest, '')() === ours1.signature);

  // Case 4: the request of case 1, signed, as a backend receives it.
  const received = { method: 'GET', url: `${PATH}?limit=10&marker=abc`, headers: { ...HEADERS, Host: HOST, 'X-Sdk-Date': SDK_DATE, Authorization: ours1.authorization } };
  const verifyOptions = { now: DATE };
  check('verifyRequest accepts case 1', (await apig.verifyRequest(received, () => SK, verifyOptions)).ok === true);
  const expectSig = (f, pick) => async () => pick(await f()) === ours1.signature;
  const aws4Sig = aws4 ? (await aws4('GET', URL_GET, undefined, '20240301T101500Z')()).headers.get('authorization').split('Signature=')[1] : '';
  const smithyGet = smithyReq('GET', QUERY, undefined);
  const smithySig = smithyNode ? (await smithyNode.sign(smithyGet, { signingDate: DATE })).headers.authorization.split('Signature=')[1] : '';
  if (smithyJs) check('smithy with sha256-js = smithy with node:crypto', (await smithyJs.sign(smithyGet, { signingDate: DATE })).headers.authorization.endsWith(smithySig));
  const same = (a, b) => nodeCrypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));

  // Case 5: a KooGallery call signed with x-sign headers, 2 KiB body; the 2 KiB response gets Body-Sign.
  const TS = KOO_TIMESTAMP;
  const NONCE = KOO_NONCE;
  const callBody = new TextEncoder().encode(jsonOfSize(2048).text);
  const responseText = jsonOfSize(2048).text;
  const xSign = await koogallery.headerSignature({ accessKey: SK, nonce: NONCE, timestamp: TS, body: callBody });
  const call = { url: '/produceAPI/v2/instance?activity=newInstance', headers: { 'x-sign': xSign, 'x-timestamp': TS, 'x-nonce': NONCE }, body: callBody };
  const kooOptions = { now: Number(TS), nonceStore: false };
  check('verifyNotification accepts case 5', (await koogallery.verifyNotification(call, SK, kooOptions)).ok === true);
  const kooFloor = () => {
    const x = nodeCrypto.createHmac('sha256', SK).update(SK + NONCE + TS).update(callBody).digest('hex');
    if (!same(x, xSign)) throw new Error('floor mismatch');
    return nodeCrypto.createHmac('sha256', SK).update(responseText).digest('base64');
  };
  check('case 5 floor = bodySign', `sign_type="HMAC-SHA256", signature="${kooFloor()}"` === (await koogallery.bodySign(responseText, SK)));

  // Case 6: a 32-byte field; cached key = one accessKey, cold = 64 accessKeys in turn (the cache holds 16).
  const FIELD = 'user-0123456789abcdef@example.cn';
  if (new TextEncoder().encode(FIELD).length !== 32) throw new Error('field must be 32 bytes');
  const cipherText = await koogallery.encryptSensitive(FIELD, SK, 1);
  const FIXED_IV = cipherText.slice(0, 16);
  check('decryptSensitive(encryptSensitive(x)) = x', (await koogallery.decryptSensitive(cipherText, SK, 1)) === FIELD);
  const coldKeys = Array.from({ length: 64 }, (_, i) => `${SK}-${i}`);
  const coldTexts = await Promise.all(coldKeys.map((k) => koogallery.encryptSensitive(FIELD, k, 1)));
  let coldI = 0;
  const aesKey = await koogallery.deriveSensitiveKey(SK, 1);
  // The floor gets what the caller has: the IV and the field as text (node:crypto reads strings as UTF-8),
  // the ciphertext as bytes; it returns bytes (no base64, no UTF-8 decoding).
  const aesData = Buffer.from(cipherText.slice(16), 'base64');
  const floorEncrypt = () => {
    const c = nodeCrypto.createCipheriv('aes-256-cbc', aesKey, FIXED_IV);
    return Buffer.concat([c.update(FIELD, 'utf8'), c.final()]);
  };
  const floorDecrypt = () => {
    const d = nodeCrypto.createDecipheriv('aes-256-cbc', aesKey, FIXED_IV);
    return Buffer.concat([d.update(aesData), d.final()]);
  };
  check('AES floor = encryptSensitive', floorEncrypt().toString('base64') === cipherText.slice(16));

  // SM3: a 1 MiB buffer and a 95-byte string to sign; string in, hex out for the short one.
  const SHORT = ('SDK-HMAC-SM3\n' + SDK_DATE + '\n' + ours1.signature).padEnd(95, '0');
  const mib = new Uint8Array(1024 * 1024);
  for (let i = 0; i < mib.length; i++) mib[i] = (i * 2654435761) >>> 24;
  const mibBuffer = Buffer.from(mib.buffer, mib.byteOffset, mib.byteLength);
  const sm3Rows = (input, asString) => {
    const rows = [{ name: 'huaweicloud-signer pure SM3', role: 'self', fn: asString ? () => lib.hexEncode(lib.sm3Pure(lib.utf8Encode(input))) : () => lib.hexEncode(lib.sm3Pure(input)) }];
    if (peers.smCryptoV2) rows.push({ name: 'sm-crypto-v2', role: 'peer', fn: () => peers.smCryptoV2.sm3(input) });
    if (peers.gmCrypto) rows.push({ name: 'gm-crypto', role: 'peer', fn: asString ? () => peers.gmCrypto.SM3.digest(input, 'utf8', 'hex') : () => peers.gmCrypto.SM3.digest(mibBuffer, undefined, 'hex') });
    if (peers.smCrypto) rows.push({ name: 'sm-crypto', role: 'peer', fn: () => peers.smCrypto.sm3(input) });
    if (peers.nodeSm3) rows.push({ name: 'node:crypto sm3 (OpenSSL)', role: 'native', fn: () => nodeCrypto.createHash('sm3').update(input).digest('hex') });
    return rows;
  };
  const expected = lib.hexEncode(lib.sm3Pure(mib));
  for (const r of sm3Rows(mib, false)) check(`${r.name} agrees on SM3 of 1 MiB`, r.fn() === expected);
  const expectedShort = lib.hexEncode(lib.sm3Pure(lib.utf8Encode(SHORT)));
  for (const r of sm3Rows(SHORT, true)) check(`${r.name} agrees on SM3 of 95 bytes`, r.fn() === expectedShort);

  const signPeers = (method, officialData, aws4Body, smithyQuery, smithyBody) =>
    [
      official && { name: '@huaweicloud/huaweicloud-sdk-core (official)', role: 'official', fn: official(method, officialData) },
      aws4 && { name: 'aws4fetch AwsV4Signer', role: 'aws4fetch', fn: aws4(method, method === 'GET' ? URL_GET : `${ENDPOINT}${PATH}`, aws4Body) },
      smithyNode && { name: '@smithy/signature-v4 + node:crypto', role: 'smithy-node', fn: smithy(smithyNode, smithyReq(method, smithyQuery, smithyBody)) },
      smithyJs && { name: '@smithy/signature-v4 + sha256-js', role: 'smithy-js', fn: smithy(smithyJs, smithyReq(method, smithyQuery, smithyBody)) },
    ].filter(Boolean);

  const cases = [
    {
      id: '1', title: 'sign a GET (3 headers, 2 query parameters, empty body)',
      rows: [
        { name: 'huaweicloud-signer signRequest', role: 'self', fn: sign(getRequest) },
        ...signPeers('GET', undefined, undefined, QUERY, undefined),
        { name: 'floor: raw node:crypto (2 SHA-256 + 1 HMAC)', role: 'floor', fn: floor(ours1.canonicalRequest, '') },
        { name: 'huaweicloud-signer SDK-HMAC-SM3', role: 'sm3', fn: () => apig.signRequest(getRequest, creds, { algorithm: 'SDK-HMAC-SM3' }) },
        { name: 'huaweicloud-signer SDK-HMAC-SM3, pure SM3', role: 'sm3-pure', fn: () => apig.signRequest(getRequest, creds, { algorithm: pureSm3Suite }) },
      ],
    },
    {
      id: '2', title: 'sign a POST with a 1 KiB JSON body',
      rows: [
        { name: 'huaweicloud-signer signRequest', role: 'self', fn: sign(postKib) },
        ...signPeers('POST', KIB.doc, KIB.text, {}, KIB.text),
        { name: 'floor: raw node:crypto (2 SHA-256 + 1 HMAC)', role: 'floor', fn: floor(ours2.canonicalRequest, KIB.text) },
      ],
    },
    {
      id: '3', title: 'sign a POST with a 1 MiB body (bytes)',
      bytes: MIB_BYTES.length,
      rows: [
        { name: 'huaweicloud-signer signRequest', role: 'self', fn: sign(postMib) },
        ...signPeers('POST', MIB.doc, MIB_BYTES, {}, MIB_BYTES),
        { name: 'floor: raw node:crypto (2 SHA-256 + 1 HMAC)', role: 'floor', fn: floor(ours3.canonicalRequest, MIB_BYTES) },
        { name: 'raw node:crypto SHA-256 of 1 MiB', role: 'sha256', fn: () => nodeCrypto.createHash('sha256').update(MIB_BYTES).digest('hex') },
        { name: 'huaweicloud-signer SDK-HMAC-SM3', role: 'sm3', fn: () => apig.signRequest(postMib, creds, { algorithm: 'SDK-HMAC-SM3' }) },
        { name: 'huaweicloud-signer SDK-HMAC-SM3, pure SM3', role: 'sm3-pure', fn: () => apig.signRequest(postMib, creds, { algorithm: pureSm3Suite }) },
      ],
    },
    {
      id: '4', title: 'verify the request of case 1 (peers: re-sign at its date and compare)',
      rows: [
        { name: 'huaweicloud-signer verifyRequest', role: 'self', fn: () => apig.verifyRequest(received, () => SK, verifyOptions) },
        official && {
          name: '@huaweicloud/huaweicloud-sdk-core (official)', role: 'official',
          fn: expectSig(official('GET', undefined, { 'X-Sdk-Date': SDK_DATE }), (r) => r.headers.Authorization.split('Signature=')[1]),
        },
        aws4 && {
          name: 'aws4fetch AwsV4Signer', role: 'aws4fetch',
          fn: async () => same((await aws4('GET', URL_GET, undefined, '20240301T101500Z')()).headers.get('authorization').split('Signature=')[1], aws4Sig),
        },
        smithyNode && {
          name: '@smithy/signature-v4 + node:crypto', role: 'smithy-node',
          fn: async () => same((await smithyNode.sign(smithyGet, { signingDate: DATE })).headers.authorization.split('Signature=')[1], smithySig),
        },
        smithyJs && {
          name: '@smithy/signature-v4 + sha256-js', role: 'smithy-js',
          fn: async () => same((await smithyJs.sign(smithyGet, { signingDate: DATE })).headers.authorization.split('Signature=')[1], smithySig),
        },
        {
          name: 'floor: raw node:crypto (2 SHA-256 + 1 HMAC + compare)', role: 'floor',
          fn: () => same(floor(ours1.canonicalRequest, '')(), ours1.signature),
        },
      ].filter(Boolean),
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
        { name: 'floor: raw node:crypto (2 HMAC + compare)', role: 'floor', fn: kooFloor },
      ],
    },
    {
      id: '6', title: 'KooGallery encryptSensitive / decryptSensitive of a 32-byte field (AES-256, encryptType 1)',
      rows: [
        { name: 'encryptSensitive, cached key (random IV)', role: 'encrypt', fn: () => koogallery.encryptSensitive(FIELD, SK, 1) },
        { name: 'encryptSensitive, cached key, given IV (as the floor)', role: 'encrypt-iv', fn: () => koogallery.encryptSensitive(FIELD, SK, 1, { iv: FIXED_IV }) },
        { name: 'decryptSensitive, cached key', role: 'decrypt', fn: () => koogallery.decryptSensitive(cipherText, SK, 1) },
        { name: 'encryptSensitive, cold key (SHA1PRNG each call)', role: 'encrypt-cold', fn: () => koogallery.encryptSensitive(FIELD, coldKeys[coldI++ & 63], 1) },
        { name: 'decryptSensitive, cold key (SHA1PRNG each call)', role: 'decrypt-cold', fn: () => { const i = coldI++ & 63; return koogallery.decryptSensitive(coldTexts[i], coldKeys[i], 1); } },
        { name: 'floor: raw node:crypto AES-256-CBC encrypt (text in, bytes out)', role: 'floor-encrypt', fn: floorEncrypt },
        { name: 'floor: raw node:crypto AES-256-CBC decrypt (bytes in and out)', role: 'floor-decrypt', fn: floorDecrypt },
      ],
    },
    { id: 'sm3-1mib', title: 'SM3 of 1 MiB (bytes in, hex out)', bytes: mib.length, rows: sm3Rows(mib, false) },
    { id: 'sm3-95b', title: 'SM3 of a 95-byte string (string in, hex out)', bytes: 95, rows: sm3Rows(SHORT, true) },
  ];
  return { cases, checks };
}
