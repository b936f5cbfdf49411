// Vector ops for APIG signing. See vectors/README.md for the inputs of each op.
import { bytesOf } from './ops-crypto.js';
import { check, type Library, type OpRunner } from './types.js';

function body(lib: Library, input: Record<string, any>): Uint8Array | string | undefined {
  if (typeof input.bodyBase64 === 'string') return lib.base64Decode(input.bodyBase64);
  return typeof input.body === 'string' ? input.body : undefined;
}

export const apigOps: Record<string, OpRunner> = {
  async 'apig-sign'(lib, input, expect) {
    const request = { method: input.method, url: input.url, headers: input.headers as [string, string][], body: body(lib, input) };
    const credentials = { key: input.key, secret: input.secret };
    const options: Record<string, unknown> = {};
    if (input.date) options.date = lib.apig.parseSdkDate(input.date);
    for (const k of ['algorithm', 'region', 'service', 'headerRule']) if (input[k] !== undefined) options[k] = input[k];
    const signed = await lib.apig.signRequest(request, credentials, options);
    for (const field of ['canonicalRequest', 'stringToSign', 'signedHeaders', 'authorization'] as const) {
      if (expect[field] !== undefined) check(field, expect[field], signed[field]);
    }
    // Every signed vector must also verify, with the headers actually produced.
    const verified = await lib.apig.verifyRequest(
      { method: input.method, url: input.url, headers: signed.headers, body: request.body },
      (key) => (key === input.key ? input.secret : undefined),
      { now: lib.apig.parseSdkDate(signed.sdkDate) },
    );
    check('verifyRequest on the signed request', 'ok', verified.ok ? 'ok' : `${verified.reason}: ${verified.message}`);
  },
  async 'apig-canonical-request'(lib, input, expect) {
    const headers = lib.apig.normalizeHeaders(input.headers);
    const canonical = lib.apig.buildCanonicalRequest({
      method: input.method,
      canonicalUri: lib.apig.canonicalUri(input.path),
      canonicalQuery: lib.apig.canonicalQueryString(input.query),
      canonicalHeaders: lib.apig.canonicalHeaders(headers, input.signedHeaders),
      signedHeaders: input.signedHeaders.join(';'),
      payloadHash: await lib.sha256Hex(input.body ?? ''),
    });
    check('canonicalRequest', expect.canonicalRequest, canonical);
  },
  async 'apig-percent-encode'(lib, input, expect) {
    check('encoded', expect.encoded, lib.apig.percentEncode(lib.utf8Decode(bytesOf(lib, input, 'data'))));
  },
  async 'apig-canonical-query'(lib, input, expect) {
    check('canonicalQuery', expect.canonicalQuery, lib.apig.canonicalQueryFromPairs(input.pairs));
  },
};
