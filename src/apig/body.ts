import { toBytes } from '../crypto/codecs.js';
import { SignerError } from '../errors.js';

const EMPTY = /* @__PURE__ */ new Uint8Array(0);

/** The exact bytes of a request body (strings are UTF-8). */
export function bodyBytes(body: string | Uint8Array | ArrayBuffer | null | undefined): Uint8Array {
  if (body === undefined || body === null) return EMPTY;
  if (typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return toBytes(body as string | Uint8Array);
  }
  throw new SignerError('ERR_INVALID_ARGUMENT', 'body must be a string, bytes or null');
}
