import { fail } from './errors.js';
import { Duration, formatNumber, isMap, isNil, typeName } from './values.js';

/**
 * Encodes a value as Go's `encoding/json` does for the maps, slices and scalars expressions work with:
 * object keys sorted, `<`, `>` and `&` escaped, nil as `null`. `indent` gives `json.MarshalIndent` output.
 */
export function toGoJson(value: unknown, indent = ''): string {
  return encode(value, indent, '');
}

function encode(value: unknown, indent: string, prefix: string): string {
  if (isNil(value)) return 'null';
  if (typeof value === 'string') return encodeString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fail(`json: unsupported value: ${formatNumber(value)}`);
    return String(value);
  }
  if (value instanceof Date) return encodeString(value.toISOString());
  if (value instanceof Duration) return String(value.nanoseconds);
  const inner = prefix + indent;
  const separator = indent === '' ? ',' : `,\n${inner}`;
  const open = indent === '' ? '' : `\n${inner}`;
  const close = indent === '' ? '' : `\n${prefix}`;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[${open}${value.map((v) => encode(v, indent, inner)).join(separator)}${close}]`;
  }
  if (isMap(value)) {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) return '{}';
    const colon = indent === '' ? ':' : ': ';
    const parts = keys.map((k) => `${encodeString(k)}${colon}${encode(value[k], indent, inner)}`);
    return `{${open}${parts.join(separator)}${close}}`;
  }
  return fail(`json: unsupported type: ${typeName(value)}`);
}

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

function encodeString(value: string): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]);
}

/** Decodes JSON text; a runtime failure names the problem instead of a bare SyntaxError. */
export function fromJson(text: unknown): unknown {
  if (typeof text !== 'string') return fail(`fromJSON: expected string, got ${typeName(text)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail(`invalid JSON: ${(error as Error).message}`);
  }
}
