// Split a URL into host, raw path and raw query WITHOUT normalizing it: `new URL()` would re-encode,
// resolve dot-segments and drop default ports, and the signature must cover what the caller wrote.

/** The raw parts of a request target. */
export interface RawTarget {
  /** host[:port] as written, '' for an origin-form target such as '/path?x=1'. */
  host: string;
  path: string;
  query: string;
}

/**
 * Split an absolute URL (`https://host/path?query#fragment`) or an origin-form target (`/path?query`).
 * A `URL` object is taken as it already is (its `pathname` and `search`, as fetch sends them).
 *
 * @example splitUrl('https://a.com:8443/x%2Fy?b=1#f') // { host: 'a.com:8443', path: '/x%2Fy', query: 'b=1' }
 */
export function splitUrl(url: string | URL): RawTarget {
  if (typeof url !== 'string') return { host: url.host, path: url.pathname, query: url.search.slice(1) };
  let rest = url;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  let host = '';
  const scheme = rest.indexOf('://');
  if (scheme >= 0 && isScheme(rest, scheme)) {
    rest = rest.slice(scheme + 3);
    let end = rest.length;
    for (let i = 0; i < rest.length; i++) {
      const c = rest.charCodeAt(i);
      if (c === 0x2f || c === 0x3f) {
        end = i;
        break;
      }
    }
    host = rest.slice(0, end);
    const at = host.lastIndexOf('@');
    if (at >= 0) host = host.slice(at + 1);
    rest = rest.slice(end);
  }
  const q = rest.indexOf('?');
  return q < 0 ? { host, path: rest, query: '' } : { host, path: rest.slice(0, q), query: rest.slice(q + 1) };
}

/** RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), checked on text[0 .. end). */
function isScheme(text: string, end: number): boolean {
  if (end === 0) return false;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const letter = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
    if (i === 0 ? !letter : !(letter || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) return false;
  }
  return true;
}
