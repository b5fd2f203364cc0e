import { define, integerArg, numberArg } from './args.js';
import { fail } from './errors.js';
import { type ExprFunction, typeName } from './values.js';

/** spf13/cast's ToInt64 as sprig uses it: numbers truncate, strings parse (base prefixes allowed), else 0. */
export function castToInt(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? Math.trunc(value) : 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return 0;
  const text = value.replace(/\.0*$/, '');
  const match = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9]\d*|0)$/.exec(text);
  if (!match) return 0;
  const digits = match[2];
  const octal = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits.toLowerCase();
  const magnitude = Number(octal);
  return match[1] === '-' ? -magnitude : magnitude;
}

/** spf13/cast's ToFloat64: numbers as they are, numeric strings parsed, else 0. */
export function castToFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value.trim())) {
    return Number(value.trim());
  }
  return 0;
}

function divide(a: number, b: number, op: string): number {
  if (b === 0) return fail(`sprig.${op}: integer divide by zero`);
  const result = op === 'div' ? Math.trunc(a / b) : a % b;
  return result === 0 ? 0 : result;
}

function range(start: number, stop: number, step: number): number[] {
  const out: number[] = [];
  if (step > 0) for (let i = start; i < stop; i += step) out.push(i);
  if (step < 0) for (let i = start; i > stop; i += step) out.push(i);
  return out;
}

function seq(args: number[]): string {
  const [start, step, end] =
    args.length === 1
      ? [1, 1, args[0]]
      : args.length === 2
        ? [args[0], 1, args[1]]
        : [args[0], args[1], args[2]];
  const direction = args.length < 3 && end < start ? -1 : step;
  if (direction === 0) return '';
  const out: number[] = [];
  for (let i = start; direction > 0 ? i <= end : i >= end; i += direction) out.push(i);
  return out.join(' ');
}

function atoi(value: unknown): number {
  if (typeof value !== 'string') return fail(`sprig.atoi expects a string, got ${typeName(value)}`);
  return /^[+-]?\d+$/.test(value) ? Number.parseInt(value, 10) : 0;
}

/** sprig's integer arithmetic (int64 semantics: operands truncated), conversions and number ranges. */
export const SPRIG_MATH: ExprFunction[] = [
  define('atoi', 1, 1, (a) => atoi(a[0])),
  define('int', 1, 1, (a) => castToInt(a[0])),
  define('int64', 1, 1, (a) => castToInt(a[0])),
  define('float64', 1, 1, (a) => castToFloat(a[0])),
  define('add', 0, -1, (a) => a.reduce<number>((sum, v) => sum + castToInt(v), 0)),
  define('add1', 1, 1, (a) => castToInt(a[0]) + 1),
  define('sub', 2, 2, (a) => castToInt(a[0]) - castToInt(a[1])),
  define('mul', 1, -1, (a) => a.reduce<number>((product, v) => product * castToInt(v), 1)),
  define('div', 2, 2, (a) => divide(castToInt(a[0]), castToInt(a[1]), 'div')),
  define('mod', 2, 2, (a) => divide(castToInt(a[0]), castToInt(a[1]), 'mod')),
  define('max', 1, -1, (a) => Math.max(...a.map(castToInt))),
  define('min', 1, -1, (a) => Math.min(...a.map(castToInt))),
  define('floor', 1, 1, (a) => Math.floor(castToFloat(a[0]))),
  define('ceil', 1, 1, (a) => Math.ceil(castToFloat(a[0]))),
  define('until', 1, 1, (a) => {
    const n = integerArg('until', a, 0);
    return range(0, n, n >= 0 ? 1 : -1);
  }),
  define('untilStep', 3, 3, (a) =>
    range(integerArg('untilStep', a, 0), integerArg('untilStep', a, 1), integerArg('untilStep', a, 2)),
  ),
  define('seq', 1, 3, (a) => seq(a.map((_, i) => numberArg('seq', a, i)))),
];
