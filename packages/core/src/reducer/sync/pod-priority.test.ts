import { describe, expect, it } from 'vitest';
import { container, Harness, step, steps, workflow } from '../testing/builders.js';

describe('priority of pods waiting for spec.parallelism', () => {
  /*
   *  parallelism 1:  a (running)   queued: low, high, mid, high2
   */
  it('starts waiting pods highest priority first, in arrival order among equals', () => {
    const h = Harness.start(
      workflow({
        parallelism: 1,
        templates: [
          steps('main', [
            [
              step('a', 'plain'),
              step('low', 'low'),
              step('high', 'high'),
              step('mid', 'plain'),
              step('high2', 'high'),
            ],
          ]),
          container('plain'),
          container('low', { priority: -1 }),
          container('high', { priority: 5 }),
        ],
      }),
    );
    h.drain();
    expect(h.startedNames()).toEqual(['a', 'high', 'high2', 'mid', 'low']);
  });

  it('uses spec.priority for templates without their own', () => {
    const h = Harness.start(
      workflow({
        parallelism: 1,
        priority: 3,
        templates: [
          steps('main', [[step('a', 'plain'), step('b', 'plain'), step('c', 'top'), step('d', 'low')]]),
          container('plain'),
          container('top', { priority: 4 }),
          container('low', { priority: 2 }),
        ],
      }),
    );
    h.drain();
    expect(h.startedNames()).toEqual(['a', 'c', 'b', 'd']);
  });
});
