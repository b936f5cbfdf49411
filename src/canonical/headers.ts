// Header canonicalization: names lower-cased and sorted, values trimmed, duplicates merged.
import { SignerError } from '../errors.js';

/** Header input accepted everywhere: a record, `[name, value]` pairs, or a fetch `Headers`. */
export type HeadersInit = Record<string, string> | readonly (readonly [string, string])[] | Headers;

// Python's str.strip() set (the reference signer trims with it), which differs from String#trim:
// it includes U+001C..U+001F and U+0085, and excludes U+FEFF.
function isPyWhitespace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/**
 * Trim a header value as the reference signer does (Python `str.strip()`); inner runs of spaces stay.
 */
export function trimHeaderValue(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isPyWhitespace(value.charCodeAt(start))) start++;
  while (end > start && isPyWhitespace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/**
 * Normalize any header input into lower-cased names with their values, in a Map ordered by insertion.
 * Names that differ only in case are merged, values joined by `, ` (as the Fetch `Headers` class does).
 *
 * With `spelling`, the first spelling of each name is recorded there (lower-case name -> as given).
 */
export function normalizeHeaders(headers: HeadersInit | undefined | null, spelling?: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  if (headers === undefined || headers === null) return out;
  // A string would otherwise be read as a record of its characters, and a number as no headers at all.
  if (typeof headers !== 'object') throw badHeaders();
  if (Array.isArray(headers)) {
    for (const pair of headers as readonly unknown[]) {
      // As fetch's Headers requires: exactly [name, value] (a lone name would be sent as 'undefined').
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string') throw badHeaders();
      appendHeader(out, spelling, pair[0], pair[1] as string);
    }
  } else if (typeof (headers as Headers).forEach === 'function') {
    (headers as Headers).forEach((value, name) => appendHeader(out, spelling, name, value));
  } else {
    const record = headers as Record<string, string>;
    const names = Object.keys(record);
    for (let i = 0; i < names.length; i++) appendHeader(out, spelling, names[i]!, record[names[i]!]!);
  }
  return out;
}

function badHeaders(): SignerError {
  return new SignerError('ERR_INVALID_ARGUMENT', 'headers must be a record, a Headers or [name, value] pairs');
}

function appendHeader(out: Map<string, string>, spelling: Map<string, string> | undefined, name: string, value: string): void {
  const lower = name.toLowerCase();
  const prev = out.get(lower);
  out.set(lower, prev === undefined ? String(value) : prev + ', ' + value);
  // The first spelling of each name, for a signer that sends the caller's headers back out.
  if (spelling !== undefined && prev === undefined) spelling.set(lower, name);
}

/** Set (replace) a header in a normalized map under `lower` (its lower-case name), spelled `name` on the wire. */
export function addHeader(out: Map<string, string>, spelling: Map<string, string>, lower: string, name: string, value: string): void {
  out.set(lower, value);
  spelling.set(lower, name);
}

/** Sort lower-case header names (plain code-unit order: names are ASCII). */
export function sortHeaderNames(names: Iterable<string>, inPlace = false): string[] {
  const out = Array.isArray(names) ? (inPlace ? (names as string[]) : (names as string[]).slice()) : Array.from(names);
  // The default sort compares strings by UTF-16 code unit, exactly `<`. A request has a handful of
  // headers, where an insertion sort beats it; long lists (attacker-sized) take the O(n log n) sort.
  if (out.length > 16) return out.sort();
  for (let i = 1; i < out.length; i++) {
    const x = out[i]!;
    let j = i - 1;
    while (j >= 0 && out[j]! > x) {
      out[j + 1] = out[j]!;
      j--;
    }
    out[j + 1] = x;
  }
  return out;
}

/**
 * The canonical headers block: one `name:value\n` line per signed header, in the order given.
 *
 * @example canonicalHeaders(new Map([['host', 'a.com'], ['x-sdk-date', '20191115T033655Z']]), ['host', 'x-sdk-date'])
 * // 'host:a.com\nx-sdk-date:20191115T033655Z\n'
 */
export function canonicalHeaders(headers: ReadonlyMap<string, string>, signedHeaders: readonly string[]): string {
  let out = '';
  for (const name of signedHeaders) out += name + ':' + trimHeaderValue(headers.get(name) ?? '') + '\n';
  return out;
}
