import { fail } from './errors.js';
import { compileGoRegex } from './regex.js';
import { compare, Duration, isEqual, isInteger, isMap, isNil, typeName } from './values.js';

type BinaryOperator = (left: unknown, right: unknown) => unknown;

function mismatch(op: string, left: unknown, right: unknown): never {
  return fail(`invalid operation: ${typeName(left)} ${op} ${typeName(right)} (mismatched types)`);
}

function numbers(op: string, left: unknown, right: unknown): [number, number] {
  if (typeof left !== 'number' || typeof right !== 'number') return mismatch(op, left, right);
  return [left, right];
}

function strings(op: string, left: unknown, right: unknown): [string, string] {
  if (typeof left !== 'string' || typeof right !== 'string') return mismatch(op, left, right);
  return [left, right];
}

function add(left: unknown, right: unknown): unknown {
  if (typeof left === 'number' && typeof right === 'number') return left + right;
  if (typeof left === 'string' && typeof right === 'string') return left + right;
  if (Array.isArray(left) && Array.isArray(right)) return [...left, ...right];
  if (left instanceof Date && right instanceof Duration)
    return new Date(left.getTime() + right.nanoseconds / 1e6);
  if (left instanceof Duration && right instanceof Date) return add(right, left);
  if (left instanceof Duration && right instanceof Duration)
    return new Duration(left.nanoseconds + right.nanoseconds);
  return mismatch('+', left, right);
}

function subtract(left: unknown, right: unknown): unknown {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (left instanceof Date && right instanceof Date)
    return new Duration((left.getTime() - right.getTime()) * 1e6);
  if (left instanceof Date && right instanceof Duration)
    return new Date(left.getTime() - right.nanoseconds / 1e6);
  if (left instanceof Duration && right instanceof Duration)
    return new Duration(left.nanoseconds - right.nanoseconds);
  return mismatch('-', left, right);
}

function multiply(left: unknown, right: unknown): unknown {
  if (left instanceof Duration && typeof right === 'number') return new Duration(left.nanoseconds * right);
  if (typeof left === 'number' && right instanceof Duration) return new Duration(left * right.nanoseconds);
  const [a, b] = numbers('*', left, right);
  return a * b;
}

function modulo(left: unknown, right: unknown): unknown {
  const [a, b] = numbers('%', left, right);
  if (!isInteger(a) || !isInteger(b)) return fail(`invalid operation: operator % not defined on float`);
  if (b === 0) return fail('integer divide by zero');
  const result = a % b;
  return result === 0 ? 0 : result;
}

function membership(left: unknown, right: unknown): boolean {
  if (Array.isArray(right)) return right.some((item) => isEqual(item, left));
  if (isMap(right)) return typeof left === 'string' && Object.hasOwn(right, left);
  if (isNil(right)) return false;
  return fail(`invalid operation: ${typeName(left)} in ${typeName(right)}`);
}

function range(left: unknown, right: unknown): number[] {
  const [from, to] = numbers('..', left, right);
  if (!isInteger(from) || !isInteger(to)) return fail('invalid operation: .. requires integers');
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}

/** The binary operators evaluated on two already-evaluated operands (`&&`, `||`, `??` short-circuit elsewhere). */
export const BINARY_OPERATORS: Record<string, BinaryOperator> = {
  '+': add,
  '-': subtract,
  '*': multiply,
  '/': (l, r) => {
    const [a, b] = numbers('/', l, r);
    return a / b;
  },
  '%': modulo,
  '**': (l, r) => {
    const [a, b] = numbers('**', l, r);
    return a ** b;
  },
  '==': (l, r) => isEqual(l, r),
  '!=': (l, r) => !isEqual(l, r),
  '<': (l, r) => compare(l, r, '<') < 0,
  '>': (l, r) => compare(l, r, '>') > 0,
  '<=': (l, r) => compare(l, r, '<=') <= 0,
  '>=': (l, r) => compare(l, r, '>=') >= 0,
  in: membership,
  '..': range,
  matches: (l, r) => {
    const [text, pattern] = strings('matches', l, r);
    const regex = compileGoRegex(pattern);
    return regex.test(text);
  },
  contains: (l, r) => {
    const [a, b] = strings('contains', l, r);
    return a.includes(b);
  },
  startsWith: (l, r) => {
    const [a, b] = strings('startsWith', l, r);
    return a.startsWith(b);
  },
  endsWith: (l, r) => {
    const [a, b] = strings('endsWith', l, r);
    return a.endsWith(b);
  },
};

/** Unary `-`, `+` and `!`. */
export function applyUnary(op: string, value: unknown): unknown {
  if (op === '!') {
    if (typeof value !== 'boolean') return fail(`invalid operation: ! ${typeName(value)} (expected bool)`);
    return !value;
  }
  if (typeof value === 'number') return op === '-' ? -value : value;
  if (value instanceof Duration) return op === '-' ? new Duration(-value.nanoseconds) : value;
  return fail(`invalid operation: ${op} ${typeName(value)}`);
}
