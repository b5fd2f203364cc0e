import { ARGO_FUNCTIONS } from './argo-functions.js';
import {
  arrayArg,
  define,
  integerArg,
  mapArg,
  numberArg,
  numbersFrom,
  parseFloatString,
  parseIntegerString,
  stringArg,
} from './args.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import { fail } from './errors.js';
import { fromJson, toGoJson } from './json.js';
import { SPRIG } from './sprig.js';
import { toDate } from './time.js';
import {
  compare,
  type ExprFunction,
  formatValue,
  isEqual,
  isInteger,
  isMap,
  parseDuration,
  typeName,
} from './values.js';

function length(value: unknown): number {
  if (typeof value === 'string') return Array.from(value).length;
  if (Array.isArray(value)) return value.length;
  if (isMap(value)) return Object.keys(value).length;
  return fail(`invalid argument for len (type ${typeName(value)})`);
}

function toInt(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (typeof value === 'string') return parseIntegerString('int', value.trim());
  if (typeof value === 'boolean') return value ? 1 : 0;
  return fail(`invalid operation: int(${typeName(value)})`);
}

function toFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseFloatString('float', value.trim());
  return fail(`invalid operation: float(${typeName(value)})`);
}

function trimChars(text: string, chars: string, left: boolean, right: boolean): string {
  const set = new Set(Array.from(chars));
  const runes = Array.from(text);
  let start = 0;
  let end = runes.length;
  while (left && start < end && set.has(runes[start])) start++;
  while (right && end > start && set.has(runes[end - 1])) end--;
  return runes.slice(start, end).join('');
}

/** Go's strings.SplitN: n < 0 means all parts, n == 0 none, otherwise at most n parts. */
export function splitN(text: string, separator: string, n = -1): string[] {
  if (n === 0) return [];
  const parts = separator === '' ? Array.from(text) : text.split(separator);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(separator)];
}

function flattenDeep(items: unknown[]): unknown[] {
  return items.flatMap((item) => (Array.isArray(item) ? flattenDeep(item) : [item]));
}

function uniq(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of items) if (!out.some((seen) => isEqual(seen, item))) out.push(item);
  return out;
}

function sortValues(items: unknown[], order: unknown): unknown[] {
  if (order !== 'asc' && order !== 'desc') return fail('sort() order must be "asc" or "desc"');
  const sign = order === 'desc' ? -1 : 1;
  return [...items].sort((a, b) => compare(a, b, 'sort') * sign);
}

function get(object: unknown, key: unknown): unknown {
  if (Array.isArray(object) && isInteger(key)) return object[key < 0 ? object.length + key : key];
  if (isMap(object) && (typeof key === 'string' || typeof key === 'number')) {
    return Object.hasOwn(object, String(key)) ? object[String(key)] : undefined;
  }
  return undefined;
}

function extremum(name: string, args: unknown[], pick: (a: number, b: number) => number): unknown {
  const values = numbersFrom(name, args);
  return values.length === 0 ? undefined : values.reduce(pick);
}

