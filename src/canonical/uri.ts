import { percentDecode, percentEncode } from './percent.js';

/**
 * The canonical URI of APIG's signature: percent-decode the path, split on `/`, encode each segment,
 * join with `/`, and end with `/` (for signing only: the path sent on the wire is not changed).
 * A decoded `%2F` therefore becomes a separator; `//` is kept; dot-segments are not removed.
 *
 * @example canonicalUri('') // '/'
 */
export function canonicalUri(path: string): string {
  const encoded = percentEncode(percentDecode(path), true);
  if (encoded === '') return '/';
  return encoded.endsWith('/') ? encoded : encoded + '/';
}
