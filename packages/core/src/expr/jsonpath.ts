import type { Node } from './ast.js';
import { EvalFailure, fail } from './errors.js';
import { BINARY_OPERATORS } from './operators.js';
import { parse } from './parser.js';
import { isMap, isNil, typeName } from './values.js';

type Segment =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'indexes'; readonly indexes: readonly number[] }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'slice'; readonly from: number | undefined; readonly to: number | undefined }
  | { readonly kind: 'filter'; readonly predicate: Node };

/**
 * Looks a JSONPath up in a decoded JSON document, as Argo's `jsonpath()` does: `$`, `.key`, `['key']`,
 * `[n]`, `[a,b]`, `[*]`, `[from:to]` (inclusive of `to`, like Argo's library) and filters
 * `[?(@.age > 42 && @.name == "x")]`. A single match is returned as is; wildcards, slices and filters
 * return a list.
 */
export function lookupJsonPath(document: unknown, path: string): unknown {
  const segments = parsePath(path);
  let values: unknown[] = [document];
  let multiple = false;
  for (const segment of segments) {
    if (segment.kind !== 'key' && !(segment.kind === 'indexes' && segment.indexes.length === 1))
      multiple = true;
    values = values.flatMap((value) => applySegment(segment, value, multiple));
  }
  return multiple ? values : values[0];
}

function applySegment(segment: Segment, value: unknown, lenient: boolean): unknown[] {
  switch (segment.kind) {
    case 'key':
      if (isMap(value) && Object.hasOwn(value, segment.key)) return [value[segment.key]];
      return lenient
        ? []
        : fail(`jsonpath: key ${JSON.stringify(segment.key)} not found in ${typeName(value)}`);
    case 'indexes':
      return segment.indexes.map((i) => elementAt(value, i));
    case 'wildcard':
      if (Array.isArray(value)) return value;
      if (isMap(value))
        return Object.keys(value)
          .sort()
          .map((k) => value[k]);
      return fail(`jsonpath: cannot use [*] on ${typeName(value)}`);
    case 'slice':
      return sliceInclusive(value, segment.from, segment.to);
    case 'filter':
      if (!Array.isArray(value)) return fail(`jsonpath: cannot filter ${typeName(value)}`);
      return value.filter((item) => matchesFilter(segment.predicate, item));
  }
}

function elementAt(value: unknown, index: number): unknown {
  if (!Array.isArray(value)) return fail(`jsonpath: cannot index ${typeName(value)}`);
  const i = index < 0 ? value.length + index : index;
  if (i < 0 || i >= value.length)
    return fail(`jsonpath: index ${index} out of range (length ${value.length})`);
  return value[i];
}

function sliceInclusive(value: unknown, from: number | undefined, to: number | undefined): unknown[] {
  if (!Array.isArray(value)) return fail(`jsonpath: cannot slice ${typeName(value)}`);
  const start = from === undefined ? 0 : from < 0 ? value.length + from : from;
  const end = to === undefined ? value.length - 1 : to < 0 ? value.length + to : to;
  if (start < 0 || start >= value.length) return fail(`jsonpath: slice start ${from} out of range`);
  if (end < 0 || end >= value.length) return fail(`jsonpath: slice end ${to} out of range`);
  return value.slice(start, end + 1);
}

function parsePath(path: string): Segment[] {
  if (!path.startsWith('$')) return fail(`jsonpath: path must start with $: ${JSON.stringify(path)}`);
  const segments: Segment[] = [];
  let i = 1;
  while (i < path.length) {
    if (path.startsWith('..', i)) return fail('jsonpath: recursive descent (..) is not supported');
    if (path[i] === '.') {
      const match = /^[^.[]+/.exec(path.slice(i + 1));
      if (!match) return fail(`jsonpath: expected a key after "." at position ${i}`);
      segments.push(match[0] === '*' ? { kind: 'wildcard' } : { kind: 'key', key: match[0] });
      i += 1 + match[0].length;
    } else if (path[i] === '[') {
      const end = closingBracket(path, i);
      segments.push(parseBracket(path.slice(i + 1, end).trim()));
      i = end + 1;
    } else {
      return fail(`jsonpath: unexpected ${JSON.stringify(path[i])} at position ${i}`);
    }
  }
  return segments;
}

function closingBracket(path: string, open: number): number {
  let quote = '';
  let depth = 0;
  for (let i = open; i < path.length; i++) {
    const c = path[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return fail(`jsonpath: unclosed [ at position ${open}`);
}

function parseBracket(inner: string): Segment {
  if (inner === '*') return { kind: 'wildcard' };
  const quoted = /^(['"])(.*)\1$/.exec(inner);
  if (quoted) return { kind: 'key', key: quoted[2] };
  if (/^-?\d+(\s*,\s*-?\d+)*$/.test(inner)) return { kind: 'indexes', indexes: inner.split(',').map(Number) };
  const slice = /^(-?\d+)?\s*:\s*(-?\d+)?$/.exec(inner);
  if (slice) {
    const bound = (text: string | undefined) => (text === undefined ? undefined : Number(text));
    return { kind: 'slice', from: bound(slice[1]), to: bound(slice[2]) };
  }
  const filter = /^\?\((.*)\)$/s.exec(inner);
  if (filter) return { kind: 'filter', predicate: parseFilter(filter[1]) };
  return fail(`jsonpath: unsupported selector [${inner}]`);
}

/** Reads a filter with the expression parser, `@` standing for the current element. */
function parseFilter(text: string): Node {
  const translated = text.replace(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|@|=~/g, (whole, quoted) =>
    quoted !== undefined ? quoted : whole === '@' ? '#' : ' matches ',
  );
  try {
    return parse(translated);
  } catch {
    return fail(`jsonpath: cannot parse filter ${JSON.stringify(text)}`);
  }
}

function matchesFilter(predicate: Node, item: unknown): boolean {
  try {
    const result = evaluateFilter(predicate, item);
    return typeof result === 'boolean' ? result : !isNil(result);
  } catch (error) {
    if (error instanceof EvalFailure) return false;
    throw error;
  }
}

/** A small evaluator for filters: literals, `@.a.b`, comparisons, `&&`, `||` and `!`. */
function evaluateFilter(node: Node, item: unknown): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'pointer':
      return item;
    case 'member': {
      const object = evaluateFilter(node.object, item);
      const key = evaluateFilter(node.property, item);
      if (isMap(object) && typeof key === 'string') return object[key];
      if (Array.isArray(object) && typeof key === 'number') return object[key];
      return undefined;
    }
    case 'unary':
      return node.op === '!' ? !evaluateFilter(node.operand, item) : fail('jsonpath: unsupported filter');
    case 'binary': {
      const left = evaluateFilter(node.left, item);
      if (node.op === '&&') return left === true && evaluateFilter(node.right, item) === true;
      if (node.op === '||') return left === true || evaluateFilter(node.right, item) === true;
      const apply = BINARY_OPERATORS[node.op] ?? fail(`jsonpath: unsupported operator ${node.op}`);
      return apply(left, evaluateFilter(node.right, item));
    }
    default:
      return fail(`jsonpath: unsupported filter expression (${node.type})`);
  }
}
