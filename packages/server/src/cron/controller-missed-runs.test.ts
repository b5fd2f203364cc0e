import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CronController } from './controller.js';
import { type CronHarness, openCronHarness } from './testing/harness.js';
import type { CronWorkflowSpec } from './types.js';

/** 00:05 → job-1704067500; 00:20 → job-1704068400. */
describe('missed runs after downtime (startingDeadlineSeconds)', () => {
  let harness: CronHarness;
  let controller: CronController;
  beforeEach(async () => {
    harness = await openCronHarness('2024-01-01T00:00:30Z');
  });
  afterEach(async () => {
    controller.stop();
    await harness.close();
  });

  /** Runs a controller until the 00:05 firing, stops it, and restarts one at `restartAt`. */
  async function downtimeUntil(restartAt: string, spec: CronWorkflowSpec) {
    await harness.createCron('job', { schedules: ['*/5 * * * *'], ...spec });
    controller = harness.newController();
    await controller.start();
    await harness.advanceTo('2024-01-01T00:05:00Z', controller);
    controller.stop();
    harness.clock.jumpTo(restartAt);
    controller = harness.newController();
    await controller.start();
  }

  it('runs only the latest missed schedule, once, when it is within the deadline', async () => {
    await downtimeUntil('2024-01-01T00:21:00Z', { startingDeadlineSeconds: 120 });

    expect(await harness.runs('job')).toEqual(['job-1704067500', 'job-1704068400']);
    expect(harness.workflows.submissions.at(-1)?.scheduledTime).toBe('2024-01-01T00:20:00Z');
    expect((await harness.getCron('job')).status?.lastScheduledTime).toBe('2024-01-01T00:20:00Z');
    expect(harness.clock.pendingTimers().map((at) => at.toISOString())).toEqual(['2024-01-01T00:25:00.000Z']);
  });

  it('runs nothing missed when the latest missed schedule is older than the deadline', async () => {
    await downtimeUntil('2024-01-01T00:23:00Z', { startingDeadlineSeconds: 120 });
    expect(await harness.runs('job')).toEqual(['job-1704067500']);
    await harness.advanceTo('2024-01-01T00:25:00Z', controller);
    expect(await harness.runs('job')).toEqual(['job-1704067500', 'job-1704068700']);
  });

  it('runs nothing missed without startingDeadlineSeconds', async () => {
    await downtimeUntil('2024-01-01T00:21:00Z', {});
    expect(await harness.runs('job')).toEqual(['job-1704067500']);
  });

  it('runs nothing missed when the schedule changed since the last firing', async () => {
    await harness.createCron('job', { schedules: ['*/5 * * * *'], startingDeadlineSeconds: 600 });
    controller = harness.newController();
    await controller.start();
    await harness.advanceTo('2024-01-01T00:05:00Z', controller);
    controller.stop();
    await harness.updateSpec('job', { schedules: ['*/10 * * * *'] });
    harness.clock.jumpTo('2024-01-01T00:21:00Z');
    controller = harness.newController();
    await controller.start();

    expect(await harness.runs('job')).toEqual(['job-1704067500']);
    expect(harness.clock.pendingTimers().map((at) => at.toISOString())).toEqual(['2024-01-01T00:30:00.000Z']);
  });

  it('runs the missed schedule when unsuspended within the deadline', async () => {
    await harness.createCron('job', { schedules: ['*/5 * * * *'], startingDeadlineSeconds: 120 });
    controller = harness.newController();
    await controller.start();
    await harness.advanceTo('2024-01-01T00:05:00Z', controller);
    await harness.updateSpec('job', { suspend: true });
    await harness.advanceTo('2024-01-01T00:11:00Z', controller);
    expect(await harness.runs('job')).toEqual(['job-1704067500']);

    await harness.updateSpec('job', { suspend: false });
    await controller.whenIdle();
    expect(await harness.runs('job')).toEqual(['job-1704067500', 'job-1704067800']);
  });
});
