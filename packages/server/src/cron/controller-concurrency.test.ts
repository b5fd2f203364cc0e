import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CronController } from './controller.js';
import { type CronHarness, openCronHarness } from './testing/harness.js';

describe('concurrencyPolicy while a run is still active', () => {
  let harness: CronHarness;
  let controller: CronController;
  beforeEach(async () => {
    harness = await openCronHarness('2024-01-01T00:00:30Z');
  });
  afterEach(async () => {
    controller.stop();
    await harness.close();
  });

  async function startEveryMinute(concurrencyPolicy?: string) {
    await harness.createCron('job', { schedules: ['* * * * *'], concurrencyPolicy });
    controller = harness.newController();
    await controller.start();
  }

  it('Allow starts a run at every firing', async () => {
    await startEveryMinute('Allow');
    await harness.advanceTo('2024-01-01T00:03:00Z', controller);
    expect(await harness.runs('job')).toEqual(['job-1704067260', 'job-1704067320', 'job-1704067380']);
    expect((await harness.getCron('job')).status?.active).toHaveLength(3);
  });

  it('Forbid skips firings while the earlier run is active and runs again once it finished', async () => {
    await startEveryMinute('Forbid');
    await harness.advanceTo('2024-01-01T00:03:00Z', controller);
    expect(await harness.runs('job')).toEqual(['job-1704067260']);
    expect(harness.logs.filter((line) => line.includes("'ConcurrencyPolicy: Forbid'"))).toHaveLength(2);

    await harness.workflows.finish('default', 'job-1704067260', 'Succeeded');
    await controller.whenIdle();
    await harness.advanceTo('2024-01-01T00:04:00Z', controller);
    expect(await harness.runs('job')).toEqual(['job-1704067260', 'job-1704067440']);
    const cron = await harness.getCron('job');
    expect(cron.status?.active?.map((ref) => ref.name)).toEqual(['job-1704067440']);
    expect(cron.status?.succeeded).toBe(1);
  });

  it('Replace terminates the active run (exit handlers do not run) and starts the new one', async () => {
    await startEveryMinute('Replace');
    await harness.advanceTo('2024-01-01T00:02:00Z', controller);

    expect(harness.workflows.terminated).toEqual(['job-1704067260']);
    expect(harness.workflows.stopped).toEqual([]);
    expect(await harness.runs('job')).toEqual(['job-1704067260', 'job-1704067320']);
    const cron = await harness.getCron('job');
    expect(cron.status?.active?.map((ref) => ref.name)).toEqual(['job-1704067320']);
    expect(cron.status?.failed).toBe(1); // the terminated run ended Failed
  });
});
