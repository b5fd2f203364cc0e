/**
 * What Argo's validator checks of a CronWorkflow beyond its workflow spec, through the cron
 * module's own validation (the API accepts exactly the schedules the cron controller can run):
 * each schedule and the timezone are checked one by one, so every bad one is reported at its
 * field; the other checks (concurrencyPolicy, startingDeadlineSeconds, stopStrategy, history
 * limits, `schedule` with `schedules`) give the first problem, as Argo's validator does.
 */
import { type Issue, issue } from '@weft/core';
import {
  type CronWorkflowSpec,
  compileSchedules,
  ScheduleError,
  schedulesOf,
  validateCronWorkflow,
} from '../../cron/index.js';

/** The spec field a message of validateCronWorkflow is about. */
function pathOf(message: string): string {
  const fields = [
    'concurrencyPolicy',
    'startingDeadlineSeconds',
    'stopStrategy',
    'successfulJobsHistoryLimit',
    'failedJobsHistoryLimit',
    'timezone',
  ];
  const field = fields.find((f) => message.includes(f));
  if (field) return `spec.${field}`;
  if (message.startsWith('cron workflow name')) return 'metadata.name';
  return 'spec.schedules';
}

function scheduleProblem(spec: CronWorkflowSpec, schedule: string): string | undefined {
  try {
    compileSchedules({ schedules: [schedule], timezone: spec.timezone });
    return undefined;
  } catch (error) {
    if (error instanceof ScheduleError && error.message.startsWith('cron schedule')) return error.message;
    if (error instanceof ScheduleError) return undefined; // the timezone's: reported once, below
    throw error;
  }
}

function timezoneProblem(spec: CronWorkflowSpec): string | undefined {
  if (typeof spec.timezone !== 'string' || spec.timezone === '') return undefined;
  try {
    compileSchedules({ schedules: [], timezone: spec.timezone });
    return undefined;
  } catch (error) {
    if (error instanceof ScheduleError) return error.message;
    throw error;
  }
}

/** Every problem of a CronWorkflow's own fields (its workflowSpec is linted separately). */
export function checkCronSpec(object: Record<string, unknown>): Issue[] {
  const spec = (object.spec ?? {}) as CronWorkflowSpec;
  const metadata = (object.metadata ?? {}) as { name?: string };
  const issues: Issue[] = [];
  const single = typeof spec.schedule === 'string' && spec.schedule !== '';
  schedulesOf(spec).forEach((schedule, i) => {
    const problem = scheduleProblem(spec, schedule);
    if (problem)
      issues.push(issue('bad-schedule', single ? 'spec.schedule' : `spec.schedules[${i}]`, problem));
  });
  const zone = timezoneProblem(spec);
  if (zone) issues.push(issue('bad-timezone', 'spec.timezone', zone));
  const validation = validateCronWorkflow({ metadata, spec });
  if (!validation.ok && !issues.some((i) => i.message === validation.message))
    issues.push(issue('bad-cron-spec', pathOf(validation.message), validation.message));
  return issues;
}
