// A ready-to-run curl command for a signed request. Pure string code (no node:*): the debugger page
// uses it too.

/** Quote a word for a POSIX shell: single quotes, with `'` written as `'\''`. */
export function shellQuote(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface CurlInput {
  method: string;
  url: string;
  /** Every header to send (the signed request's `headers`). */
  headers: Record<string, string>;
  /** The body as text (sent byte for byte with --data-raw) ... */
  bodyText?: string;
  /** ... or a file to send byte for byte with --data-binary @file. */
  bodyFile?: string;
}

/**
 * A curl command that sends exactly what was signed: `--globoff` and `--path-as-is` stop curl from
 * expanding `[]{}` or normalising `/../` in the URL, and the body goes out unchanged.
 *
 * @example curlCommand({ method: 'GET', url: 'https://a.example.com/v1', headers: { 'X-Sdk-Date': '20191115T033655Z' } })
 */
export function curlCommand(input: CurlInput): string {
  const words = ['curl', '--globoff', '--path-as-is', '-X', shellQuote(input.method)];
  for (const [name, value] of Object.entries(input.headers)) {
    // `-H 'Name:'` would make curl drop the header; `Name;` sends it empty.
    words.push('-H', shellQuote(value === '' ? `${name};` : `${name}: ${value}`));
  }
  if (input.bodyFile !== undefined) words.push('--data-binary', shellQuote('@' + input.bodyFile));
  else if (input.bodyText !== undefined && input.bodyText !== '') words.push('--data-raw', shellQuote(input.bodyText));
  words.push(shellQuote(input.url));
  return words.join(' ');
}
