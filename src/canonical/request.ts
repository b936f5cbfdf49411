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
 */
export function buildCanonicalRequest(p: CanonicalParts): string {
  return (
    p.method.toUpperCase() + '\n' + p.canonicalUri + '\n' + p.canonicalQuery + '\n' +
    p.canonicalHeaders + '\n' + p.signedHeaders + '\n' + p.payloadHash
  );
}

/**
 * `Algorithm \n X-Sdk-Date \n hex(hash(CanonicalRequest))`; V11 adds its credential scope line.
 */
export function stringToSign(algorithm: string, sdkDate: string, canonicalRequestHash: string, scope?: string): string {
  return algorithm + '\n' + sdkDate + '\n' + (scope === undefined ? '' : scope + '\n') + canonicalRequestHash;
}
