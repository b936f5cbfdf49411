// The canonical request and the string to sign: plain string assembly, no hashing here.

/** The parts of APIG's canonical request, each already canonical. */
export interface CanonicalParts {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  canonicalHeaders: string;
  signedHeaders: string;
  payloadHash: string;
}

/**
 * `Method \n URI \n Query \n Headers \n SignedHeaders \n PayloadHash` (Headers ends with its own `\n`,
 * so an empty line precedes SignedHeaders).
 *
 * @example buildCanonicalRequest({ method: 'get', canonicalUri: '/', canonicalQuery: '', canonicalHeaders: 'host:a\n', signedHeaders: 'host', payloadHash: 'e3b0…' })
 */
export function buildCanonicalRequest(p: CanonicalParts): string {
  return (
    p.method.toUpperCase() + '\n' + p.canonicalUri + '\n' + p.canonicalQuery + '\n' +
    p.canonicalHeaders + '\n' + p.signedHeaders + '\n' + p.payloadHash
  );
}

/**
 * `Algorithm \n X-Sdk-Date \n hex(hash(CanonicalRequest))`; V11 adds its credential scope line.
 *
 * @example stringToSign('SDK-HMAC-SHA256', '20191115T033655Z', 'b25362e6…')
 */
export function stringToSign(algorithm: string, sdkDate: string, canonicalRequestHash: string, scope?: string): string {
  return algorithm + '\n' + sdkDate + '\n' + (scope === undefined ? '' : scope + '\n') + canonicalRequestHash;
}
