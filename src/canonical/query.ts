import { compareCodePoints, percentDecode, percentEncode } from './percent.js';

/** One decoded query parameter. */
export type QueryPair = [name: string, value: string];

/**
 * Split a raw query string (without `?`) the way APIG's reference signer does: on `&`, each pair on the
 * first `=` only; a name without `=` has the value `""`; pairs with an empty name are dropped; names and
 * values are percent-decoded, and `+` stays a literal `+`.
 *
 * @example parseQuery('b=2&a&c=x%20y') // [['b', '2'], ['a', ''], ['c', 'x y']]
 */
export function parseQuery(rawQuery: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  const n = rawQuery.length;
  if (n === 0) return pairs;
  // One pass, no split(): `start` opens the current pair, `eq` is its first '=' (or -1).
  let start = 0;
  let eq = -1;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? rawQuery.charCodeAt(i) : 0x26;
    if (c === 0x3d) {
      if (eq < 0) eq = i;
    } else if (c === 0x26) {
      const name = percentDecode(rawQuery.slice(start, eq < 0 ? i : eq));
      if (name !== '') pairs.push([name, eq < 0 ? '' : percentDecode(rawQuery.slice(eq + 1, i))]);
      start = i + 1;
      eq = -1;
    }
  }
  return pairs;
}

/**
 * Canonical query string from decoded pairs: sorted by name, then value, by Unicode code point;
 * each `enc(name)=enc(value)` (the `=` always present), joined by `&`.
 *
 * @example canonicalQueryFromPairs([['b', '1'], ['a', 'x y']]) // 'a=x%20y&b=1'
 */
export function canonicalQueryFromPairs(pairs: readonly QueryPair[]): string {
  const sorted: QueryPair[] = [];
  for (let i = 0; i < pairs.length; i++) if (pairs[i]![0] !== '') sorted.push(pairs[i]!);
  if (sorted.length > 1) sorted.sort(comparePairs);
  let out = '';
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0) out += '&';
    out += percentEncode(sorted[i]![0]) + '=' + percentEncode(sorted[i]![1]);
  }
  return out;
}

function comparePairs(x: QueryPair, y: QueryPair): number {
  return compareCodePoints(x[0], y[0]) || compareCodePoints(x[1], y[1]);
}

/**
 * The canonical query string of a raw query (without the leading `?`).
 *
 * @example canonicalQueryString('marker=abc&limit=2') // 'limit=2&marker=abc'
 * @example canonicalQueryString('q=a+b') // 'q=a%2Bb'
 */
export function canonicalQueryString(rawQuery: string): string {
  return canonicalQueryFromPairs(parseQuery(rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery));
}
