import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CronController } from './controller.js';
import { type CronHarness, openCronHarness } from './testing/harness.js';

/** 00:01 → job-1704067260. */
describe('restarts and a second controller at the firing instant', () => {
  let harness: CronHarness;
  const controllers: CronController[] = [];
  beforeEach(async () => {
    harness = await openCronHarness('2024-01-01T00:00:30Z');
    controllers.length = 0;
  });
  afterEach(async () => {
    for (const controller of controllers) controller.stop();
    await harness.close();
  });

  function newController(): CronController {
    const controller = harness.newController();
    controllers.push(controller);
    return controller;
  }

  it('starts exactly one run when two controllers fire the same schedule', async () => {
    await harness.createCron('job', { schedules: ['* * * * *'] });
    const [first, second] = [newController(), newController()];
    await Promise.all([first.start(), second.start()]);
    await harness.clock.advanceTo('2024-01-01T00:01:00Z', async () => {
      await Promise.all([first.whenIdle(), second.whenIdle()]);
    });

    expect(harness.workflows.submissions.map((submission) => submission.name)).toEqual([
      'job-1704067260',
      'job-1704067260',
    ]);
    expect(await harness.runs('job')).toEqual(['job-1704067260']);
    const cron = await harness.getCron('job');
    expect(cron.status?.active?.map((ref) => ref.name)).toEqual(['job-1704067260']);
    expect(cron.status?.lastScheduledTime).toBe('2024-01-01T00:01:00Z');
    expect(cron.status?.conditions ?? []).toEqual([]);
  });

  it('starts no second run when restarted after the submission but before the status write', async () => {
    await harness.createCron('job', { schedules: ['* * * * *'], startingDeadlineSeconds: 60 });
    const crashing = newController();
    await crashing.start();
    await harness.advanceTo('2024-01-01T00:01:00Z', crashing); // a first run, so a missed run can apply
    let reachedCrash: () => void = () => {};
    const crashed = new Promise<void>((resolve) => {
      reachedCrash = resolve;
    });
    harness.workflows.afterCreate = async () => {
      crashing.stop();
      reachedCrash();
      await new Promise<never>(() => {}); // the process is gone: its status write never happens
    };
    await harness.clock.advanceTo('2024-01-01T00:02:00Z', async () => {}); // fires; hangs inside submitFrom
    await crashed;
    harness.workflows.afterCreate = undefined;
    expect((await harness.getCron('job')).status?.lastScheduledTime).toBe('2024-01-01T00:01:00Z');

    harness.clock.jumpTo('2024-01-01T00:02:05Z');
    const restarted = newController();
    await restarted.start(); // finds 00:02 missed within the deadline; its run exists already

    expect(await harness.runs('job')).toEqual(['job-1704067260', 'job-1704067320']);
    const cron = await harness.getCron('job');
    expect(cron.status?.lastScheduledTime).toBe('2024-01-01T00:02:00Z');
    expect(cron.status?.active?.map((ref) => ref.name)).toEqual(['job-1704067260', 'job-1704067320']);
    expect(harness.logs.some((line) => line.includes('job-1704067320 was already submitted'))).toBe(true);
  });

  it('does not fire again for the instant it restarts at', async () => {
    await harness.createCron('job', { schedules: ['* * * * *'], startingDeadlineSeconds: 60 });
    const first = newController();
    await first.start();
    await harness.advanceTo('2024-01-01T00:01:00Z', first);
    first.stop();
    const second = newController();
    await second.start(); // same instant, 00:01:00
    await harness.advanceTo('2024-01-01T00:01:59Z', second);

    expect(await harness.runs('job')).toEqual(['job-1704067260']);
    expect(harness.workflows.submissions).toHaveLength(1);
  });
});
