// `npm run example`: sign the API Request Signing Guide's documented request and print the result.
import { signRequest, parseSdkDate } from '../../dist/node/apig.js';

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

console.log('Canonical request:\n' + signed.canonicalRequest + '\n');
console.log('String to sign:\n' + signed.stringToSign + '\n');
console.log('Headers to send:');
for (const [name, value] of Object.entries(signed.headers)) console.log(`  ${name}: ${value}`);
const published = '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe';
console.log(`\nSignature matches the documentation: ${signed.signature === published}`);
