import { compileSchedules, type ScheduleOptions, schedulesOf } from './next-run-times.js';
import type { CronSchedule } from './schedule.js';
import { ScheduleError } from './schedule.js';
import type { CronWorkflowSpec } from './types.js';

/** CronWorkflow names leave room for `-<unix seconds>` within Kubernetes' 63 characters (Argo's limit). */
export const maxCronWorkflowNameLength = 52;

const concurrencyPolicies = new Set(['', 'Allow', 'Forbid', 'Replace']);

export type CronValidation =
  | { readonly ok: true; readonly schedules: readonly CronSchedule[] }
  | { readonly ok: false; readonly message: string };

/**
 * Argo's validate.CronWorkflow checks, in its order and with its messages (the workflow spec itself
 * is linted when a run is submitted). Valid: the compiled schedules.
 */
export function validateCronWorkflow(cron: CronWorkflowInput, options: ScheduleOptions = {}): CronValidation {
  const problem = firstSpecProblem(cron);
  if (problem) return { ok: false, message: problem };
  try {
    return { ok: true, schedules: compileSchedules(cron.spec, options) };
  } catch (error) {
    if (error instanceof ScheduleError) return { ok: false, message: error.message };
    throw error;
  }
}

/** What validation reads: the name and the spec (an object about to be created qualifies). */
export interface CronWorkflowInput {
  readonly metadata: { readonly name?: string };
  readonly spec: CronWorkflowSpec;
}

function firstSpecProblem(cron: CronWorkflowInput): string | undefined {
  const name = cron.metadata.name ?? '';
  const spec = cron.spec;
  if (name.length > maxCronWorkflowNameLength) {
    return `cron workflow name "${name}" must not be more than ${maxCronWorkflowNameLength} characters long (currently ${name.length})`;
  }
  if (spec.schedule && Array.isArray(spec.schedules) && spec.schedules.length > 0) {
    return 'cron workflow cant be configured with both Spec.Schedule and Spec.Schedules';
  }
  if (schedulesOf(spec).length === 0) return 'cron workflow must have at least one schedule';
  if (spec.timezone !== undefined && typeof spec.timezone !== 'string')
    return 'spec.timezone must be a string';
  const policy = spec.concurrencyPolicy ?? '';
  if (typeof policy !== 'string' || !concurrencyPolicies.has(policy)) {
    return `'${String(policy)}' is not a valid concurrencyPolicy`;
  }
  const deadline = spec.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && !Number.isInteger(deadline)) {
    return 'spec.startingDeadlineSeconds must be an integer';
  }
  if (typeof deadline === 'number' && deadline < 0) return 'startingDeadlineSeconds must be positive';
  const stopProblem = stopStrategyProblem(spec.stopStrategy);
  if (stopProblem) return stopProblem;
  for (const field of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
    const limit = spec[field];
    if (limit !== undefined && limit !== null && !Number.isInteger(limit))
      return `spec.${field} must be an integer`;
  }
  return undefined;
}

/** Argo 3.6.0 renamed `stopStrategy.condition` (release candidates only) to `expression`. */
function stopStrategyProblem(stopStrategy: CronWorkflowSpec['stopStrategy']): string | undefined {
  if (stopStrategy === undefined || stopStrategy === null) return undefined;
  const { expression, condition } = stopStrategy;
  if (typeof expression === 'string' && expression.trim() !== '') return undefined;
  if (condition !== undefined) {
    return 'spec.stopStrategy.condition is not a field: Argo 3.6.0 named it stopStrategy.expression (variables cronworkflow.failed, cronworkflow.succeeded)';
  }
  return 'spec.stopStrategy.expression is required';
}
