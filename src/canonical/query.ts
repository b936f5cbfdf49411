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
  if (rawQuery === '') return pairs;
  for (const part of rawQuery.split('&')) {
    const eq = part.indexOf('=');
    const name = percentDecode(eq < 0 ? part : part.slice(0, eq));
    if (name === '') continue;
    pairs.push([name, eq < 0 ? '' : percentDecode(part.slice(eq + 1))]);
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
  const sorted = pairs.filter((p) => p[0] !== '').slice();
  sorted.sort((x, y) => compareCodePoints(x[0], y[0]) || compareCodePoints(x[1], y[1]));
  let out = '';
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0) out += '&';
    out += percentEncode(sorted[i]![0]) + '=' + percentEncode(sorted[i]![1]);
  }
  return out;
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
