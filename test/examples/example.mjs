// `npm run example`: the library's main job, run against the built package.
import { hmacSha256Hex, sha256Hex } from '../../dist/node/index.js';

// The APIG documentation's string to sign (SDK-HMAC-SHA256), signed with the documented secret.
const stringToSign = 'SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a';
console.log('SHA-256("") =', await sha256Hex(''));
console.log('Signature   =', await hmacSha256Hex('MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc', stringToSign));
