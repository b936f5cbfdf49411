// Targets that APIG's canonical form maps onto the same signature as a differently-routed target.
// A backend that routes on the raw path or reads parameters from a parser other than the signature's
// can be handed a target the signer never meant: strict verification refuses these. Pure strings.

/**
 * The first ambiguity of a raw path and query under APIG's canonical form, or `null` when there is none:
 * an encoded `/` (`%2F` decodes to a separator), a backslash (raw or `%5C`: URL parsers read it as `/`),
 * a dot segment (`.`/`..`, plain or encoded: clients and
 * proxies resolve them, the signature does not), a `%` not followed by two hex digits or escapes that are
 * not UTF-8 (decoded leniently to U+FFFD, so several targets share one form), a `+` in the query (a
 * literal `+` to APIG, a space to form parsers), a repeated parameter name (the signature sorts repeats,
 * so their order is unsigned), a parameter with an empty name (dropped from the signature), or a name
 * without `=` (signed as `name=`).
 *
 * @throws Nothing for two strings, whatever they hold (the public export, in ./index.ts, checks the types).
 * @example targetAmbiguity('/a%2Fb', '') // 'an encoded slash (%2F) in the path'
 * @example targetAmbiguity('/v1/items', 'limit=2') // null
 */
export function targetAmbiguity(path: string, query: string): string | null {
  if (/%2f/i.test(path)) return 'an encoded slash (%2F) in the path';
  // URL parsers read a raw backslash as '/', and the signature reads it as %5C: the same signature either way.
  if (/\\|%5c/i.test(path)) return "a backslash ('\\' or %5C) in the path";
  const badPath = escapesProblem(path);
  if (badPath) return `${badPath} in the path`;
  for (const segment of path.split('/')) {
    const s = segment.replace(/%2e/gi, '.');
    if (s === '.' || s === '..') return 'a dot segment (. or ..) in the path';
  }
  if (query === '') return null;
  if (query.includes('+')) return "a '+' in the query (a space to form parsers, a '+' to the signature)";
  const badQuery = escapesProblem(query);
  if (badQuery) return `${badQuery} in the query`;
  const seen = new Set<string>();
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) return 'a query parameter without = (signed as name=)';
    const name = decodeStrict(pair.slice(0, eq)) ?? '';
    if (name === '') return 'a query parameter with an empty name (left out of the signature)';
    if (seen.has(name)) return 'a repeated query parameter (the signature does not cover the order of repeats)';
    seen.add(name);
  }
  return null;
}

// A '%' that does not start an escape, or escapes whose bytes are not UTF-8.
function escapesProblem(text: string): string | null {
  if (/%(?![0-9a-f]{2})/i.test(text)) return "a '%' that is not followed by two hex digits";
  if (decodeStrict(text) === null) return 'percent-escapes that are not UTF-8';
  return null;
}

function decodeStrict(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
