import type { CallNode, MemberNode, Node, SliceNode } from './ast.js';
import { BUILTIN_VALUES, BUILTINS } from './builtins.js';
import { fail } from './errors.js';
import { applyUnary, BINARY_OPERATORS } from './operators.js';
import { callPredicateBuiltin, isPredicateBuiltin, type Predicate } from './predicates.js';
import { Duration, ExprFunction, isInteger, isMap, isNil, toBool, typeName } from './values.js';

/** The current element of a predicate (`#`), its index (`#index`) and a reduce accumulator (`#acc`). */
interface Frame {
  readonly value: unknown;
  readonly index: number;
  readonly acc?: unknown;
}

/** What an expression can see: the caller's env, `let` variables and the innermost predicate frame. */
export interface Scope {
  readonly env: Record<string, unknown>;
  readonly vars: ReadonlyMap<string, unknown>;
  readonly frame: Frame | undefined;
}

/** A map and the dotted key, relative to it, that names the value being located. */
interface Anchor {
  readonly map: Record<string, unknown>;
  readonly key: string;
}

/**
 * A value and the anchors it can also be reached from as a flat dotted key: the env itself
 * (`env['inputs.parameters.x']`) and every map passed on the way (`inputs['parameters.x']`).
 */
interface Located {
  readonly value: unknown;
  readonly anchors: readonly Anchor[];
}

/** Evaluates a syntax tree; runtime problems are thrown as EvalFailure. */
export function evaluateNode(node: Node, scope: Scope): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'identifier':
    case 'member':
      return locate(node, scope).value;
    case 'pointer':
      return readPointer(node.name, scope);
    case 'unary':
      return applyUnary(node.op, evaluateNode(node.operand, scope));
    case 'binary':
      return evaluateBinary(node.op, node.left, node.right, scope);
    case 'slice':
      return evaluateSlice(node, scope);
    case 'call':
      return evaluateCall(node, scope);
    case 'closure':
      return fail('a predicate can only be passed to a builtin such as filter or map');
    case 'array':
      return node.elements.map((element) => evaluateNode(element, scope));
    case 'map':
      return evaluateMap(node.entries, scope);
    case 'conditional':
      return toBool(evaluateNode(node.test, scope), '?:')
        ? evaluateNode(node.consequent, scope)
        : evaluateNode(node.alternate, scope);
    case 'let': {
      const vars = new Map(scope.vars);
      vars.set(node.name, evaluateNode(node.value, scope));
      return evaluateNode(node.body, { ...scope, vars });
    }
  }
}

function readPointer(name: '' | 'index' | 'acc', scope: Scope): unknown {
  const frame = scope.frame;
  if (frame === undefined) return fail(`#${name} can only be used inside a predicate`);
  if (name === 'index') return frame.index;
  if (name === 'acc') return frame.acc;
  return frame.value;
}

function evaluateBinary(op: string, left: Node, right: Node, scope: Scope): unknown {
  if (op === '&&') return toBool(evaluateNode(left, scope), op) && toBool(evaluateNode(right, scope), op);
  if (op === '||') return toBool(evaluateNode(left, scope), op) || toBool(evaluateNode(right, scope), op);
  if (op === '??') {
    const value = evaluateNode(left, scope);
    return isNil(value) ? evaluateNode(right, scope) : value;
  }
  if (op === '?:') {
    const value = evaluateNode(left, scope);
    return isNil(value) || value === false || value === 0 || value === ''
      ? evaluateNode(right, scope)
      : value;
  }
  const apply = BINARY_OPERATORS[op];
  if (apply === undefined) return fail(`unknown operator ${op}`);
  return apply(evaluateNode(left, scope), evaluateNode(right, scope));
}

function evaluateMap(entries: readonly { key: Node; value: Node }[], scope: Scope): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const entry of entries) {
    const key = evaluateNode(entry.key, scope);
    if (typeof key !== 'string' && typeof key !== 'number') {
      return fail(`map keys must be strings, got ${typeName(key)}`);
    }
    out[String(key)] = evaluateNode(entry.value, scope);
  }
  return out;
}

/** Resolves identifiers and member chains, trying nested maps first and then flat dotted keys. */
function locate(node: Node, scope: Scope): Located {
  if (node.type === 'identifier') return locateIdentifier(node.name, scope);
  if (node.type !== 'member') return { value: evaluateNode(node, scope), anchors: [] };
  const object = locate(node.object, scope);
  const key = evaluateNode(node.property, scope);
  if (typeof key !== 'string') return { value: fetch(object.value, key), anchors: [] };
  const anchors = object.anchors.map((a) => ({ map: a.map, key: `${a.key}.${key}` }));
  if (isMap(object.value)) anchors.push({ map: object.value, key });
  for (let i = anchors.length - 1; i >= 0; i--) {
    const anchor = anchors[i];
    if (Object.hasOwn(anchor.map, anchor.key)) return { value: anchor.map[anchor.key], anchors };
  }
  return { value: fetch(object.value, key), anchors };
}

function locateIdentifier(name: string, scope: Scope): Located {
  if (scope.vars.has(name)) return { value: scope.vars.get(name), anchors: [] };
  const anchors = [{ map: scope.env, key: name }];
  if (Object.hasOwn(scope.env, name)) return { value: scope.env[name], anchors };
  if (Object.hasOwn(BUILTIN_VALUES, name)) return { value: BUILTIN_VALUES[name], anchors: [] };
  return { value: undefined, anchors };
}

