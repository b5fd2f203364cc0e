import { describe, expect, it } from 'vitest';
import { filtersOf, listQueryOf } from './run-filters';

describe('the all-runs filters', () => {
  it('turns the URL filters into the list query argo-server understands', () => {
    const filters = filtersOf(
      new URLSearchParams('ns=ci&phase=Failed&template=build&label=team=a&since=1h&q=nightly'),
    );
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(listQueryOf(filters, now, 50)).toEqual({
      namespace: 'ci',
      labelSelector:
        'workflows.argoproj.io/workflow-template=build,workflows.argoproj.io/phase in (Failed),team=a',
      fieldSelector: 'metadata.name=nightly',
      nameFilter: 'Contains',
      createdAfter: '2026-01-01T11:00:00.000Z',
      limit: 50,
      continue: undefined,
    });
  });

  it('asks for everything when no filter is set', () => {
    expect(listQueryOf(filtersOf(new URLSearchParams()), 0, 10, 'tok')).toEqual({
      namespace: undefined,
      labelSelector: undefined,
      fieldSelector: undefined,
      nameFilter: undefined,
      createdAfter: undefined,
      limit: 10,
      continue: 'tok',
    });
  });
});
