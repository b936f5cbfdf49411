import { compareCodePoints, percentDecode, percentEncode } from './percent.js';

/** One decoded query parameter. */
export type QueryPair = [name: string, value: string];

/**
 * Split a raw query string (without `?`) the way APIG's reference signer does: on `&`, each pair on the
 * first `=` only; a name without `=` has the value `""`; pairs with an empty name are dropped; names and
 * values are percent-decoded, and `+` stays a literal `+`.
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
 * @example canonicalQueryString('q=a+b') // 'q=a%2Bb'
 */
export function canonicalQueryString(rawQuery: string): string {
  return canonicalQueryOfRaw(rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery);
}

/**
 * The canonical query of a raw query taken exactly as given (a leading `?` belongs to the first name),
 * as the signer sees the query of a URL. Same result as `canonicalQueryFromPairs(parseQuery(raw))`.
 */
export function canonicalQueryOfRaw(rawQuery: string): string {
  return canonicalQueryFromPairs(parseQuery(rawQuery));
}

/**
 * A shortcut for the common query (`limit=10&marker=abc`): only unreserved characters, `&` and one `=`
 * per pair, which decoding and encoding leave as they are and whose code-unit order is code-point order,
 * so the pairs are its substrings, sorted and joined. Anything else returns null: take
 * {@link canonicalQueryOfRaw}. Where a non-null answer comes back it equals that function's.
 *
 * @example plainCanonicalQuery('marker=abc&limit=2') // 'limit=2&marker=abc'
 * @example plainCanonicalQuery('q=a%20b') // null
 */
export function plainCanonicalQuery(raw: string): string | null {
  const pairs: QueryPair[] = [];
  let start = 0;
  let eq = -1;
  for (let i = 0; i <= raw.length; i++) {
    const c = i < raw.length ? raw.charCodeAt(i) : 0x26;
    if (c === 0x26) {
      const nameEnd = eq < 0 ? i : eq;
      if (nameEnd > start) pairs.push([raw.slice(start, nameEnd), eq < 0 ? '' : raw.slice(eq + 1, i)]);
      start = i + 1;
      eq = -1;
    } else if (c === 0x3d) {
      // A second '=' belongs to the value, where it is encoded as %3D: the general path does that.
      if (eq >= 0) return null;
      eq = i;
    } else if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || c === 0x2e || c === 0x7e)) {
      return null;
    }
  }
  // A handful of pairs: an insertion sort beats Array#sort's setup; long (attacker-sized) lists take the sort.
  if (pairs.length > 16) pairs.sort(compareUnits);
  else {
    for (let i = 1; i < pairs.length; i++) {
      const x = pairs[i]!;
      let j = i - 1;
      while (j >= 0 && compareUnits(pairs[j]!, x) > 0) {
        pairs[j + 1] = pairs[j]!;
        j--;
      }
      pairs[j + 1] = x;
    }
  }
  let out = '';
  for (let i = 0; i < pairs.length; i++) out += (i > 0 ? '&' : '') + pairs[i]![0] + '=' + pairs[i]![1];
  return out;
}

function compareUnits(x: QueryPair, y: QueryPair): number {
  return x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0;
}
