// workerd: the README's backend verifier as a Worker of its own (`export default { fetch }`), served on
// 127.0.0.1; main-workerd.mjs sends it signed calls over HTTP, so verifyRequest sees the Request that
// workerd builds from the wire.
import { verifyRequest } from 'huaweicloud-signer/apig';
import { readmeVerifier } from './verifier.ts';

export default readmeVerifier(verifyRequest);
