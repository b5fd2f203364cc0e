/**
 * Argo's node field selector (`--node-field-selector`): comma-separated `field=value` or
 * `field!=value` terms, all of which must hold. Fields: id, name, displayName, templateName,
 * phase, type, boundaryID, `templateRef.name`, `templateRef.template`,
 * `inputs.parameters.<name>.value`.
 */
import type { NodeStatus } from '@weft/core';
import { InvalidRequestError } from '@weft/engine';

export type NodePredicate = (node: NodeStatus) => boolean;

const simpleFields = ['id', 'name', 'displayName', 'templateName', 'phase', 'type', 'boundaryID'] as const;

export function parseNodeFieldSelector(selector: string): NodePredicate {
  const terms = selector
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term.length > 0)
    .map(parseTerm);
  return (node) => terms.every((term) => term(node));
}

function parseTerm(term: string): NodePredicate {
  const match = /^([A-Za-z0-9_.-]+)\s*(!=|==|=)\s*(.*)$/.exec(term);
  if (!match)
    throw new InvalidRequestError(`nodeFieldSelector: "${term}" is not field=value or field!=value`);
  const [, field, operator, value] = match;
  const read = fieldReader(field);
  return operator === '!=' ? (node) => read(node) !== value : (node) => read(node) === value;
}

function fieldReader(field: string): (node: NodeStatus) => string | undefined {
  if ((simpleFields as readonly string[]).includes(field))
    return (node) => stringOf((node as unknown as Record<string, unknown>)[field]);
  if (field === 'templateRef.name') return (node) => node.templateRef?.name;
  if (field === 'templateRef.template') return (node) => node.templateRef?.template;
  const parameter = /^inputs\.parameters\.(.+)\.value$/.exec(field);
  if (parameter)
    return (node) => stringOf(node.inputs?.parameters?.find((p) => p.name === parameter[1])?.value);
  throw new InvalidRequestError(
    `nodeFieldSelector: unknown field "${field}" (use ${simpleFields.join(', ')}, templateRef.name, templateRef.template or inputs.parameters.<name>.value)`,
  );
}

function stringOf(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}
