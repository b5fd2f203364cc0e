import { afterEach, describe, expect, it } from 'vitest';
import type { CronController } from './controller.js';
import { type CronHarness, openCronHarness } from './testing/harness.js';

describe('run history and counters', () => {
  let harness: CronHarness;
  let controller: CronController;
  afterEach(async () => {
    controller.stop();
    await harness.close();
  });

  const finished = new Set<string>();

  /** Fires once a minute from 00:01 and finishes each run a few seconds later with the given phase. */
  async function runMinutes(phases: readonly ('Succeeded' | 'Failed' | 'Error')[]) {
    for (const [index, phase] of phases.entries()) {
      const minute = String(index + 1).padStart(2, '0');
      await harness.advanceTo(`2024-01-01T00:${minute}:00Z`, controller);
      const [name] = (await harness.runs('job')).filter((run) => !finished.has(run));
      if (!name) throw new Error(`no run at minute ${minute}`);
      await harness.advanceTo(`2024-01-01T00:${minute}:10Z`, controller);
      await harness.workflows.finish('default', name, phase);
      finished.add(name);
      await controller.whenIdle();
    }
  }

  it('keeps the 3 newest successful and the newest failed run by default, counting every one', async () => {
    harness = await openCronHarness('2024-01-01T00:00:30Z');
    finished.clear();
    await harness.createCron('job', { schedules: ['* * * * *'] });
    controller = harness.newController();
    await controller.start();
    await runMinutes(['Succeeded', 'Failed', 'Succeeded', 'Error', 'Succeeded', 'Succeeded']);

    // minutes 1..6 → job-1704067260 + 60·k; kept: successes at 3, 5, 6 and the Error at 4
    expect(await harness.runs('job')).toEqual([
      'job-1704067380',
      'job-1704067440',
      'job-1704067500',
      'job-1704067560',
    ]);
    expect(harness.workflows.deleted.sort()).toEqual(['job-1704067260', 'job-1704067320']);
    const cron = await harness.getCron('job');
    expect(cron.status).toMatchObject({ succeeded: 4, failed: 2, active: [] });
  });

  it('honours explicit limits, including zero', async () => {
    harness = await openCronHarness('2024-01-01T00:00:30Z');
    finished.clear();
    await harness.createCron('job', {
      schedules: ['* * * * *'],
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 0,
    });
    controller = harness.newController();
    await controller.start();
    await runMinutes(['Succeeded', 'Failed', 'Succeeded']);

    expect(await harness.runs('job')).toEqual(['job-1704067380']);
    expect((await harness.getCron('job')).status).toMatchObject({ succeeded: 2, failed: 1 });
  });

  it('drops a deleted active run from status.active without counting it', async () => {
    harness = await openCronHarness('2024-01-01T00:00:30Z');
    await harness.createCron('job', { schedules: ['* * * * *'] });
    controller = harness.newController();
    await controller.start();
    await harness.advanceTo('2024-01-01T00:01:00Z', controller);
    await harness.workflows.delete('default', 'job-1704067260');
    await controller.whenIdle();

    const cron = await harness.getCron('job');
    expect(cron.status?.active).toEqual([]);
    expect(cron.status?.succeeded ?? 0).toBe(0);
    expect(cron.status?.failed ?? 0).toBe(0);
  });
});
