// Timestamps of KooGallery calls. The signature schemes send UNIX time, documented once as milliseconds
// and once as seconds (protocols.md 3.2): both are accepted, told apart by size. The legacy timeStamp is
// yyyyMMddHHmmssSSS in a time zone no document names.

// 1e11 ms is March 1973 and 1e11 s is the year 5138: no real call is ambiguous.
const MS_THRESHOLD = 1e11;

/** UNIX seconds or milliseconds (ASCII digits only) to milliseconds, or null. */
export function parseEpochTimestamp(text: string): number | null {
  if (!/^[0-9]{1,16}$/.test(text)) return null;
  const n = Number(text);
  return n >= MS_THRESHOLD ? n : n * 1000;
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
