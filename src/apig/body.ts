import { toBytes } from '../crypto/codecs.js';

const EMPTY = /* @__PURE__ */ new Uint8Array(0);

/** The exact bytes of a request body (strings are UTF-8; null and undefined are no body). */
export function bodyBytes(body: string | Uint8Array | ArrayBuffer | null | undefined): Uint8Array {
  return body === undefined || body === null ? EMPTY : toBytes(body, 'body');
}
