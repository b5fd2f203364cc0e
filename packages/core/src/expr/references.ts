import type { Node } from './ast.js';
import { isBuiltinName } from './builtins.js';
import { isPredicateBuiltin } from './predicates.js';

/**
 * The variables an expression reads, as dotted paths of their static member chains:
 * `steps['flip-coin'].outputs.result` gives `steps.flip-coin.outputs.result`. `let` variables,
 * predicate pointers, builtin functions and `sprig` are left out.
 */
export function collectReferences(root: Node): string[] {
  const found = new Set<string>();
  visit(root, new Set(), found);
  return [...found];
}

function visit(node: Node, bound: ReadonlySet<string>, found: Set<string>): void {
  switch (node.type) {
    case 'identifier':
      if (!bound.has(node.name) && node.name !== 'sprig') found.add(node.name);
      return;
    case 'member':
      visitMember(node, bound, found);
      return;
    case 'call':
      if (node.callee.type === 'identifier') {
        const name = node.callee.name;
        const builtin = isBuiltinName(name) || isPredicateBuiltin(name);
        if (!builtin && !bound.has(name)) found.add(name);
      } else {
        visit(node.callee, bound, found);
      }
      for (const arg of node.args) visit(arg, bound, found);
      return;
    case 'let':
      visit(node.value, bound, found);
      visit(node.body, new Set([...bound, node.name]), found);
      return;
    default:
      for (const child of children(node)) visit(child, bound, found);
  }
}

/** Records `a.b.c` for a chain of constant member names on an identifier, then visits what is dynamic. */
function visitMember(node: Node, bound: ReadonlySet<string>, found: Set<string>): void {
  const names: string[] = [];
  let base = node;
  while (
    base.type === 'member' &&
    base.property.type === 'literal' &&
    typeof base.property.value === 'string'
  ) {
    names.unshift(base.property.value);
    base = base.object;
  }
  if (base.type === 'identifier') {
    if (!bound.has(base.name) && base.name !== 'sprig') found.add([base.name, ...names].join('.'));
    return;
  }
  if (base.type === 'member') {
    visit(base.object, bound, found);
    visit(base.property, bound, found);
    return;
  }
  visit(base, bound, found);
}

function children(node: Node): Node[] {
  switch (node.type) {
    case 'unary':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'member':
      return [node.object, node.property];
    case 'slice':
      return [node.object, node.from, node.to].filter((n): n is Node => n !== undefined);
    case 'closure':
      return [node.body];
    case 'array':
      return [...node.elements];
    case 'map':
      return node.entries.flatMap((e) => [e.key, e.value]);
    case 'conditional':
      return [node.test, node.consequent, node.alternate];
    default:
      return [];
  }
}
