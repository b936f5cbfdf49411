// Header canonicalization: names lower-cased and sorted, values trimmed, duplicates merged.

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
 * @example trimHeaderValue('  a   b \t') // 'a   b'
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
 *
 * @example normalizeHeaders([['X-A', '1'], ['x-a', '2']]).get('x-a') // '1, 2'
 */
export function normalizeHeaders(headers: HeadersInit | undefined | null, spelling?: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  if (!headers) return out;
  const add = (name: string, value: string) => {
    const lower = name.toLowerCase();
    const prev = out.get(lower);
    out.set(lower, prev === undefined ? String(value) : prev + ', ' + value);
    // The first spelling of each name, for a signer that sends the caller's headers back out.
    if (spelling && prev === undefined) spelling.set(lower, name);
  };
  if (typeof (headers as Headers).forEach === 'function' && !Array.isArray(headers)) {
    (headers as Headers).forEach((value, name) => add(name, value));
  } else if (Array.isArray(headers)) {
    for (const [name, value] of headers as readonly (readonly [string, string])[]) add(name, value);
  } else {
    for (const name of Object.keys(headers)) add(name, (headers as Record<string, string>)[name]!);
  }
  return out;
}

/** Sort lower-case header names (plain code-unit order: names are ASCII). */
export function sortHeaderNames(names: Iterable<string>): string[] {
  // The default sort compares strings by UTF-16 code unit, exactly `<`, without a JS comparator call.
  return Array.from(names).sort();
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
