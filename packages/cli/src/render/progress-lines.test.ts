import { describe, expect, it } from 'vitest';
import { at, node, workflowWith } from '../testing/builders.js';
import { progressLines } from './progress-lines.js';

const noon = new Date(2024, 4, 1, 12, 3, 9);

describe('progressLines', () => {
  it('prints one line per node whose phase changed, with the local time', () => {
    const first = workflowWith('wf', [
      node('wf', { type: 'Steps', phase: 'Running', startedAt: at(0) }),
      node('g', { type: 'StepGroup', phase: 'Running', startedAt: at(0) }),
      node('a', { type: 'Pod', phase: 'Running', startedAt: at(1) }),
    ]);
    const one = progressLines(first, new Map(), noon);
    expect(one.lines).toEqual(['12:03:09  wf  Running', '12:03:09  a  Running']);

    const second = workflowWith('wf', [
      node('wf', { type: 'Steps', phase: 'Running', startedAt: at(0) }),
      node('a', { type: 'Pod', phase: 'Failed', message: 'exit code 2', startedAt: at(1) }),
    ]);
    expect(progressLines(second, one.seen, noon).lines).toEqual(['12:03:09  a  Failed  exit code 2']);
  });

  it('prints nothing when no phase changed', () => {
    const wf = workflowWith('wf', [node('a', { type: 'Pod' })]);
    const { seen } = progressLines(wf, new Map(), noon);
    expect(progressLines(wf, seen, noon).lines).toEqual([]);
  });
});
