import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cronCompletedLabel } from './argo-names.js';
import type { CronController } from './controller.js';
import { type CronHarness, openCronHarness } from './testing/harness.js';

describe('suspend, when and stopStrategy', () => {
  let harness: CronHarness;
  let controller: CronController;
  beforeEach(async () => {
    harness = await openCronHarness('2024-01-01T00:00:30Z');
    controller = harness.newController();
  });
  afterEach(async () => {
    controller.stop();
    await harness.close();
  });

  it('starts nothing while suspended and resumes at the next schedule once unsuspended', async () => {
    await harness.createCron('job', { schedules: ['* * * * *'], suspend: true });
    await controller.start();
    await harness.advanceTo('2024-01-01T00:03:00Z', controller);
    expect(await harness.runs('job')).toEqual([]);
    expect(harness.logs.filter((line) => line.includes('suspended'))).toHaveLength(3);

    await harness.updateSpec('job', { suspend: false });
    await controller.whenIdle();
    await harness.advanceTo('2024-01-01T00:04:00Z', controller);
    expect(await harness.runs('job')).toEqual(['job-1704067440']);
  });

  it('runs only the firings whose when expression is true, evaluated before each one', async () => {
    // at most one run every 150 seconds: minutes 1, 4 (not 2, 3), 7 …
    const when =
      '{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 150 }}';
    await harness.createCron('job', { schedules: ['* * * * *'], when });
    await controller.start();
    await harness.advanceTo('2024-01-01T00:07:00Z', controller);
    expect(await harness.runs('job')).toEqual(['job-1704067260', 'job-1704067440', 'job-1704067620']);
  });

  it('records a when expression that cannot be evaluated as a SubmissionError and a failure, and runs nothing', async () => {
    await harness.createCron('job', { schedules: ['* * * * *'], when: '{{workflow.name}} == x' });
    await controller.start();
    await harness.advanceTo('2024-01-01T00:01:00Z', controller);
    expect(await harness.runs('job')).toEqual([]);
    const cron = await harness.getCron('job');
    expect(cron.status?.conditions).toEqual([
      {
        type: 'SubmissionError',
        status: 'True',
        message: 'run policy error: failed to resolve {{workflow.name}}',
      },
    ]);
    expect(cron.status?.failed).toBe(1);
  });

  it('stops scheduling once the stopStrategy expression holds after a run finished', async () => {
    await harness.createCron('job', {
      schedules: ['* * * * *'],
      stopStrategy: { expression: 'cronworkflow.succeeded >= 2' },
    });
    await controller.start();
    await harness.advanceTo('2024-01-01T00:01:00Z', controller);
    await harness.workflows.finish('default', 'job-1704067260', 'Succeeded');
    await harness.advanceTo('2024-01-01T00:02:00Z', controller);
    await harness.workflows.finish('default', 'job-1704067320', 'Succeeded');
    await controller.whenIdle();

    const cron = await harness.getCron('job');
    expect(cron.status).toMatchObject({ phase: 'Stopped', succeeded: 2 });
    expect(cron.metadata.labels?.[cronCompletedLabel]).toBe('true');
    expect(harness.clock.pendingTimers()).toEqual([]);
    await harness.advanceTo('2024-01-01T00:10:00Z', controller);
    expect(await harness.runs('job')).toEqual(['job-1704067260', 'job-1704067320']);
  });

  it('checks the stopStrategy at each firing too, before submitting', async () => {
    await harness.createCron('job', {
      schedules: ['* * * * *'],
      stopStrategy: { expression: 'cronworkflow.failed >= 1' },
    });
    const cron = await harness.getCron('job');
    await harness.store.update({ ...cron, status: { failed: 1 } });
    await controller.start();
    await harness.advanceTo('2024-01-01T00:02:00Z', controller);

    expect(await harness.runs('job')).toEqual([]);
    expect((await harness.getCron('job')).status?.phase).toBe('Stopped');
  });
});
