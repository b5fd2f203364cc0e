import { goDurationMs } from '@weft/core';
import { Cron } from 'croner';
import { resolveTimezone, TimezoneError, type Zone, zoneNamed } from './timezone.js';

/**
 * One cron schedule with robfig/cron's semantics (the library Argo uses), matched by croner.
 *
 * An instant runs when its wall-clock reading in the schedule's zone matches the pattern. So a
 * reading that does not exist (spring-forward gap) never runs, and a reading that occurs twice
 * (fall-back overlap) runs at both instants — as robfig/cron walks real time field by field.
 * croner itself moves fixed-time jobs out of a gap and runs them once in an overlap, so it is asked
 * only about wall-clock readings (in UTC, where there is no DST); this module maps readings to instants.
 */
export interface CronSchedule {
  /** The schedule as written, with its `CRON_TZ=` prefix if any. */
  readonly source: string;
  /** The first run strictly after `after` (epoch ms), or undefined when the pattern never matches again. */
  next(after: number): number | undefined;
  /** For `@every <duration>`: the delay between runs, in ms (runs count from the previous one). */
  readonly everyMs?: number;
}

/** A schedule that robfig/cron's ParseStandard (and so Argo) would reject, or an unknown zone. */
export class ScheduleError extends Error {
  override readonly name = 'ScheduleError';
}

const hourMs = 3_600_000;
const nicknames: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const monthNames = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b/gi;
const dayNames = /\b(sun|mon|tue|wed|thu|fri|sat)\b/gi;

/**
 * Parses `[CRON_TZ=<zone> |TZ=<zone> ]<5 fields | @descriptor | @every <duration>>`, as robfig's
 * ParseStandard. Without a prefix the schedule runs in `defaultZone`. Throws ScheduleError.
 */
export function parseSchedule(source: string, defaultZone: string): CronSchedule {
  let text = source.trim();
  let zoneName = defaultZone;
  const prefix = /^(?:CRON_TZ|TZ)=(\S*)\s*/.exec(text);
  if (prefix) {
    zoneName = zoneOf(prefix[1] ?? '', defaultZone);
    text = text.slice(prefix[0].length).trim();
  }
  if (text.startsWith('@every')) return everySchedule(source, text.slice('@every'.length).trim());
  if (text.startsWith('@')) {
    const pattern = nicknames[text.toLowerCase()];
    if (!pattern) throw new ScheduleError(`unrecognized descriptor: ${text}`);
    text = pattern;
  }
  return wallClockSchedule(source, croneFields(text), zoneNamed(zoneName));
}

function zoneOf(name: string, defaultZone: string): string {
  try {
    return resolveTimezone(name === '' ? 'UTC' : name, defaultZone);
  } catch (error) {
    if (error instanceof TimezoneError)
      throw new ScheduleError(`provided bad location ${name}: ${error.message}`);
    throw error;
  }
}

/** robfig's `@every <duration>`: at least a second, whole seconds, counted from the previous run. */
function everySchedule(source: string, durationText: string): CronSchedule {
  const ms = goDurationMs(durationText);
  if (ms === undefined) throw new ScheduleError(`failed to parse duration @every ${durationText}`);
  const delay = Math.max(1000, ms - (ms % 1000));
  return { source, everyMs: delay, next: (after) => Math.floor(after / 1000) * 1000 + delay };
}

/** Checks robfig's five-field syntax and turns it into croner's, keeping robfig's day matching. */
function croneFields(text: string): string {
  const fields = text.split(/\s+/);
  if (fields.length !== 5) {
    throw new ScheduleError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  }
  fields.forEach((field, index) => {
    const names = index === 3 ? monthNames : index === 4 ? dayNames : undefined;
    const plain = names ? field.replace(names, '0') : field;
    if (/[^0-9*?,/-]/.test(plain)) throw new ScheduleError(`failed to parse "${field}": unsupported syntax`);
  });
  const [minute, hour, dom = '', month, dow = ''] = fields;
  return [minute, hour, dom, month, andDaysIfStarred(dom, dow)].join(' ');
}

/**
 * robfig ANDs day-of-month and day-of-week when either starts with `*` or `?` (e.g. `*\/2`), and ORs
 * them otherwise; croner ORs unless one is exactly `*`. croner's `+` on day-of-week asks for AND.
 */
function andDaysIfStarred(dom: string, dow: string): string {
  const starred = (field: string) => field.startsWith('*') || field.startsWith('?');
  const wild = (field: string) => field === '*' || field === '?';
  return (starred(dom) || starred(dow)) && !wild(dom) && !wild(dow) ? `+${dow}` : dow;
}

function wallClockSchedule(source: string, pattern: string, zone: Zone): CronSchedule {
  let cron: Cron;
  try {
    cron = new Cron(pattern, { utcOffset: 0, mode: '5-part', paused: true, sloppyRanges: true });
  } catch (error) {
    throw new ScheduleError((error as Error).message.replace(/^CronPattern: /, ''));
  }
  const nextWall = (wall: number): number | undefined => cron.nextRun(new Date(wall))?.getTime();
  return { source, next: (after) => nextInstant(zone, nextWall, after) };
}

/**
 * The earliest instant after `after` whose reading matches. Readings are scanned from a little
 * before the reading of `after` (a fall-back ahead repeats earlier readings) until no later reading
 * can map to an earlier instant.
 */
function nextInstant(zone: Zone, nextWall: (wall: number) => number | undefined, after: number) {
  const fallBack = Math.max(0, zone.offsetAt(after) - zone.offsetAt(after + 3 * hourMs));
  let cursor = zone.wallAt(after) - fallBack - 1000;
  let best: number | undefined;
  let lastUsefulWall = Number.POSITIVE_INFINITY;
  for (;;) {
    const wall = nextWall(cursor);
    if (wall === undefined || wall > lastUsefulWall) return best;
    for (const instant of zone.instantsAt(wall)) {
      if (instant > after && (best === undefined || instant < best)) {
        best = instant;
        lastUsefulWall = wall + Math.max(0, zone.offsetAt(instant - 3 * hourMs) - zone.offsetAt(instant));
      }
    }
    cursor = wall;
  }
}
