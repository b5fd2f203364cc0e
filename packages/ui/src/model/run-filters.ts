/** The all-runs filters, read from and written to the URL so a filtered list can be linked. */

import type { WorkflowListQuery } from '../api/endpoints';
import { Labels } from '../api/types';

export interface RunFilters {
  readonly ns: string;
  readonly phase: string;
  readonly template: string;
  readonly label: string;
  readonly since: string;
  readonly q: string;
}

export const sinceChoices: Readonly<Record<string, number>> = {
  '1h': 3600,
  '24h': 86400,
  '7d': 7 * 86400,
  '30d': 30 * 86400,
};

export function filtersOf(search: URLSearchParams): RunFilters {
  const get = (key: string) => search.get(key) ?? '';
  return {
    ns: get('ns'),
    phase: get('phase'),
    template: get('template'),
    label: get('label'),
    since: get('since'),
    q: get('q'),
  };
}

/** The label selector: template, phase (`in (…)`, as Argo's UI) and a free-form label clause. */
export function labelSelectorOf(filters: RunFilters): string | undefined {
  const clauses: string[] = [];
  if (filters.template) clauses.push(`${Labels.workflowTemplate}=${filters.template}`);
  if (filters.phase) clauses.push(`${Labels.phase} in (${filters.phase})`);
  if (filters.label) clauses.push(filters.label);
  return clauses.length ? clauses.join(',') : undefined;
}

export function listQueryOf(
  filters: RunFilters,
  now: number,
  limit: number,
  after?: string,
): WorkflowListQuery {
  const since = sinceChoices[filters.since];
  return {
    namespace: filters.ns || undefined,
    labelSelector: labelSelectorOf(filters),
    fieldSelector: filters.q ? `metadata.name=${filters.q}` : undefined,
    nameFilter: filters.q ? 'Contains' : undefined,
    createdAfter: since ? new Date(now - since * 1000).toISOString() : undefined,
    limit,
    continue: after,
  };
}
