import { describe, expect, it } from 'vitest';
import { compileSchedules, latestMissedRun, nextRunTimes, nextRunTimesOf } from './next-run-times.js';
import { ScheduleError } from './schedule.js';

const iso = (dates: readonly Date[]) => dates.map((date) => date.toISOString());
const newYork = 'America/New_York';

describe('schedules across daylight-saving changes (robfig/cron semantics, as Argo)', () => {
  it('skips a daily time that falls in the spring-forward gap on that day only', () => {
    const runs = nextRunTimes(
      { schedules: ['30 2 * * *'], timezone: newYork },
      new Date('2024-03-09T12:00:00Z'),
      3,
    );
    // 2024-03-10 02:30 does not exist in New York (02:00 EST -> 03:00 EDT)
    expect(iso(runs)).toEqual([
      '2024-03-11T06:30:00.000Z',
      '2024-03-12T06:30:00.000Z',
      '2024-03-13T06:30:00.000Z',
    ]);
  });

  it('runs a daily time inside the fall-back hour twice, once per offset', () => {
    const runs = nextRunTimes(
      { schedules: ['30 1 * * *'], timezone: newYork },
      new Date('2024-11-02T12:00:00Z'),
      3,
    );
    // 01:30 EDT (05:30Z), 01:30 EST (06:30Z), then 01:30 EST the next day
    expect(iso(runs)).toEqual([
      '2024-11-03T05:30:00.000Z',
      '2024-11-03T06:30:00.000Z',
      '2024-11-04T06:30:00.000Z',
    ]);
  });

  it('runs an hourly schedule once per real hour through both transitions', () => {
    const spring = nextRunTimes(
      { schedules: ['0 * * * *'], timezone: newYork },
      new Date('2024-03-10T05:30:00Z'),
      3,
    );
    expect(iso(spring)).toEqual([
      '2024-03-10T06:00:00.000Z',
      '2024-03-10T07:00:00.000Z',
      '2024-03-10T08:00:00.000Z',
    ]);
    const fall = nextRunTimes(
      { schedules: ['0 * * * *'], timezone: newYork },
      new Date('2024-11-03T04:30:00Z'),
      4,
    );
    expect(iso(fall)).toEqual([
      '2024-11-03T05:00:00.000Z', // 01:00 EDT
      '2024-11-03T06:00:00.000Z', // 01:00 EST
      '2024-11-03T07:00:00.000Z', // 02:00 EST
      '2024-11-03T08:00:00.000Z',
    ]);
  });

  it("reproduces the Los Angeles table of Argo's cron-workflows documentation", () => {
    const la = (schedule: string, after: string) =>
      iso(nextRunTimes({ schedules: [schedule], timezone: 'America/Los_Angeles' }, new Date(after), 3));
    const beforeSpring = '2020-03-08T00:00:00-08:00';
    expect(la('59 1 * * *', beforeSpring)).toEqual([
      '2020-03-08T09:59:00.000Z', // 01:59 PST
      '2020-03-09T08:59:00.000Z', // 01:59 PDT
      '2020-03-10T08:59:00.000Z',
    ]);
    expect(la('0 2 * * *', beforeSpring)).toEqual([
      '2020-03-09T09:00:00.000Z',
      '2020-03-10T09:00:00.000Z',
      '2020-03-11T09:00:00.000Z',
    ]);
    expect(la('1 2 * * *', beforeSpring)[0]).toBe('2020-03-09T09:01:00.000Z');
    const beforeFall = '2020-11-01T00:00:00-07:00';
    expect(la('59 1 * * *', beforeFall)).toEqual([
      '2020-11-01T08:59:00.000Z', // 01:59 PDT
      '2020-11-01T09:59:00.000Z', // 01:59 PST
      '2020-11-02T09:59:00.000Z',
    ]);
    expect(la('0 2 * * *', beforeFall)).toEqual([
      '2020-11-01T10:00:00.000Z',
      '2020-11-02T10:00:00.000Z',
      '2020-11-03T10:00:00.000Z',
    ]);
  });
});