function roundHalfAway(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

const STRING_FUNCTIONS: ExprFunction[] = [
  define('trim', 1, 2, (a) =>
    a.length === 2
      ? trimChars(stringArg('trim', a, 0), stringArg('trim', a, 1), true, true)
      : stringArg('trim', a, 0).trim(),
  ),
  define('trimPrefix', 2, 2, (a) => {
    const [s, p] = [stringArg('trimPrefix', a, 0), stringArg('trimPrefix', a, 1)];
    return s.startsWith(p) ? s.slice(p.length) : s;
  }),
  define('trimSuffix', 2, 2, (a) => {
    const [s, p] = [stringArg('trimSuffix', a, 0), stringArg('trimSuffix', a, 1)];
    return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  }),
  define('upper', 1, 1, (a) => stringArg('upper', a, 0).toUpperCase()),
  define('lower', 1, 1, (a) => stringArg('lower', a, 0).toLowerCase()),
  define('split', 2, 3, (a) =>
    splitN(stringArg('split', a, 0), stringArg('split', a, 1), a.length > 2 ? integerArg('split', a, 2) : -1),
  ),
  define('join', 1, 2, (a) =>
    arrayArg('join', a, 0)
      .map((v, i) =>
        typeof v === 'string' ? v : fail(`join() element ${i} must be a string, got ${typeName(v)}`),
      )
      .join(a.length > 1 ? stringArg('join', a, 1) : ''),
  ),
  define('replace', 3, 3, (a) =>
    stringArg('replace', a, 0).replaceAll(stringArg('replace', a, 1), stringArg('replace', a, 2)),
  ),
  define('repeat', 2, 2, (a) => {
    const n = integerArg('repeat', a, 1);
    return n < 0 ? fail('repeat() count must not be negative') : stringArg('repeat', a, 0).repeat(n);
  }),
  define('indexOf', 2, 2, (a) => stringArg('indexOf', a, 0).indexOf(stringArg('indexOf', a, 1))),
  define('lastIndexOf', 2, 2, (a) =>
    stringArg('lastIndexOf', a, 0).lastIndexOf(stringArg('lastIndexOf', a, 1)),
  ),
  define('hasPrefix', 2, 2, (a) => stringArg('hasPrefix', a, 0).startsWith(stringArg('hasPrefix', a, 1))),
  define('hasSuffix', 2, 2, (a) => stringArg('hasSuffix', a, 0).endsWith(stringArg('hasSuffix', a, 1))),
];

const NUMBER_FUNCTIONS: ExprFunction[] = [
  define('abs', 1, 1, (a) => Math.abs(numberArg('abs', a, 0))),
  define('ceil', 1, 1, (a) => Math.ceil(numberArg('ceil', a, 0))),
  define('floor', 1, 1, (a) => Math.floor(numberArg('floor', a, 0))),
  define('round', 1, 1, (a) => roundHalfAway(numberArg('round', a, 0))),
  define('int', 1, 1, (a) => toInt(a[0])),
  define('float', 1, 1, (a) => toFloat(a[0])),
  define('max', 1, -1, (a) => extremum('max', a, (x, y) => Math.max(x, y))),
  define('min', 1, -1, (a) => extremum('min', a, (x, y) => Math.min(x, y))),
  define('mean', 1, -1, (a) => {
    const values = numbersFrom('mean', a);
    return values.length === 0 ? 0 : values.reduce((x, y) => x + y, 0) / values.length;
  }),
  define('median', 1, -1, (a) => {
    const values = [...numbersFrom('median', a)].sort((x, y) => x - y);
    const mid = Math.floor(values.length / 2);
    if (values.length === 0) return 0;
    return values.length % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }),
];

const COLLECTION_FUNCTIONS: ExprFunction[] = [
  define('len', 1, 1, (a) => length(a[0])),
  define('keys', 1, 1, (a) => Object.keys(mapArg('keys', a, 0)).sort()),
  define('values', 1, 1, (a) => {
    const map = mapArg('values', a, 0);
    return Object.keys(map)
      .sort()
      .map((k) => map[k]);
  }),
  define('toPairs', 1, 1, (a) => {
    const map = mapArg('toPairs', a, 0);
    return Object.keys(map)
      .sort()
      .map((k) => [k, map[k]]);
  }),
  define('fromPairs', 1, 1, (a) => Object.fromEntries(arrayArg('fromPairs', a, 0) as [string, unknown][])),
  define('first', 1, 1, (a) => get(a[0], 0)),
  define('last', 1, 1, (a) => get(a[0], -1)),
  define('get', 2, 2, (a) => get(a[0], a[1])),
  define('flatten', 1, 1, (a) => flattenDeep(arrayArg('flatten', a, 0))),
  define('uniq', 1, 1, (a) => uniq(arrayArg('uniq', a, 0))),
  define('sort', 1, 2, (a) => sortValues(arrayArg('sort', a, 0), a[1] ?? 'asc')),
  define('reverse', 1, 1, (a) => [...arrayArg('reverse', a, 0)].reverse()),
  define('concat', 1, -1, (a) => a.flatMap((_, i) => arrayArg('concat', a, i))),
  define('take', 2, 2, (a) => arrayArg('take', a, 0).slice(0, Math.max(0, integerArg('take', a, 1)))),
];

const CONVERSION_FUNCTIONS: ExprFunction[] = [
  define('string', 1, 1, (a) => formatValue(a[0])),
  define('type', 1, 1, (a) => typeName(a[0])),
  define('toJSON', 1, 1, (a) => toGoJson(a[0], '  ')),
  define('fromJSON', 1, 1, (a) => fromJson(a[0])),
  define('toBase64', 1, 1, (a) => encodeBase64(stringArg('toBase64', a, 0))),
  define('fromBase64', 1, 1, (a) => decodeBase64(stringArg('fromBase64', a, 0))),
  define('duration', 1, 1, (a) => parseDuration(stringArg('duration', a, 0))),
  define('date', 1, 3, (a) => {
    if (a.length > 1) return fail('date() with a layout is not supported; pass an RFC 3339 string');
    return toDate('date', a[0]);
  }),
  define('now', 0, 0, () =>
    fail('now() is not available: weft evaluates expressions without a clock; pass `now` in the environment'),
  ),
];

function table(functions: ExprFunction[]): Record<string, ExprFunction> {
  return Object.fromEntries(functions.map((f) => [f.name, f]));
}

/** Functions callable by name at the top level: expr-lang's builtins plus Argo's helpers. */
export const BUILTINS: Readonly<Record<string, ExprFunction>> = {
  ...table(STRING_FUNCTIONS),
  ...table(NUMBER_FUNCTIONS),
  ...table(COLLECTION_FUNCTIONS),
  ...table(CONVERSION_FUNCTIONS),
  ...ARGO_FUNCTIONS,
};

/** Values visible by name unless the env defines the same name: Argo's `sprig` function map. */
export const BUILTIN_VALUES: Readonly<Record<string, unknown>> = { sprig: SPRIG };

/** Whether a top-level name is a builtin (function or value), so lint need not look it up in the env. */
export function isBuiltinName(name: string): boolean {
  return Object.hasOwn(BUILTINS, name) || Object.hasOwn(BUILTIN_VALUES, name);
}
