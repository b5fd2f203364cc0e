import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './errors.js';
import { matchesLabels, parseLabelSelector } from './label-selector.js';

describe('label selectors', () => {
  it('parses equality, inequality, existence and absence clauses', () => {
    expect(parseLabelSelector('a=b, c!=d,e,!f,g==h')).toEqual([
      { op: 'equals', key: 'a', value: 'b' },
      { op: 'notEquals', key: 'c', value: 'd' },
      { op: 'exists', key: 'e' },
      { op: 'notExists', key: 'f' },
      { op: 'equals', key: 'g', value: 'h' },
    ]);
  });

  it('reads an empty or missing selector as selecting everything', () => {
    expect(parseLabelSelector(undefined)).toEqual([]);
    expect(parseLabelSelector('  ')).toEqual([]);
    expect(matchesLabels([], { any: 'thing' })).toBe(true);
  });

  it.each(['a=b=c', 'a in (b)', '=b', 'a,,b', 'Bad Key=x'])(
    'rejects the malformed selector %j',
    (selector) => {
      expect(() => parseLabelSelector(selector)).toThrow(InvalidRequestError);
    },
  );

  it('matches an inequality when the label is absent, as Kubernetes does', () => {
    const requirements = parseLabelSelector('app!=web');
    expect(matchesLabels(requirements, {})).toBe(true);
    expect(matchesLabels(requirements, { app: 'db' })).toBe(true);
    expect(matchesLabels(requirements, { app: 'web' })).toBe(false);
  });

  it('requires every clause to hold', () => {
    const requirements = parseLabelSelector('workflows.argoproj.io/cron-workflow=nightly,!done');
    expect(matchesLabels(requirements, { 'workflows.argoproj.io/cron-workflow': 'nightly' })).toBe(true);
    expect(matchesLabels(requirements, { 'workflows.argoproj.io/cron-workflow': 'nightly', done: '' })).toBe(
      false,
    );
  });
});
