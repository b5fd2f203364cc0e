import { arrayArg, define, integerArg, stringArg } from './args.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import { fail } from './errors.js';
import { toGoJson } from './json.js';
import { compileGoRegex, replaceAllGo } from './regex.js';
import { SPRIG_MATH } from './sprig-math.js';
import { formatGoLayout, toDate } from './time.js';
import { type ExprFunction, formatValue, isEqual, isMap, isNil } from './values.js';

/** sprig's `empty`: nil, false, 0, "" and empty lists and maps are empty. */
export function isEmpty(value: unknown): boolean {
  if (isNil(value) || value === false || value === 0 || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  if (isMap(value)) return Object.keys(value).length === 0;
  return false;
}

/** sprig's `toString`: strings as they are, anything else as Go's `%v`. */
const strval = (value: unknown): string => (typeof value === 'string' ? value : formatValue(value));

function substr(start: number, end: number, text: string): string {
  if (start < 0) return text.slice(0, end);
  if (end < 0 || end > text.length) return text.slice(start);
  return text.slice(start, end);
}

function trunc(count: number, text: string): string {
  if (count < 0 && text.length + count > 0) return text.slice(text.length + count);
  if (count >= 0 && text.length > count) return text.slice(0, count);
  return text;
}

function indent(spaces: number, text: string): string {
  const pad = ' '.repeat(Math.max(0, spaces));
  return pad + text.replaceAll('\n', `\n${pad}`);
}

function title(text: string): string {
  return text.replace(
    /(^|[^\p{L}\p{N}_'])(\p{L})/gu,
    (_, before: string, letter: string) => before + letter.toUpperCase(),
  );
}

function dict(args: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < args.length; i += 2) out[strval(args[i])] = i + 1 < args.length ? args[i + 1] : '';
  return out;
}

function fromJsonLenient(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function mustFromJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return fail(`mustFromJson: ${(error as Error).message}`);
  }
}

const STRINGS: ExprFunction[] = [
  define('upper', 1, 1, (a) => stringArg('upper', a, 0).toUpperCase()),
  define('lower', 1, 1, (a) => stringArg('lower', a, 0).toLowerCase()),
  define('title', 1, 1, (a) => title(stringArg('title', a, 0))),
  define('trim', 1, 1, (a) => stringArg('trim', a, 0).trim()),
  define('trimAll', 2, 2, (a) => {
    const cut = new Set(Array.from(stringArg('trimAll', a, 0)));
    const runes = Array.from(stringArg('trimAll', a, 1));
    let [start, end] = [0, runes.length];
    while (start < end && cut.has(runes[start])) start++;
    while (end > start && cut.has(runes[end - 1])) end--;
    return runes.slice(start, end).join('');
  }),
  define('trimPrefix', 2, 2, (a) => {
    const [p, s] = [stringArg('trimPrefix', a, 0), stringArg('trimPrefix', a, 1)];
    return s.startsWith(p) ? s.slice(p.length) : s;
  }),
  define('trimSuffix', 2, 2, (a) => {
    const [p, s] = [stringArg('trimSuffix', a, 0), stringArg('trimSuffix', a, 1)];
    return p !== '' && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  }),
  define('replace', 3, 3, (a) =>
    stringArg('replace', a, 2).replaceAll(stringArg('replace', a, 0), stringArg('replace', a, 1)),
  ),
  define('nospace', 1, 1, (a) => stringArg('nospace', a, 0).replace(/\s+/g, '')),
  define('repeat', 2, 2, (a) => stringArg('repeat', a, 1).repeat(Math.max(0, integerArg('repeat', a, 0)))),
  define('substr', 3, 3, (a) =>
    substr(integerArg('substr', a, 0), integerArg('substr', a, 1), stringArg('substr', a, 2)),
  ),
  define('trunc', 2, 2, (a) => trunc(integerArg('trunc', a, 0), stringArg('trunc', a, 1))),
  define('contains', 2, 2, (a) => stringArg('contains', a, 1).includes(stringArg('contains', a, 0))),
  define('hasPrefix', 2, 2, (a) => stringArg('hasPrefix', a, 1).startsWith(stringArg('hasPrefix', a, 0))),
  define('hasSuffix', 2, 2, (a) => stringArg('hasSuffix', a, 1).endsWith(stringArg('hasSuffix', a, 0))),
  define('quote', 0, -1, (a) =>
    a
      .filter((v) => !isNil(v))
      .map((v) => JSON.stringify(strval(v)))
      .join(' '),
  ),
  define('squote', 0, -1, (a) =>
    a
      .filter((v) => !isNil(v))
      .map((v) => `'${strval(v)}'`)
      .join(' '),
  ),
  define('cat', 0, -1, (a) =>
    a
      .filter((v) => !isNil(v))
      .map(strval)
      .join(' '),
  ),
  define('indent', 2, 2, (a) => indent(integerArg('indent', a, 0), stringArg('indent', a, 1))),
  define('nindent', 2, 2, (a) => `\n${indent(integerArg('nindent', a, 0), stringArg('nindent', a, 1))}`),
  define('splitList', 2, 2, (a) => stringArg('splitList', a, 1).split(stringArg('splitList', a, 0))),
  define('join', 2, 2, (a) => {
    const list = a[1];
    if (typeof list === 'string') return list;
    return arrayArg('join', a, 1)
      .filter((v) => !isNil(v))
      .map(strval)
      .join(stringArg('join', a, 0));
  }),
  define('toString', 1, 1, (a) => strval(a[0])),
  define('b64enc', 1, 1, (a) => encodeBase64(stringArg('b64enc', a, 0))),
  define('b64dec', 1, 1, (a) => decodeBase64(stringArg('b64dec', a, 0))),
];

const REGEX: ExprFunction[] = [
  define('regexMatch', 2, 2, (a) =>
    compileGoRegex(stringArg('regexMatch', a, 0)).test(stringArg('regexMatch', a, 1)),
  ),
  define('regexFind', 2, 2, (a) => {
    const match = compileGoRegex(stringArg('regexFind', a, 0)).exec(stringArg('regexFind', a, 1));
    return match ? match[0] : '';
  }),
  define('regexFindAll', 3, 3, (a) => {
    const all = Array.from(
      stringArg('regexFindAll', a, 1).matchAll(compileGoRegex(stringArg('regexFindAll', a, 0), true)),
    );
    const n = integerArg('regexFindAll', a, 2);
    return all.map((m) => m[0]).slice(0, n < 0 ? undefined : n);
  }),
  define('regexReplaceAll', 3, 3, (a) =>
    replaceAllGo(
      stringArg('regexReplaceAll', a, 0),
      stringArg('regexReplaceAll', a, 1),
      stringArg('regexReplaceAll', a, 2),
    ),
  ),
];

const VALUES: ExprFunction[] = [
  define('default', 1, 2, (a) => (a.length < 2 || isEmpty(a[1]) ? a[0] : a[1])),
  define('empty', 1, 1, (a) => isEmpty(a[0])),
  define('coalesce', 0, -1, (a) => a.find((v) => !isEmpty(v))),
  define('ternary', 3, 3, (a) =>
    typeof a[2] === 'boolean' ? (a[2] ? a[0] : a[1]) : fail('ternary() condition must be a bool'),
  ),
  define('list', 0, -1, (a) => [...a]),
  define('dict', 0, -1, (a) => dict(a)),
  define('first', 1, 1, (a) => (isNil(a[0]) ? undefined : arrayArg('first', a, 0)[0])),
  define('last', 1, 1, (a) => (isNil(a[0]) ? undefined : arrayArg('last', a, 0).at(-1))),
  define('has', 2, 2, (a) => (isNil(a[1]) ? false : arrayArg('has', a, 1).some((v) => isEqual(v, a[0])))),
  define('without', 1, -1, (a) =>
    arrayArg('without', a, 0).filter((v) => !a.slice(1).some((o) => isEqual(o, v))),
  ),
  define('uniq', 1, 1, (a) =>
    arrayArg('uniq', a, 0).filter((v, i, all) => all.findIndex((o) => isEqual(o, v)) === i),
  ),
  define('keys', 1, -1, (a) =>
    a.flatMap((m) => (isMap(m) ? Object.keys(m) : fail('keys() expects dicts'))).sort(),
  ),
  define('toJson', 1, 1, (a) => toGoJson(a[0])),
  define('fromJson', 1, 1, (a) => fromJsonLenient(stringArg('fromJson', a, 0))),
  define('mustFromJson', 1, 1, (a) => mustFromJson(stringArg('mustFromJson', a, 0))),
  define('date', 2, 2, (a) => formatGoLayout(stringArg('date', a, 0), toDate('sprig.date', a[1]))),
  define('now', 0, 0, () => fail('sprig.now() is not available: weft evaluates expressions without a clock')),
];

/** Argo's `sprig` object: sprig's template functions with sprig's argument order (`replace(old, new, s)`). */
export const SPRIG: Readonly<Record<string, ExprFunction>> = Object.fromEntries(
  [...STRINGS, ...REGEX, ...VALUES, ...SPRIG_MATH].map((f) => [f.name, f]),
);
