import { SignerError } from '../errors.js';

/**
 * Format a date as APIG's `X-Sdk-Date` (UTC, `YYYYMMDDTHHMMSSZ`).
 * @throws {SignerError} `ERR_BAD_DATE` when `date` is not a Date, is an invalid Date, or its year is outside
 * 0000 to 9999.
 * @example formatSdkDate(new Date('2019-11-15T03:36:55Z')) // '20191115T033655Z'
 */
export function formatSdkDate(date: Date): string {
  const ms = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(ms)) throw new SignerError('ERR_BAD_DATE', 'date must be a valid Date');
  return formatMs(ms);
}

/** `X-Sdk-Date` of the current time (no Date object unless the second changed). */
export function sdkDateNow(): string {
  return formatMs(Date.now());
}

function formatMs(ms: number): string {
  // A client signs many requests per second: format each second once (the text has no milliseconds).
  const second = Math.floor(ms / 1000);
  if (second === lastSecond) return lastText;
  // 2019-11-15T03:36:55.000Z -> 20191115T033655Z
  const iso = new Date(second * 1000).toISOString();
  if (iso.length !== 24) throw new SignerError('ERR_BAD_DATE', 'the year must have four digits');
  lastText = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
  lastSecond = second;
  return lastText;
}

let lastSecond = NaN;
let lastText = '';

function digits(text: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parse a strict `YYYYMMDDTHHMMSSZ` date; anything else (other lengths, lower-case `t`/`z`, 31 February,
 * hour 24...) is a `SignerError` with code `ERR_BAD_DATE`.
 * @throws {SignerError} `ERR_BAD_DATE` for anything but a real UTC date as `YYYYMMDDTHHMMSSZ`, also when
 * `text` is not a string.
 * @example parseSdkDate('20191115T033655Z').toISOString() // '2019-11-15T03:36:55.000Z'
 */
export function parseSdkDate(text: string): Date {
  const bad = () => new SignerError('ERR_BAD_DATE', 'X-Sdk-Date must be YYYYMMDDTHHMMSSZ (UTC)');
  if (typeof text !== 'string' || text.length !== 16 || text[8] !== 'T' || text[15] !== 'Z') throw bad();
  const y = digits(text, 0, 4);
  const mo = digits(text, 4, 6);
  const d = digits(text, 6, 8);
  const h = digits(text, 9, 11);
  const mi = digits(text, 11, 13);
  const s = digits(text, 13, 15);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) throw bad();
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (date.getUTCDate() !== d || date.getUTCFullYear() !== y) throw bad();
  return date;
}
