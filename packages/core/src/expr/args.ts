import { fail } from './errors.js';
import { ExprFunction, isInteger, isMap, type PlainMap, typeName } from './values.js';

/** Declares a builtin; `min`/`max` bound the argument count (max -1 for variadic). */
export function define(
  name: string,
  min: number,
  max: number,
  impl: (args: unknown[]) => unknown,
): ExprFunction {
  return new ExprFunction(name, (args) => {
    if (args.length < min || (max >= 0 && args.length > max)) {
      const expected = min === max ? `${min}` : max < 0 ? `at least ${min}` : `${min} to ${max}`;
      return fail(`${name}() expects ${expected} argument(s), got ${args.length}`);
    }
    return impl(args);
  });
}

function wrongType(name: string, position: number, expected: string, value: unknown): never {
  return fail(`${name}() argument ${position + 1} must be ${expected}, got ${typeName(value)}`);
}

export function stringArg(name: string, args: unknown[], i: number): string {
  const value = args[i];
  return typeof value === 'string' ? value : wrongType(name, i, 'a string', value);
}

export function numberArg(name: string, args: unknown[], i: number): number {
  const value = args[i];
  return typeof value === 'number' ? value : wrongType(name, i, 'a number', value);
}

export function integerArg(name: string, args: unknown[], i: number): number {
  const value = args[i];
  return isInteger(value) ? value : wrongType(name, i, 'an integer', value);
}

export function arrayArg(name: string, args: unknown[], i: number): unknown[] {
  const value = args[i];
  return Array.isArray(value) ? value : wrongType(name, i, 'an array', value);
}

export function mapArg(name: string, args: unknown[], i: number): PlainMap {
  const value = args[i];
  return isMap(value) ? value : wrongType(name, i, 'a map', value);
}

/** Parses a decimal integer string as Go's strconv.Atoi does (no fractions, no spaces). */
export function parseIntegerString(name: string, text: string): number {
  if (!/^[+-]?\d+$/.test(text)) return fail(`${name}(): cannot parse ${JSON.stringify(text)} as an integer`);
  return Number.parseInt(text, 10);
}

/** Parses a float string as Go's strconv.ParseFloat does for ordinary decimal input. */
export function parseFloatString(name: string, text: string): number {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    return fail(`${name}(): cannot parse ${JSON.stringify(text)} as a float`);
  }
  return Number(text);
}

/** Variadic numeric arguments, or a single array of numbers. */
export function numbersFrom(name: string, args: unknown[]): number[] {
  const values = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  return values.map((v, i) => (typeof v === 'number' ? v : wrongType(name, i, 'a number', v)));
}
