/**
 * What Argo's validator checks of a CronWorkflow beyond its workflow spec: at least one schedule,
 * each a standard five-field cron expression or descriptor (`@hourly`, `@every 90s`, optionally
 * after `CRON_TZ=<zone>`), a known timezone, concurrencyPolicy, and startingDeadlineSeconds ≥ 0.
 */
import { goDurationMs, type Issue, issue } from '@weft/core';
import { Cron } from 'croner';

const descriptors = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);
const concurrencyPolicies = ['Allow', 'Forbid', 'Replace'];

/** The schedules of a cron spec: `schedules`, else the comma-separated `schedule`. */
export function schedulesOf(spec: Record<string, unknown>): unknown[] {
  if (Array.isArray(spec.schedules) && spec.schedules.length > 0) return spec.schedules;
  if (typeof spec.schedule === 'string' && spec.schedule.trim() !== '')
    return spec.schedule.split(',').map((s) => s.trim());
  return [];
}

function zoneProblem(zone: string): string | undefined {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return undefined;
  } catch {
    return `invalid timezone "${zone}"`;
  }
}

/** Why a schedule is malformed, or undefined. */
export function scheduleProblem(schedule: unknown): string | undefined {
  if (typeof schedule !== 'string') return 'must be a string';
  let expression = schedule.trim();
  const zone = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/.exec(expression);
  if (zone) {
    const problem = zoneProblem(zone[1]);
    if (problem) return `cron schedule ${schedule} is malformed: ${problem}`;
    expression = zone[2].trim();
  }
  if (expression.startsWith('@every ')) {
    const ms = goDurationMs(expression.slice(7).trim());
    return ms === undefined || ms <= 0
      ? `cron schedule ${schedule} is malformed: bad @every duration`
      : undefined;
  }
  if (expression.startsWith('@')) {
    return descriptors.has(expression)
      ? undefined
      : `cron schedule ${schedule} is malformed: unknown descriptor`;
  }
  const fields = expression.split(/\s+/).length;
  if (fields !== 5)
    return `cron schedule ${schedule} is malformed: expected exactly 5 fields, found ${fields}`;
  try {
    new Cron(expression, { paused: true });
    return undefined;
  } catch (error) {
    return `cron schedule ${schedule} is malformed: ${(error as Error).message.replace(/^CronPattern: /, '')}`;
  }
}

/** Every problem of a CronWorkflow's own fields (its workflowSpec is linted separately). */
export function checkCronSpec(object: Record<string, unknown>): Issue[] {
  const spec = (object.spec ?? {}) as Record<string, unknown>;
  const issues: Issue[] = [];
  const schedules = schedulesOf(spec);
  if (schedules.length === 0)
    issues.push(issue('missing-schedule', 'spec.schedules', 'cron workflow must have at least one schedule'));
  schedules.forEach((schedule, i) => {
    const problem = scheduleProblem(schedule);
    const path = Array.isArray(spec.schedules) ? `spec.schedules[${i}]` : 'spec.schedule';
    if (problem) issues.push(issue('bad-schedule', path, problem));
  });
  if (spec.timezone !== undefined && spec.timezone !== '') {
    const problem = typeof spec.timezone === 'string' ? zoneProblem(spec.timezone) : 'must be a string';
    if (problem) issues.push(issue('bad-timezone', 'spec.timezone', problem));
  }
  const policy = spec.concurrencyPolicy;
  if (policy !== undefined && policy !== '' && !concurrencyPolicies.includes(policy as string))
    issues.push(
      issue(
        'bad-concurrency-policy',
        'spec.concurrencyPolicy',
        `'${String(policy)}' is not a valid concurrencyPolicy`,
      ),
    );
  const deadline = spec.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null && !(typeof deadline === 'number' && deadline >= 0))
    issues.push(
      issue('bad-deadline', 'spec.startingDeadlineSeconds', 'startingDeadlineSeconds must be positive'),
    );
  return issues;
}
