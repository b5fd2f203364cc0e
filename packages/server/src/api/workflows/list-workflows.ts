/**
 * `GET /api/v1/workflows/{ns}`: argo-server's list options (label and field selectors, limit,
 * continue, `nameFilter` with a `metadata.name=` field selector, `createdAfter`, `finishedBefore`)
 * and `fields`. Items leave out `status.nodes` unless `fields` asks for them (weft keeps nodes in
 * rows; argo-server includes them when no `fields` is given).
 */
import type { Store, StoredObject } from '@weft/engine';
import { invalidField } from '../errors/api-error.js';
import { FieldMask } from '../query/field-mask.js';
import { listFiltered } from '../query/filtered-list.js';
import { parseSelectors } from '../query/selectors.js';
import { sortWorkflowPage, withNodes } from './workflow-objects.js';

export interface WorkflowListQuery {
  readonly 'listOptions.labelSelector'?: string;
  readonly 'listOptions.fieldSelector'?: string;
  readonly 'listOptions.limit'?: number;
  readonly 'listOptions.continue'?: string;
  readonly fields?: string;
  readonly nameFilter?: string;
  readonly createdAfter?: string;
  readonly finishedBefore?: string;
}

export const nameFilters = ['Exact', 'Prefix', 'Contains', 'NotEquals'] as const;

function timeOf(value: string | undefined, field: string): number | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw invalidField(field, `"${value}" is not an RFC 3339 time`);
  return time;
}

/** `nameFilter=Prefix|Contains` turns the field selector's `metadata.name=x` into a name match. */
function splitNameFilter(
  fieldSelector: string | undefined,
  nameFilter: string | undefined,
): { fieldSelector?: string; nameMatches?: (name: string) => boolean } {
  if (!fieldSelector || (nameFilter !== 'Prefix' && nameFilter !== 'Contains')) return { fieldSelector };
  const clauses = fieldSelector.split(',').map((c) => c.trim());
  const nameClause = clauses.find((c) => /^metadata\.name==?/.test(c));
  if (!nameClause) return { fieldSelector };
  const wanted = nameClause.replace(/^metadata\.name==?/, '');
  const rest = clauses.filter((c) => c !== nameClause).join(',');
  const nameMatches =
    nameFilter === 'Prefix'
      ? (name: string) => name.startsWith(wanted)
      : (name: string) => name.includes(wanted);
  return { fieldSelector: rest || undefined, nameMatches };
}

function keepFilter(query: WorkflowListQuery, nameMatches?: (name: string) => boolean) {
  const createdAfter = timeOf(query.createdAfter, 'createdAfter');
  const finishedBefore = timeOf(query.finishedBefore, 'finishedBefore');
  if (!nameMatches && createdAfter === undefined && finishedBefore === undefined) return undefined;
  return (workflow: StoredObject): boolean => {
    if (nameMatches && !nameMatches(workflow.metadata.name)) return false;
    if (createdAfter !== undefined && !(Date.parse(workflow.metadata.creationTimestamp) > createdAfter))
      return false;
    if (finishedBefore === undefined) return true;
    const finishedAt = (workflow.status as { finishedAt?: string } | undefined)?.finishedAt;
    return finishedAt !== undefined && Date.parse(finishedAt) < finishedBefore;
  };
}

export async function listWorkflows(
  store: Store,
  namespace: string | undefined,
  query: WorkflowListQuery,
): Promise<unknown> {
  const mask = FieldMask.parse(query.fields);
  const { fieldSelector, nameMatches } = splitNameFilter(
    query['listOptions.fieldSelector'],
    query.nameFilter,
  );
  const selector = parseSelectors(query['listOptions.labelSelector'], fieldSelector);
  const page = await listFiltered(store, 'Workflow', {
    namespace,
    selector,
    keep: keepFilter(query, nameMatches),
    limit: query['listOptions.limit'],
    continue: query['listOptions.continue'],
  });
  const wantNodes = mask !== undefined && !mask.willExclude('items.status.nodes');
  const items = wantNodes ? await Promise.all(page.items.map((w) => withNodes(store, w))) : [...page.items];
  const list = {
    metadata: {
      resourceVersion: page.resourceVersion,
      ...(page.continue ? { continue: page.continue } : {}),
    },
    items: sortWorkflowPage(items),
  };
  return mask ? mask.apply(list) : list;
}
