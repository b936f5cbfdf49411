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
 */
export function splitUrl(url: string | URL): RawTarget {
  if (typeof url !== 'string') return { host: url.host, path: url.pathname, query: url.search.slice(1) };
  let rest = url;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  let host = '';
  const absolute = ABSOLUTE.exec(rest);
  if (absolute !== null) {
    host = absolute[1]!;
    const at = host.lastIndexOf('@');
    if (at >= 0) host = host.slice(at + 1);
    rest = rest.slice(absolute[0].length);
  }
  const q = rest.indexOf('?');
  return q < 0 ? { host, path: rest, query: '' } : { host, path: rest.slice(0, q), query: rest.slice(q + 1) };
}

// `scheme://authority`, the scheme as RFC 3986 spells it (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )),
// the authority up to the path or the query.
const ABSOLUTE = /^[a-z][a-z\d+.-]*:\/\/([^/?]*)/i;
