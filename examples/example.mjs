// `npm run example`: the package's main jobs on published inputs, each checked against its expected value
// (the APIG documentation; KooGallery's Java sample, recorded in vectors/). Exits 1 on a mismatch.
import { readFileSync } from 'node:fs';
import { signRequest, parseSdkDate } from 'huaweicloud-signer/apig';
import { bodySign, encryptSensitive } from 'huaweicloud-signer/koogallery';

let failed = 0;
function check(what, ours, expected) {
  console.log(`${what}: ${ours === expected ? 'matches' : `MISMATCH (expected ${expected})`}\n`);
  if (ours !== expected) failed++;
}
const vector = (file, id) => JSON.parse(readFileSync(new URL(`../vectors/${file}`, import.meta.url), 'utf8')).vectors.find((v) => v.id === id);

// 1. APIG: sign the API Request Signing Guide's documented request.
const signed = await signRequest(
  {
    method: 'GET',
    url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
    headers: { 'Content-Type': 'application/json' },
  },
  // The documented example credentials (devg-apisign api-sign-algorithm): not a real account.
  { key: 'QTWAOYTTINDUT2QVKYUC', secret: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' },
  { date: parseSdkDate('20191115T033655Z') },
);
console.log('APIG canonical request:\n' + signed.canonicalRequest + '\n');
console.log('APIG string to sign:\n' + signed.stringToSign + '\n');
console.log('APIG headers to send:');
for (const [name, value] of Object.entries(signed.headers)) console.log(`  ${name}: ${value}`);
check('APIG signature against the documentation', signed.signature, '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe');

// 2. KooGallery: the Body-Sign header of the Java sample's newInstance answer.
const b = vector('koogallery-body-sign.json', 'java17-body-sign-02');
const header = await bodySign(b.input.body, b.input.accessKey);
console.log(`KooGallery response body:\n${b.input.body}\nBody-Sign: ${header}`);
check("KooGallery Body-Sign against the Java sample's", header, b.expect.header);

// 3. KooGallery: a password encrypted for the response (encryptType 1, AES-256), with the vector's fixed IV.
const e = vector('koogallery-sensitive.json', 'java17-aes-11');
const ciphertext = await encryptSensitive(e.input.plaintext, e.input.accessKey, e.input.encryptType, { iv: e.input.iv });
console.log(`KooGallery encryptSensitive(${JSON.stringify(e.input.plaintext)}, type ${e.input.encryptType}, iv ${e.input.iv}):\n${ciphertext}`);
check("KooGallery ciphertext against the Java sample's", ciphertext, e.expect.ciphertext);

if (failed) process.exitCode = 1;