describe('schedule syntax', () => {
  const after = new Date('2024-01-01T00:00:00Z'); // a Monday

  it('merges several schedules and runs a time they share once', () => {
    const runs = nextRunTimes({ schedules: ['0 * * * *', '30 0 * * *', '0 1 * * *'] }, after, 4);
    expect(iso(runs)).toEqual([
      '2024-01-01T00:30:00.000Z',
      '2024-01-01T01:00:00.000Z',
      '2024-01-01T02:00:00.000Z',
      '2024-01-01T03:00:00.000Z',
    ]);
  });

  it('reads the pre-v4 single schedule field', () => {
    expect(iso(nextRunTimes({ schedule: '15 10 * * *' }, after, 1))).toEqual(['2024-01-01T10:15:00.000Z']);
  });

  it('accepts descriptors, names and a CRON_TZ prefix as robfig/cron does', () => {
    expect(iso(nextRunTimes({ schedules: ['@daily'] }, after, 1))).toEqual(['2024-01-02T00:00:00.000Z']);
    expect(iso(nextRunTimes({ schedules: ['0 9 * JAN MON-FRI'] }, after, 2))).toEqual([
      '2024-01-01T09:00:00.000Z',
      '2024-01-02T09:00:00.000Z',
    ]);
    expect(iso(nextRunTimes({ schedules: ['CRON_TZ=Asia/Tokyo 0 9 * * *'] }, after, 1))).toEqual([
      '2024-01-02T00:00:00.000Z',
    ]);
  });

  it('counts @every from the time it is asked after, in whole seconds', () => {
    expect(iso(nextRunTimes({ schedules: ['@every 90s'] }, new Date('2024-01-01T00:00:00.400Z'), 2))).toEqual(
      ['2024-01-01T00:01:30.000Z', '2024-01-01T00:03:00.000Z'],
    );
  });

  it('ORs day-of-month and day-of-week, but ANDs them when one starts with a star', () => {
    const or = nextRunTimes({ schedules: ['0 0 15 * MON'] }, after, 3);
    expect(iso(or)).toEqual([
      '2024-01-08T00:00:00.000Z',
      '2024-01-15T00:00:00.000Z',
      '2024-01-22T00:00:00.000Z',
    ]);
    const and = nextRunTimes({ schedules: ['0 0 */2 * MON'] }, after, 2); // odd days that are Mondays
    expect(iso(and)).toEqual(['2024-01-15T00:00:00.000Z', '2024-01-29T00:00:00.000Z']);
  });

  it.each([
    ['0 0 * * * *', 'expected exactly 5 fields, found 6'],
    ['0 0 L * *', 'unsupported syntax'],
    ['0 0 * * MON#2', 'unsupported syntax'],
    ['61 * * * *', 'minute'],
    ['@fortnightly', 'unrecognized descriptor'],
  ])('rejects %s like Argo, naming the schedule', (schedule, why) => {
    expect(() => compileSchedules({ schedules: [schedule] })).toThrow(ScheduleError);
    expect(() => compileSchedules({ schedules: [schedule] })).toThrow(
      `cron schedule ${schedule} is malformed: `,
    );
    expect(() => compileSchedules({ schedules: [schedule] })).toThrow(why);
  });

  it('gives no next run times for a stored CronWorkflow whose spec is invalid, instead of throwing', () => {
    expect(nextRunTimesOf({ spec: { schedules: ['nonsense'] } }, after, 3)).toEqual([]);
    expect(nextRunTimesOf({}, after, 3)).toEqual([]);
    expect(iso(nextRunTimesOf({ spec: { schedules: ['@hourly'] } }, after, 1))).toEqual([
      '2024-01-01T01:00:00.000Z',
    ]);
  });

  it('rejects an unknown timezone with the message Argo gives', () => {
    expect(() => compileSchedules({ schedules: ['* * * * *'], timezone: 'Mars/Olympus' })).toThrow(
      'invalid timezone "Mars/Olympus": unknown time zone Mars/Olympus',
    );
  });
});

describe('latestMissedRun (Argo: at most one missed run, only within startingDeadlineSeconds)', () => {
  const schedules = compileSchedules({ schedules: ['*/5 * * * *'] });
  const last = new Date('2024-01-01T00:00:00Z');

  it('gives the latest missed time when it is within the deadline', () => {
    const missed = latestMissedRun(schedules, last, new Date('2024-01-01T00:21:00Z'), 120);
    expect(missed?.toISOString()).toBe('2024-01-01T00:20:00.000Z');
  });

  it('gives nothing when the latest missed time is older than the deadline, or without a deadline', () => {
    expect(latestMissedRun(schedules, last, new Date('2024-01-01T00:23:00Z'), 120)).toBeUndefined();
    expect(latestMissedRun(schedules, last, new Date('2024-01-01T00:21:00Z'), undefined)).toBeUndefined();
    expect(latestMissedRun(schedules, last, new Date('2024-01-01T00:21:00Z'), 0)).toBeUndefined();
  });

  it('costs little after a long downtime', () => {
    const started = performance.now();
    const missed = latestMissedRun(schedules, last, new Date('2025-01-01T00:00:30Z'), 60);
    expect(missed?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(performance.now() - started).toBeLessThan(500);
  });
});
