// The "canonical re-serialisation" KooGallery's Java sample signs and verifies: the JSON body parsed into
// a map, top-level keys in ascending String.compareTo order (UTF-16 code units, what Array#sort does),
// top-level nulls dropped, compact, nested values as received. JSON.stringify escapes strings as Jackson
// does (only `"`, `\` and U+0000-U+001F), so the text is the sample's byte for byte.

/** A parsed JSON object (not an array). */
export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The canonical text of a JSON object. Built as text, key by key: assigning parsed keys to a new object
 * would turn an own `__proto__` key into a prototype change.
 */
export function canonicalJsonOf(value: JsonObject): string {
  const keys = Object.keys(value).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const v = value[key];
    if (v === null || v === undefined) continue;
    parts.push(JSON.stringify(key) + ':' + JSON.stringify(v));
  }
  return '{' + parts.join(',') + '}';
}

/** JSON text to an object, or undefined when it is not JSON or not an object. */
export function parseJsonObject(text: string): JsonObject | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * JSON with every non-ASCII character written as `\uXXXX`: the same JSON value, in bytes no charset
 * setting can misread (KooGallery asks for Chinese text in memo fields to be sent so).
 */
export function asciiJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
