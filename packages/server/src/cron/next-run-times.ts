import { type CronSchedule, parseSchedule, ScheduleError } from './schedule.js';
import { machineTimezone, resolveTimezone, TimezoneError } from './timezone.js';
import type { CronWorkflowSpec } from './types.js';

/** The spec fields that decide when a CronWorkflow runs. */
export type CronScheduleSpec = Pick<CronWorkflowSpec, 'schedules' | 'schedule' | 'timezone'>;

export interface ScheduleOptions {
  /** Zone of schedules whose CronWorkflow gives no `timezone`; the machine's by default (as Argo). */
  readonly defaultTimezone?: string;
}

/** The cron expressions of a spec: the pre-v4 `schedule` when set, else `schedules` (Argo 3.6's GetSchedules). */
export function schedulesOf(spec: CronScheduleSpec): string[] {
  if (typeof spec.schedule === 'string' && spec.schedule !== '') return [spec.schedule];
  return Array.isArray(spec.schedules) ? spec.schedules.map(String) : [];
}

/** Each schedule with Argo's `CRON_TZ=<timezone> ` prefix when a timezone is given. */
export function schedulesWithTimezone(spec: CronScheduleSpec): string[] {
  const timezone = spec.timezone ?? '';
  return schedulesOf(spec).map((schedule) =>
    timezone === '' ? schedule : `CRON_TZ=${timezone} ${schedule}`,
  );
}

/** The value Argo keeps in the last-used-schedule annotation: the prefixed schedules joined by commas. */
export function scheduleWithTimezoneString(spec: CronScheduleSpec): string {
  return schedulesWithTimezone(spec).join(',');
}

/**
 * Parses every schedule of a spec. Throws ScheduleError with Argo's validation messages:
 * `cron schedule <s> is malformed: <why>`, `invalid timezone "<tz>": <why>`.
 */
export function compileSchedules(spec: CronScheduleSpec, options: ScheduleOptions = {}): CronSchedule[] {
  const defaultZone = options.defaultTimezone ?? machineTimezone();
  for (const schedule of schedulesOf(spec)) {
    try {
      parseSchedule(schedule, 'UTC');
    } catch (error) {
      if (!(error instanceof ScheduleError)) throw error;
      throw new ScheduleError(`cron schedule ${schedule} is malformed: ${error.message}`);
    }
  }
  try {
    resolveTimezone(spec.timezone, defaultZone);
  } catch (error) {
    if (!(error instanceof TimezoneError)) throw error;
    throw new ScheduleError(`invalid timezone "${spec.timezone}": ${error.message}`);
  }
  return schedulesWithTimezone(spec).map((schedule) => parseSchedule(schedule, defaultZone));
}

/** The first run of any of the schedules strictly after `after`. */
export function nextRunTime(schedules: readonly CronSchedule[], after: Date): Date | undefined {
  let best: number | undefined;
  for (const schedule of schedules) {
    const next = schedule.next(after.getTime());
    if (next !== undefined && (best === undefined || next < best)) best = next;
  }
  return best === undefined ? undefined : new Date(best);
}

/**
 * The next `count` run times of a CronWorkflow spec after `after`, ascending; a time several
 * schedules share appears once (it is one run). Throws ScheduleError for an invalid spec.
 *
 * @example
 * nextRunTimes({ schedules: ['0 9 * * 1-5'], timezone: 'Europe/Paris' }, new Date('2024-06-07T12:00:00Z'), 2)
 * // [2024-06-10T07:00:00Z, 2024-06-11T07:00:00Z]
 */
export function nextRunTimes(
  spec: CronScheduleSpec,
  after: Date,
  count: number,
  options: ScheduleOptions = {},
): Date[] {
  const schedules = compileSchedules(spec, options);
  const times: Date[] = [];
  let cursor = after;
  while (times.length < count) {
    const next = nextRunTime(schedules, cursor);
    if (!next) break;
    times.push(next);
    cursor = next;
  }
  return times;
}

/**
 * nextRunTimes for a stored CronWorkflow, for lists and `get` (as `argo cron get` shows the next
 * run, suspended or not): [] when its spec has no valid schedule, instead of throwing.
 */
export function nextRunTimesOf(
  cron: { readonly spec?: unknown },
  after: Date,
  count: number,
  options: ScheduleOptions = {},
): Date[] {
  const spec = (cron.spec ?? {}) as CronScheduleSpec;
  try {
    return nextRunTimes(spec, after, count, options);
  } catch (error) {
    if (error instanceof ScheduleError) return [];
    throw error;
  }
}

/**
 * Argo's missed-run rule: for each schedule in order, the latest run time after `lastScheduled`
 * and before `now`; the first such time that is still within `startingDeadlineSeconds` of `now`
 * (now < time + deadline) is the one run to start. Without a deadline nothing missed is run.
 */
export function latestMissedRun(
  schedules: readonly CronSchedule[],
  lastScheduled: Date,
  now: Date,
  startingDeadlineSeconds: number | undefined,
): Date | undefined {
  if (startingDeadlineSeconds === undefined) return undefined;
  const deadlineStart = now.getTime() - startingDeadlineSeconds * 1000;
  for (const schedule of schedules) {
    const missed = latestRunBetween(schedule, lastScheduled.getTime(), now.getTime(), deadlineStart);
    if (missed !== undefined && missed > deadlineStart) return new Date(missed);
  }
  return undefined;
}

/**
 * The latest run in (from, to) if it is after `notBefore`. `@every` runs count from `from`, as robfig
 * counts them from the previous run; cron runs do not depend on where counting starts, so only the
 * window after `notBefore` is walked (a long downtime costs nothing).
 */
function latestRunBetween(schedule: CronSchedule, from: number, to: number, notBefore: number) {
  if (schedule.everyMs !== undefined) {
    const runs = Math.ceil((to - from) / schedule.everyMs) - 1;
    return runs >= 1 ? from + runs * schedule.everyMs : undefined;
  }
  let latest: number | undefined;
  const start = Math.max(from, notBefore);
  for (let next = schedule.next(start); next !== undefined && next < to; next = schedule.next(next)) {
    latest = next;
  }
  return latest;
}
