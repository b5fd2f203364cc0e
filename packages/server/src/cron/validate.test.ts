import { describe, expect, it } from 'vitest';
import type { CronWorkflowSpec } from './types.js';
import { validateCronWorkflow } from './validate.js';

const problem = (spec: CronWorkflowSpec, name = 'job') => {
  const result = validateCronWorkflow({ metadata: { name }, spec }, { defaultTimezone: 'UTC' });
  return result.ok ? undefined : result.message;
};

describe('validateCronWorkflow (Argo’s checks and messages)', () => {
  it('accepts a complete spec and returns its compiled schedules', () => {
    const result = validateCronWorkflow({
      metadata: { name: 'job' },
      spec: {
        schedules: ['0 * * * *', '30 1 * * *'],
        timezone: 'Europe/Berlin',
        concurrencyPolicy: 'Forbid',
      },
    });
    expect(result.ok && result.schedules.length).toBe(2);
  });

  it.each<[string, CronWorkflowSpec, string]>([
    ['no schedule', { schedules: [] }, 'cron workflow must have at least one schedule'],
    [
      'both schedule fields',
      { schedule: '* * * * *', schedules: ['* * * * *'] },
      'cron workflow cant be configured with both Spec.Schedule and Spec.Schedules',
    ],
    [
      'an unknown policy',
      { schedules: ['* * * * *'], concurrencyPolicy: 'Queue' },
      "'Queue' is not a valid concurrencyPolicy",
    ],
    [
      'a negative deadline',
      { schedules: ['* * * * *'], startingDeadlineSeconds: -1 },
      'startingDeadlineSeconds must be positive',
    ],
    [
      'the release-candidate stopStrategy.condition',
      { schedules: ['* * * * *'], stopStrategy: { condition: 'failed > 1' } },
      'spec.stopStrategy.condition is not a field: Argo 3.6.0 named it stopStrategy.expression',
    ],
  ])('rejects %s', (_case, spec, message) => {
    expect(problem(spec)).toContain(message);
  });

  it('rejects names longer than 52 characters, which leave no room for the run suffix', () => {
    expect(problem({ schedules: ['* * * * *'] }, 'x'.repeat(53))).toBe(
      `cron workflow name "${'x'.repeat(53)}" must not be more than 52 characters long (currently 53)`,
    );
    expect(problem({ schedules: ['* * * * *'] }, 'x'.repeat(52))).toBeUndefined();
  });
});
