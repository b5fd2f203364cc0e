import { fail } from './errors.js';
import { compare, isMap, isNil, typeName } from './values.js';

/** A closure body evaluated with `#` bound to `value`, `#index` to `index` and `#acc` to `acc`. */
export type Predicate = (value: unknown, index: number, acc?: unknown) => unknown;

type PredicateBuiltin = (
  items: unknown[],
  predicate: Predicate | undefined,
  rest: unknown[],
  name: string,
) => unknown;

function test(predicate: Predicate, value: unknown, index: number, name: string): boolean {
  const result = predicate(value, index);
  if (typeof result === 'boolean') return result;
  if (isNil(result)) return false;
  return fail(`${name}() predicate must return bool, got ${typeName(result)}`);
}

function required(predicate: Predicate | undefined, name: string): Predicate {
  return predicate ?? fail(`${name}() expects a predicate as its second argument`);
}

function findIndexFrom(items: unknown[], predicate: Predicate, name: string, fromEnd: boolean): number {
  for (let n = 0; n < items.length; n++) {
    const i = fromEnd ? items.length - 1 - n : n;
    if (test(predicate, items[i], i, name)) return i;
  }
  return -1;
}

function sum(items: unknown[], predicate: Predicate | undefined): number {
  let total = 0;
  items.forEach((item, i) => {
    const value = predicate ? predicate(item, i) : item;
    if (typeof value !== 'number') fail(`sum() expects numbers, got ${typeName(value)}`);
    total += value as number;
  });
  return total;
}

function reduce(items: unknown[], predicate: Predicate | undefined, rest: unknown[]): unknown {
  const fn = required(predicate, 'reduce');
  if (items.length === 0 && rest.length === 0)
    return fail('reduce() of an empty array with no initial value');
  let acc = rest.length > 0 ? rest[0] : items[0];
  const start = rest.length > 0 ? 0 : 1;
  for (let i = start; i < items.length; i++) acc = fn(items[i], i, acc);
  return acc;
}

function groupBy(items: unknown[], predicate: Predicate | undefined): Record<string, unknown[]> {
  const fn = required(predicate, 'groupBy');
  const groups: Record<string, unknown[]> = {};
  items.forEach((item, i) => {
    const key = String(fn(item, i));
    if (!Object.hasOwn(groups, key)) groups[key] = [];
    groups[key].push(item);
  });
  return groups;
}

function sortBy(items: unknown[], predicate: Predicate | undefined, rest: unknown[]): unknown[] {
  const fn = required(predicate, 'sortBy');
  const order = rest[0] ?? 'asc';
  if (order !== 'asc' && order !== 'desc') return fail(`sortBy() order must be "asc" or "desc"`);
  const keyed = items.map((item, i) => ({ item, key: fn(item, i) }));
  keyed.sort((a, b) => compare(a.key, b.key, 'sortBy') * (order === 'desc' ? -1 : 1));
  return keyed.map((k) => k.item);
}

const PREDICATE_BUILTINS: Record<string, PredicateBuiltin> = {
  all: (items, p, _, name) => items.every((item, i) => test(required(p, name), item, i, name)),
  any: (items, p, _, name) => items.some((item, i) => test(required(p, name), item, i, name)),
  none: (items, p, _, name) => !items.some((item, i) => test(required(p, name), item, i, name)),
  one: (items, p, _, name) => items.filter((item, i) => test(required(p, name), item, i, name)).length === 1,
  filter: (items, p, _, name) => items.filter((item, i) => test(required(p, name), item, i, name)),
  map: (items, p, _, name) => items.map((item, i) => required(p, name)(item, i)),
  count: (items, p, _, name) =>
    p === undefined
      ? items.filter((item) => item === true).length
      : items.filter((item, i) => test(p, item, i, name)).length,
  find: (items, p, _, name) => {
    const i = findIndexFrom(items, required(p, name), name, false);
    return i < 0 ? undefined : items[i];
  },
  findIndex: (items, p, _, name) => findIndexFrom(items, required(p, name), name, false),
  findLast: (items, p, _, name) => {
    const i = findIndexFrom(items, required(p, name), name, true);
    return i < 0 ? undefined : items[i];
  },
  findLastIndex: (items, p, _, name) => findIndexFrom(items, required(p, name), name, true),
  sum: (items, p) => sum(items, p),
  reduce: (items, p, rest) => reduce(items, p, rest),
  groupBy: (items, p) => groupBy(items, p),
  sortBy: (items, p, rest) => sortBy(items, p, rest),
};

/** Whether `name` is a builtin whose second argument is a predicate. */
export function isPredicateBuiltin(name: string): boolean {
  return Object.hasOwn(PREDICATE_BUILTINS, name);
}

/** Runs a predicate builtin over an array (or a map's values). */
export function callPredicateBuiltin(
  name: string,
  collection: unknown,
  predicate: Predicate | undefined,
  rest: unknown[],
): unknown {
  const items = Array.isArray(collection)
    ? collection
    : isMap(collection)
      ? Object.values(collection)
      : fail(`${name}() expects an array, got ${typeName(collection)}`);
  return PREDICATE_BUILTINS[name](items, predicate, rest, name);
}
