// Timestamps of KooGallery calls. The signature schemes send UNIX time, documented once as milliseconds
// and once as seconds: both are accepted, told apart by their length. The legacy timeStamp is
// yyyyMMddHHmmssSSS, in UTC for the V1 basic interfaces and UTC+8 for V1 kit bodies.

/**
 * Canonical UNIX seconds (10 digits) or milliseconds (13 digits), no sign and no leading zero, to
 * milliseconds; null for anything else. One spelling per instant: the signed string concatenates the
 * nonce and the timestamp without a separator, so a leading zero would let a character move between them.
 */
export function parseEpochTimestamp(text: string): number | null {
  if (!/^[1-9](?:[0-9]{9}|[0-9]{12})$/.test(text)) return null;
  const n = Number(text);
  return text.length === 13 ? n : n * 1000;
}

/**
 * A legacy `timeStamp` (yyyyMMddHHmmss followed by up to 3 millisecond digits, read as an integer like
 * SimpleDateFormat's SSS) at the given UTC offset, to UNIX milliseconds; null if it is not a real date.
 */
export function parseLegacyTimeStamp(text: string, utcOffsetMinutes: number): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{0,3})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] ? Number(m[7]) : 0;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  // Not Date.UTC: it reads years 0-99 as 1900-1999 (found by the fuzzer: 0099 became 1999).
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  if (date.getUTCDate() !== d) return null; // 31 February and the like
  const utc = date.getTime();
  return utc - utcOffsetMinutes * 60_000;
}