/** `object[key]`: map keys (missing → nil), array and string indexes (negative counts from the end), methods. */
export function fetch(object: unknown, key: unknown): unknown {
  if (isNil(object)) return undefined;
  if (Array.isArray(object) || typeof object === 'string') {
    if (!isInteger(key)) return fail(`cannot fetch ${JSON.stringify(key)} from ${typeName(object)}`);
    const items = typeof object === 'string' ? Array.from(object) : object;
    const index = key < 0 ? items.length + key : key;
    if (index < 0 || index >= items.length) {
      return fail(`index out of range: ${key} (${typeName(object)} of length ${items.length})`);
    }
    return items[index];
  }
  if (isMap(object)) {
    const name = String(key);
    return Object.hasOwn(object, name) ? object[name] : undefined;
  }
  if ((object instanceof Date || object instanceof Duration) && typeof key === 'string') {
    return boundMethod(object, key);
  }
  return fail(`cannot fetch ${JSON.stringify(key)} from ${typeName(object)}`);
}

function boundMethod(object: Date | Duration, name: string): ExprFunction {
  if (object instanceof Duration) {
    const method = (object as unknown as Record<string, unknown>)[name];
    if (typeof method !== 'function' || !/^[A-Z]/.test(name))
      return fail(`time.Duration has no method ${name}`);
    return new ExprFunction(name, () => method.call(object));
  }
  const methods: Record<string, () => unknown> = {
    Unix: () => Math.floor(object.getTime() / 1000),
    UnixMilli: () => object.getTime(),
    Year: () => object.getUTCFullYear(),
    Month: () => object.getUTCMonth() + 1,
    Day: () => object.getUTCDate(),
    Hour: () => object.getUTCHours(),
    Minute: () => object.getUTCMinutes(),
    Second: () => object.getUTCSeconds(),
    String: () => object.toISOString(),
  };
  const method = methods[name];
  if (method === undefined) return fail(`time.Time has no method ${name}`);
  return new ExprFunction(name, () => method());
}

function evaluateSlice(node: SliceNode, scope: Scope): unknown {
  const object = evaluateNode(node.object, scope);
  if (!Array.isArray(object) && typeof object !== 'string') return fail(`cannot slice ${typeName(object)}`);
  const items = typeof object === 'string' ? Array.from(object) : object;
  const bound = (n: Node | undefined, fallback: number): number => {
    if (n === undefined) return fallback;
    const value = evaluateNode(n, scope);
    if (!isInteger(value)) return fail(`slice bounds must be integers, got ${typeName(value)}`);
    const index = value < 0 ? items.length + value : value;
    return Math.min(Math.max(index, 0), items.length);
  };
  const from = bound(node.from, 0);
  const to = Math.max(bound(node.to, items.length), from);
  const part = items.slice(from, to);
  return typeof object === 'string' ? part.join('') : part;
}

function evaluateCall(node: CallNode, scope: Scope): unknown {
  const callee = node.callee;
  if (
    callee.type === 'identifier' &&
    !scope.vars.has(callee.name) &&
    !isCallable(ownEnv(scope, callee.name))
  ) {
    if (isPredicateBuiltin(callee.name)) return callPredicate(callee.name, node.args, scope);
    const builtin = BUILTINS[callee.name];
    if (builtin === undefined) return fail(`unknown function ${callee.name}()`);
    return builtin.call(node.args.map((arg) => evaluateNode(arg, scope)));
  }
  const fn = callee.type === 'member' ? locateMethod(callee, scope) : evaluateNode(callee, scope);
  const args = node.args.map((arg) => evaluateNode(arg, scope));
  if (fn instanceof ExprFunction) return fn.call(args);
  if (typeof fn === 'function') return (fn as (...a: unknown[]) => unknown)(...args);
  return fail(`${describeCallee(callee)} is not a function (it is ${typeName(fn)})`);
}

function locateMethod(callee: MemberNode, scope: Scope): unknown {
  const fn = locate(callee, scope).value;
  if (fn === undefined) return fail(`unknown function ${describeCallee(callee)}()`);
  return fn;
}

function ownEnv(scope: Scope, name: string): unknown {
  return Object.hasOwn(scope.env, name) ? scope.env[name] : undefined;
}

function isCallable(value: unknown): boolean {
  return typeof value === 'function' || value instanceof ExprFunction;
}

function describeCallee(node: Node): string {
  if (node.type === 'identifier') return node.name;
  if (node.type === 'member' && node.property.type === 'literal') {
    return `${describeCallee(node.object)}.${String(node.property.value)}`;
  }
  return 'value';
}

function callPredicate(name: string, args: readonly Node[], scope: Scope): unknown {
  const [collectionNode, closure, ...rest] = args;
  if (collectionNode === undefined) return fail(`${name}() expects a collection`);
  const collection = evaluateNode(collectionNode, scope);
  let predicate: Predicate | undefined;
  if (closure !== undefined) {
    const body = closure.type === 'closure' ? closure.body : closure;
    predicate = (value, index, acc) => evaluateNode(body, { ...scope, frame: { value, index, acc } });
  }
  return callPredicateBuiltin(
    name,
    collection,
    predicate,
    rest.map((arg) => evaluateNode(arg, scope)),
  );
}
