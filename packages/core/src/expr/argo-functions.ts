import { define, parseFloatString, parseIntegerString } from './args.js';
import { fail } from './errors.js';
import { fromJson, toGoJson } from './json.js';
import { lookupJsonPath } from './jsonpath.js';
import type { ExprFunction } from './values.js';
import { typeName } from './values.js';

function asInt(value: unknown): number {
  if (typeof value === 'number') {
    return Number.isInteger(value) ? value : fail(`asInt(): ${value} is not an integer`);
  }
  if (typeof value === 'string') return parseIntegerString('asInt', value.trim());
  return fail(`asInt(): cannot convert ${typeName(value)} to an integer`);
}

function asFloat(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseFloatString('asFloat', value.trim());
  return fail(`asFloat(): cannot convert ${typeName(value)} to a float`);
}

function jsonpath(document: unknown, path: unknown): unknown {
  if (typeof path !== 'string') return fail(`jsonpath() path must be a string, got ${typeName(path)}`);
  const decoded = typeof document === 'string' ? fromJson(document) : document;
  return lookupJsonPath(decoded, path);
}

/** Helpers Argo adds to expr-lang's environment. */
export const ARGO_FUNCTIONS: Readonly<Record<string, ExprFunction>> = {
  asInt: define('asInt', 1, 1, (a) => asInt(a[0])),
  asFloat: define('asFloat', 1, 1, (a) => asFloat(a[0])),
  jsonpath: define('jsonpath', 2, 2, (a) => jsonpath(a[0], a[1])),
  toJson: define('toJson', 1, 1, (a) => toGoJson(a[0])),
};
