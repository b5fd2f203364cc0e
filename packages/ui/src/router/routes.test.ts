import { describe, expect, it } from 'vitest';
import { hrefs, parseRoute } from './routes';

describe('page URLs', () => {
  it('round-trips every page through its URL', () => {
    const urls = [
      hrefs.catalog(),
      hrefs.template({ namespace: 'ci', name: 'build' }),
      hrefs.template({ name: 'shared' }),
      hrefs.runForm({ namespace: 'ci', name: 'build' }),
      hrefs.runs(),
      hrefs.run('ci', 'build-x7'),
    ];
    expect(urls.map((url) => parseRoute(url.split('?')[0]))).toEqual([
      { page: 'catalog' },
      { page: 'template', ref: { namespace: 'ci', name: 'build' } },
      { page: 'template', ref: { name: 'shared' } },
      { page: 'run-form', ref: { namespace: 'ci', name: 'build' } },
      { page: 'runs' },
      { page: 'run', namespace: 'ci', name: 'build-x7' },
    ]);
  });

  it('keeps filters and the past run to re-run in the query', () => {
    expect(hrefs.runs({ phase: 'Failed', q: '' })).toBe('/runs?phase=Failed');
    expect(hrefs.runForm({ namespace: 'ci', name: 'b' }, { namespace: 'ci', name: 'b-1' })).toBe(
      '/templates/ci/b/run?from=b-1&fromNs=ci',
    );
  });

  it('answers not-found for unknown paths', () => {
    expect(parseRoute('/nope/x')).toEqual({ page: 'not-found' });
  });
});
