/**
 * Kubernetes selectors as list and watch requests give them. Label selectors: the equality-based
 * clauses go to the store; set-based ones (`a in (x,y)`, `a notin (x,y)`, which Argo's UI sends)
 * are checked here. Field selectors: `metadata.name` and `metadata.namespace` with `=`, `==`, `!=`
 * (what Kubernetes supports for custom resources; argo-server reads the same).
 */
import type { StoredObject } from '@weft/engine';
import { invalidField } from '../errors/api-error.js';

export interface ObjectSelector {
  /** The clauses the store evaluates; undefined when none. */
  readonly storeLabelSelector?: string;
  /** Exact name to read (`metadata.name=x`): no listing needed. */
  readonly name?: string;
  /** True when some clause must be checked here (the store cannot). */
  readonly filtersHere: boolean;
  /** Whether the object passes the clauses checked here (the store's were applied when listing). */
  matches(object: StoredObject): boolean;
  /** Whether the object passes every clause (for objects that come from the events hub). */
  matchesAll(object: StoredObject): boolean;
}

interface SetClause {
  readonly key: string;
  readonly values: ReadonlySet<string>;
  readonly negated: boolean;
}

/** An equality-based clause, also checked here for objects that do not come from the store (watch). */
interface EqualityClause {
  readonly key: string;
  readonly op: '=' | '!=' | 'exists' | '!exists';
  readonly value?: string;
}

interface FieldClause {
  readonly field: 'metadata.name' | 'metadata.namespace';
  readonly value: string;
  readonly negated: boolean;
}

const setClausePattern = /^\s*([^\s!=(),]+)\s+(in|notin)\s+\(([^()]*)\)\s*$/;

/** Splits on commas outside parentheses. */
function clausesOf(selector: string): string[] {
  const clauses: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      clauses.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  clauses.push(selector.slice(start));
  return clauses.map((c) => c.trim()).filter((c) => c !== '');
}

const labelKeyPattern = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const labelValuePattern = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

function equalityClause(clause: string, field: string): EqualityClause {
  const match = /^([^!=\s]+)\s*(!=|==|=)\s*(.*)$/.exec(clause);
  const negatedKey = /^!\s*(\S+)$/.exec(clause);
  const key = match?.[1] ?? negatedKey?.[1] ?? clause;
  if (!labelKeyPattern.test(key)) throw invalidField(field, `invalid label key "${key}" in "${clause}"`);
  if (!match) return { key, op: negatedKey ? '!exists' : 'exists' };
  const value = match[3].trim();
  if (!labelValuePattern.test(value))
    throw invalidField(field, `invalid label value "${value}" in "${clause}"`);
  return { key, op: match[2] === '!=' ? '!=' : '=', value };
}

function equalityHolds(clause: EqualityClause, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[clause.key];
  switch (clause.op) {
    case '=':
      return value === clause.value;
    case '!=':
      return value !== clause.value;
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
  }
}

interface ParsedLabels {
  readonly store: string[];
  readonly equalities: EqualityClause[];
  readonly sets: SetClause[];
}

function parseLabelSelector(selector: string, field: string): ParsedLabels {
  const store: string[] = [];
  const equalities: EqualityClause[] = [];
  const sets: SetClause[] = [];
  for (const clause of clausesOf(selector)) {
    const match = setClausePattern.exec(clause);
    if (!match) {
      if (clause.includes('(') || clause.includes(')'))
        throw invalidField(field, `cannot parse "${clause}" (expected "key in (a,b)" or "key notin (a,b)")`);
      equalities.push(equalityClause(clause, field));
      store.push(clause);
      continue;
    }
    const values = match[3].split(',').map((v) => v.trim());
    if (values.some((v) => v === '')) throw invalidField(field, `"${clause}" has an empty value`);
    const negated = match[2] === 'notin';
    // A one-value `in` is an equality the store can evaluate.
    if (!negated && values.length === 1) {
      equalities.push(equalityClause(`${match[1]}=${values[0]}`, field));
      store.push(`${match[1]}=${values[0]}`);
    } else sets.push({ key: match[1], values: new Set(values), negated });
  }
  return { store, equalities, sets };
}

function parseFieldSelector(selector: string, field: string): FieldClause[] {
  return clausesOf(selector).map((clause) => {
    const match = /^(metadata\.name|metadata\.namespace)\s*(==|!=|=)\s*(.*)$/.exec(clause);
    if (!match) {
      throw invalidField(
        field,
        `unsupported requirement "${clause}": weft selects by metadata.name and metadata.namespace ` +
          '(select phases with listOptions.labelSelector=workflows.argoproj.io/phase=Running)',
      );
    }
    return { field: match[1] as FieldClause['field'], value: match[3].trim(), negated: match[2] === '!=' };
  });
}

function setClauseHolds(clause: SetClause, labels: Readonly<Record<string, string>>): boolean {
  const value = labels[clause.key];
  if (clause.negated) return value === undefined || !clause.values.has(value);
  return value !== undefined && clause.values.has(value);
}

function fieldClauseHolds(clause: FieldClause, object: StoredObject): boolean {
  const actual = clause.field === 'metadata.name' ? object.metadata.name : (object.metadata.namespace ?? '');
  return (actual === clause.value) !== clause.negated;
}

/** Parses `listOptions.labelSelector` and `listOptions.fieldSelector`; InvalidArgument naming the field. */
export function parseSelectors(
  labelSelector: string | undefined,
  fieldSelector: string | undefined,
): ObjectSelector {
  const labels = parseLabelSelector(labelSelector ?? '', 'listOptions.labelSelector');
  const fields = parseFieldSelector(fieldSelector ?? '', 'listOptions.fieldSelector');
  const exactNames = fields.filter((f) => f.field === 'metadata.name' && !f.negated);
  return {
    storeLabelSelector: labels.store.length > 0 ? labels.store.join(',') : undefined,
    name: exactNames.length > 0 ? exactNames[0].value : undefined,
    filtersHere: labels.sets.length > 0 || fields.length > 0,
    matches(object) {
      const objectLabels = object.metadata.labels ?? {};
      return (
        labels.sets.every((c) => setClauseHolds(c, objectLabels)) &&
        fields.every((c) => fieldClauseHolds(c, object))
      );
    },
    matchesAll(object) {
      const objectLabels = object.metadata.labels ?? {};
      return labels.equalities.every((c) => equalityHolds(c, objectLabels)) && this.matches(object);
    },
  };
}
