// A deliberately small JSON Schema checker: exactly the keywords vectors/schema.json uses, so the
// schema stays simple enough for ports to check with any validator.
type Schema = Record<string, any>;

const SUPPORTED = new Set([
  '$schema', '$id', 'title', 'description', 'type', 'required', 'properties', 'additionalProperties',
  'items', 'minItems', 'minLength', 'pattern', 'minProperties',
]);

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v;
}

export function validate(schema: Schema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  for (const k of Object.keys(schema)) if (!SUPPORTED.has(k)) errors.push(`${path}: schema keyword '${k}' is not supported`);
  if (schema.type && typeOf(value) !== schema.type) return [...errors, `${path}: expected ${schema.type}, got ${typeOf(value)}`];
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.items) value.forEach((item, i) => errors.push(...validate(schema.items, item, `${path}[${i}]`)));
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    for (const r of schema.required ?? []) if (!(r in obj)) errors.push(`${path}: missing '${r}'`);
    if (schema.minProperties !== undefined && Object.keys(obj).length < schema.minProperties) errors.push(`${path}: fewer than ${schema.minProperties} properties`);
    for (const [k, v] of Object.entries(obj)) {
      const sub = schema.properties?.[k];
      if (sub) errors.push(...validate(sub, v, `${path}.${k}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: unexpected property '${k}'`);
    }
  }
  return errors;
}
