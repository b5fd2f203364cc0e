import { compileGoRegexp } from './go-regexp.js';
import type { WhenNode } from './parser.js';
import { formatValue, isArray, isPattern, valuesEqual, type WhenValue } from './value.js';

/**
 * Evaluates a parsed `when` tree with govaluate's rules: operands left then right, `&&`/`||`
 * short-circuit only on a literal `false`/`true` left side (before any type check), then types are
 * checked per operator: arithmetic wants numbers, `+` also concatenates when a side is a string,
 * `< <= > >=` want two numbers or two strings, `=~`/`!~` a string and a pattern, `in` a list.
 * `==`/`!=` compare anything (different types are never equal).
 */

export class EvaluationError extends Error {}

/** Evaluates a tree; a nil operand is null. No parameters exist (Argo passes none to govaluate). */
export function evaluateNode(node: WhenNode | undefined): WhenValue {
  if (node === undefined) return null;
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'group':
      return evaluateNode(node.inner);
    case 'accessor':
      evaluateNode(node.args);
      throw new EvaluationError(`'${node.name}' reads a parameter, and there are none`);
    case 'prefix':
      return applyPrefix(node.operator, evaluateNode(node.operand));
    case 'binary':
      return evaluateBinary(node.operator, node.left, node.right);
  }
}

/** Marks a ternary branch that was skipped, as distinct from a nil value. */
const SKIPPED = Symbol('skipped');

function evaluateBinary(operator: string, leftNode: WhenNode | undefined, rightNode: WhenNode | undefined) {
  const left = evaluateNode(leftNode);
  if (operator === '&&' && left === false) return false;
  if (operator === '||' && left === true) return true;
  if (operator === '??' && left !== null) return left;
  const skipRight = (operator === '?' && left === false) || (operator === ':' && left !== null);
  const right = skipRight ? SKIPPED : evaluateNode(rightNode);
  return applyBinary(operator, left, right);
}

function typeError(value: WhenValue, operator: string, what: string): EvaluationError {
  return new EvaluationError(`'${formatValue(value)}' cannot be used with '${operator}': ${what}`);
}

function applyPrefix(operator: string, value: WhenValue): WhenValue {
  if (operator === '!') {
    if (typeof value !== 'boolean') throw typeError(value, operator, 'it is not a boolean');
    return !value;
  }
  if (typeof value !== 'number') throw typeError(value, operator, 'it is not a number');
  return operator === '-' ? -value : Number(BigInt.asIntN(64, ~toInt64(value)));
}

function applyBinary(operator: string, left: WhenValue, right: WhenValue | typeof SKIPPED): WhenValue {
  const r = right === SKIPPED ? null : right;
  switch (operator) {
    case '==':
      return valuesEqual(left, r);
    case '!=':
      return !valuesEqual(left, r);
    case '&&':
    case '||':
      return applyLogical(operator, left, r);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return applyOrdering(operator, left, r);
    case '=~':
    case '!~':
      return applyRegex(operator, left, r);
    case 'in':
      if (!isArray(r)) throw typeError(r, operator, 'it is not a list');
      return r.some((item) => !isArray(item) && valuesEqual(left, item));
    case '+':
      return applyPlus(left, r);
    case '?':
      if (typeof left !== 'boolean') throw typeError(left, operator, 'it is not a boolean');
      return left ? r : null;
    case ':':
    case '??':
      return left !== null ? left : r;
    case ',':
      return isArray(left) ? [...left, r] : [left, r];
    default:
      return applyArithmetic(operator, left, r);
  }
}

function applyLogical(operator: string, left: WhenValue, right: WhenValue): boolean {
  if (typeof left !== 'boolean') throw typeError(left, operator, 'it is not a boolean');
  if (typeof right !== 'boolean') throw typeError(right, operator, 'it is not a boolean');
  return operator === '&&' ? left && right : left || right;
}

function applyOrdering(operator: string, left: WhenValue, right: WhenValue): boolean {
  const bothNumbers = typeof left === 'number' && typeof right === 'number';
  const bothStrings = typeof left === 'string' && typeof right === 'string';
  if (!bothNumbers && !bothStrings) {
    throw typeError(left, operator, `it must be two numbers or two strings, not ${formatValue(right)}`);
  }
  const [a, b] = bothStrings
    ? [compareCodePoints(left as string, right as string), 0]
    : [left as number, right as number];
  if (operator === '<') return a < b;
  if (operator === '<=') return a <= b;
  if (operator === '>') return a > b;
  return a >= b;
}

/** Go compares strings by UTF-8 bytes, which orders like code points (UTF-16 units do not). */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}

function applyRegex(operator: string, left: WhenValue, right: WhenValue): boolean {
  if (typeof left !== 'string') throw typeError(left, operator, 'it is not a string');
  if (typeof right !== 'string' && !isPattern(right)) throw typeError(right, operator, 'it is not a pattern');
  const pattern = typeof right === 'string' ? compileGoRegexp(right) : right;
  if (typeof pattern === 'string') throw new EvaluationError(pattern);
  const matched = pattern.regex.test(left);
  return operator === '=~' ? matched : !matched;
}

function applyPlus(left: WhenValue, right: WhenValue): WhenValue {
  if (typeof left === 'number' && typeof right === 'number') return left + right;
  if (typeof left === 'string' || typeof right === 'string') return formatValue(left) + formatValue(right);
  throw typeError(left, '+', 'it is not a number or a string');
}

function applyArithmetic(operator: string, left: WhenValue, right: WhenValue): number {
  if (typeof left !== 'number') throw typeError(left, operator, 'it is not a number');
  if (typeof right !== 'number') throw typeError(right, operator, 'it is not a number');
  switch (operator) {
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
    case '%':
      return left % right;
    case '**':
      return left ** right;
    default:
      return applyBitwise(operator, left, right);
  }
}

function applyBitwise(operator: string, left: number, right: number): number {
  if (operator === '<<' || operator === '>>') {
    const shift = BigInt.asUintN(64, toInt64(right));
    if (shift >= 64n) return 0;
    const base = BigInt.asUintN(64, toInt64(left));
    return Number(operator === '<<' ? BigInt.asUintN(64, base << shift) : base >> shift);
  }
  const a = toInt64(left);
  const b = toInt64(right);
  const result = operator === '&' ? a & b : operator === '|' ? a | b : a ^ b;
  return Number(BigInt.asIntN(64, result));
}

/** Go's float64 → int64 conversion on amd64 (out of range and NaN become the minimum int64). */
function toInt64(n: number): bigint {
  if (!Number.isFinite(n) || Math.abs(n) >= 2 ** 63) return -(2n ** 63n);
  return BigInt(Math.trunc(n));
}
