import { describe, expect, it } from 'vitest';
import type { NodeStatus } from '../spec/types.js';
import { type DependencyState, dependenciesAsDepends, evaluateDepends, parseDepends } from './depends.js';
import { IllegalTransitionError, transition } from './phase.js';

function holds(text: string, phases: Record<string, string | DependencyState>): boolean {
  return evaluateDepends(parseDepends(text), (task) => {
    const value = phases[task];
    return typeof value === 'string' ? { phase: value } : value;
  });
}

describe('depends expressions', () => {
  it('reads a bare task name as Succeeded, Skipped or Daemoned', () => {
    expect(holds('A', { A: 'Succeeded' })).toBe(true);
    expect(holds('A', { A: 'Skipped' })).toBe(true);
    expect(holds('A', { A: 'Failed' })).toBe(false);
    expect(holds('A', { A: 'Omitted' })).toBe(false);
  });

  it('matches each result suffix and maps Errored to the Error phase', () => {
    expect(holds('A.Failed', { A: 'Failed' })).toBe(true);
    expect(holds('A.Errored', { A: 'Error' })).toBe(true);
    expect(holds('A.Omitted', { A: 'Omitted' })).toBe(true);
    expect(holds('A.Skipped', { A: 'Succeeded' })).toBe(false);
  });

  it('gives && precedence over || and honours ! and parentheses', () => {
    expect(holds('A.Failed || B && C', { A: 'Failed', B: 'Failed', C: 'Failed' })).toBe(true);
    expect(holds('(A.Failed || B) && C', { A: 'Failed', B: 'Failed', C: 'Failed' })).toBe(false);
    expect(holds('!A.Succeeded', { A: 'Failed' })).toBe(true);
  });

  it('judges AnySucceeded and AllFailed over loop items', () => {
    expect(holds('A.AnySucceeded', { A: { phase: 'Failed', childPhases: ['Failed', 'Succeeded'] } })).toBe(
      true,
    );
    expect(holds('A.AllFailed', { A: { phase: 'Failed', childPhases: ['Failed', 'Succeeded'] } })).toBe(
      false,
    );
    expect(holds('A.AllFailed', { A: { phase: 'Failed', childPhases: ['Failed', 'Failed'] } })).toBe(true);
  });

  it('allows hyphens and dots in task names', () => {
    expect(parseDepends('my-task.Succeeded')).toEqual({ type: 'task', task: 'my-task', result: 'Succeeded' });
  });

  it('rejects an unknown result and a dangling operator', () => {
    expect(() => parseDepends('A.Finished')).toThrow(/"Finished"/);
    expect(() => parseDepends('A &&')).toThrow(/unexpected end/);
  });

  it('translates legacy dependencies with the dependency’s continueOn', () => {
    const text = dependenciesAsDepends(['a', 'b'], (t) => (t === 'a' ? { failed: true } : undefined));
    expect(text).toBe(
      '(a.Succeeded || a.Skipped || a.Daemoned || a.Failed) && (b.Succeeded || b.Skipped || b.Daemoned)',
    );
  });
});

describe('node phase transitions', () => {
  const node = (phase: NodeStatus['phase']): NodeStatus => ({
    id: 'n',
    name: 'n',
    displayName: 'n',
    type: 'Pod',
    phase,
  });

  it('stamps startedAt on Running and finishedAt on a fulfilled phase', () => {
    const n = node('Pending');
    transition(n, 'Running', '2024-01-01T00:00:00Z');
    transition(n, 'Succeeded', '2024-01-01T00:00:09Z');
    expect(n).toMatchObject({ startedAt: '2024-01-01T00:00:00Z', finishedAt: '2024-01-01T00:00:09Z' });
  });

  it('rejects any move out of a fulfilled phase', () => {
    expect(() => transition(node('Succeeded'), 'Failed', 'x')).toThrow(IllegalTransitionError);
    expect(() => transition(node('Running'), 'Skipped', 'x')).toThrow(IllegalTransitionError);
  });
});

describe('gaps with Argo (not yet implemented)', () => {
  it.todo(
    'does not create nodes beyond spec.parallelism (Argo leaves them uncreated; weft shows them Pending)',
  );
});
