import { describe, expect, it } from 'vitest';
import { evaluateCronWhen, evaluateStopStrategy } from './expressions.js';
import type { CronWorkflowObject, CronWorkflowStatus } from './types.js';

function cron(status: CronWorkflowStatus = {}, labels: Record<string, string> = {}): CronWorkflowObject {
  return {
    kind: 'CronWorkflow',
    metadata: {
      name: 'nightly',
      namespace: 'team',
      uid: 'u1',
      resourceVersion: '1',
      creationTimestamp: '2024-01-01T00:00:00Z',
      labels,
    },
    spec: { schedules: ['0 0 * * *'] },
    status,
  };
}

const now = new Date('2024-06-01T03:00:00Z');
const dstGuard =
  '{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 3600 }}';

describe('when', () => {
  it("evaluates the documentation's DST guard: true before the first run and after an hour, false within it", () => {
    expect(evaluateCronWhen(dstGuard, cron(), now)).toBe(true);
    expect(evaluateCronWhen(dstGuard, cron({ lastScheduledTime: '2024-06-01T01:30:00Z' }), now)).toBe(true);
    expect(evaluateCronWhen(dstGuard, cron({ lastScheduledTime: '2024-06-01T02:30:00Z' }), now)).toBe(false);
  });

  it('substitutes string variables into a govaluate expression', () => {
    expect(evaluateCronWhen("'{{cronworkflow.namespace}}' == 'team'", cron(), now)).toBe(true);
    expect(evaluateCronWhen('{{cronworkflow.name}} == other', cron(), now)).toBe(false);
    expect(
      evaluateCronWhen("'{{cronworkflow.labels.tier}}' == 'gold'", cron({}, { tier: 'gold' }), now),
    ).toBe(true);
  });

  it('reads counters through expression tags', () => {
    expect(evaluateCronWhen('{{= cronworkflow.failed < 2 }}', cron({ failed: 1 }), now)).toBe(true);
    expect(evaluateCronWhen('{{= cronworkflow.failed < 2 }}', cron({ failed: 2 }), now)).toBe(false);
  });

  it('is true when empty and fails clearly on tags Argo cannot resolve', () => {
    expect(evaluateCronWhen('', cron(), now)).toBe(true);
    expect(() => evaluateCronWhen('{{cronworkflow.failed}} > 1', cron(), now)).toThrow(
      'failed to resolve {{cronworkflow.failed}} to string',
    );
    expect(() => evaluateCronWhen('{{workflow.name}} == x', cron(), now)).toThrow(
      'failed to resolve {{workflow.name}}',
    );
  });
});

describe('stopStrategy.expression', () => {
  it('holds when the counters reach the threshold', () => {
    const strategy = { expression: 'cronworkflow.succeeded >= 2' };
    expect(evaluateStopStrategy(strategy, cron({ succeeded: 1 }), now)).toBe(false);
    expect(evaluateStopStrategy(strategy, cron({ succeeded: 2 }), now)).toBe(true);
  });

  it('is false without a stopStrategy and an error when the result is not a boolean', () => {
    expect(evaluateStopStrategy(undefined, cron(), now)).toBe(false);
    expect(() => evaluateStopStrategy({ expression: 'cronworkflow.failed + 1' }, cron(), now)).toThrow(
      "unable to cast expression result '1' to bool",
    );
  });
});
