import { InvalidRequestError } from './errors.js';

/** One clause of an equality-based label selector (Kubernetes' `a=b`, `a!=b`, `a`, `!a`). */
export type LabelRequirement =
  | { readonly op: 'equals'; readonly key: string; readonly value: string }
  | { readonly op: 'notEquals'; readonly key: string; readonly value: string }
  | { readonly op: 'exists'; readonly key: string }
  | { readonly op: 'notExists'; readonly key: string };

const keyPattern = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const valuePattern = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function checked(text: string, pattern: RegExp, what: string, selector: string): string {
  if (!pattern.test(text)) {
    throw new InvalidRequestError(`labelSelector "${selector}": invalid ${what} "${text}"`);
  }
  return text;
}

function parseClause(clause: string, selector: string): LabelRequirement {
  const match = /^([^!=]+?)\s*(!=|==|=)\s*(.*)$/.exec(clause);
  if (match) {
    const key = checked(match[1], keyPattern, 'label key', selector);
    const value = checked(match[3], valuePattern, 'label value', selector);
    return match[2] === '!=' ? { op: 'notEquals', key, value } : { op: 'equals', key, value };
  }
  if (clause.startsWith('!')) {
    return { op: 'notExists', key: checked(clause.slice(1).trim(), keyPattern, 'label key', selector) };
  }
  return { op: 'exists', key: checked(clause, keyPattern, 'label key', selector) };
}

/** Parses an equality-based selector; an empty one selects everything. InvalidRequestError when malformed. */
export function parseLabelSelector(selector: string | undefined): readonly LabelRequirement[] {
  if (selector === undefined || selector.trim() === '') return [];
  return selector.split(',').map((clause) => parseClause(clause.trim(), selector));
}

/** Whether labels satisfy every requirement (`a!=b` also matches objects without `a`, as in Kubernetes). */
export function matchesLabels(
  requirements: readonly LabelRequirement[],
  labels: Readonly<Record<string, string>> = {},
): boolean {
  return requirements.every((requirement) => matchesRequirement(requirement, labels));
}

function matchesRequirement(
  requirement: LabelRequirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const value = Object.hasOwn(labels, requirement.key) ? labels[requirement.key] : undefined;
  switch (requirement.op) {
    case 'equals':
      return value === requirement.value;
    case 'notEquals':
      return value !== requirement.value;
    case 'exists':
      return value !== undefined;
    case 'notExists':
      return value === undefined;
  }
}
