import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CronController } from './controller.js';
import { type CronHarness, openCronHarness } from './testing/harness.js';

describe('CronWorkflow changes and invalid specs', () => {
  let harness: CronHarness;
  let controller: CronController;
  beforeEach(async () => {
    harness = await openCronHarness('2024-01-01T00:00:30Z');
    controller = harness.newController();
    await controller.start();
  });
  afterEach(async () => {
    controller.stop();
    await harness.close();
  });

  it('gives an invalid schedule a SpecError condition and a log line, and schedules it once fixed', async () => {
    await harness.createCron('job', { schedules: ['*/5 * * *'] });
    await controller.whenIdle();
    const message = 'cron schedule */5 * * * is malformed: expected exactly 5 fields, found 4: [*/5 * * *]';
    expect((await harness.getCron('job')).status?.conditions).toEqual([
      { type: 'SpecError', status: 'True', message },
    ]);
    expect(harness.logs).toContain(`cron default/job: ${message}`);
    expect(harness.clock.pendingTimers()).toEqual([]);

    await harness.updateSpec('job', { schedules: ['*/5 * * * *'] });
    await controller.whenIdle();
    expect((await harness.getCron('job')).status?.conditions).toEqual([]);
    await harness.advanceTo('2024-01-01T00:05:00Z', controller);
    expect(await harness.runs('job')).toEqual(['job-1704067500']);
  });

  it('gives an unknown timezone a SpecError condition without stopping other CronWorkflows', async () => {
    await harness.createCron('bad', { schedules: ['* * * * *'], timezone: 'Europe/Atlantis' });
    await harness.createCron('good', { schedules: ['* * * * *'] });
    await controller.whenIdle();
    await harness.advanceTo('2024-01-01T00:01:00Z', controller);

    expect((await harness.getCron('bad')).status?.conditions?.[0]?.message).toBe(
      'invalid timezone "Europe/Atlantis": unknown time zone Europe/Atlantis',
    );
    expect(await harness.runs('bad')).toEqual([]);
    expect(await harness.runs('good')).toEqual(['good-1704067260']);
  });

  it('reschedules when the schedule changes and forgets a deleted CronWorkflow', async () => {
    await harness.createCron('job', { schedules: ['0 * * * *'] });
    await controller.whenIdle();
    expect(harness.clock.pendingTimers().map((at) => at.toISOString())).toEqual(['2024-01-01T01:00:00.000Z']);

    await harness.updateSpec('job', { schedules: ['*/10 * * * *'] });
    await controller.whenIdle();
    expect(harness.clock.pendingTimers().map((at) => at.toISOString())).toEqual(['2024-01-01T00:10:00.000Z']);

    await harness.store.delete({ kind: 'CronWorkflow', namespace: 'default', name: 'job' });
    await controller.whenIdle();
    expect(harness.clock.pendingTimers()).toEqual([]);
  });

  it('fires @every schedules counting from when they were armed, then from each run', async () => {
    await harness.createCron('every', { schedules: ['@every 90s'] });
    await controller.whenIdle();
    await harness.advanceTo('2024-01-01T00:03:30Z', controller);
    expect(harness.workflows.submissions.map((submission) => submission.scheduledTime)).toEqual([
      '2024-01-01T00:02:00Z',
      '2024-01-01T00:03:30Z',
    ]);
  });

  it('records a failed submission as a SubmissionError and a failure, and clears it after the next success', async () => {
    await harness.createCron('job', { schedules: ['* * * * *'] });
    await controller.whenIdle();
    harness.workflows.beforeCreate = async () => {
      throw new Error('spec.templates[0]: boom');
    };
    await harness.advanceTo('2024-01-01T00:01:00Z', controller);
    let cron = await harness.getCron('job');
    expect(cron.status?.conditions).toEqual([
      {
        type: 'SubmissionError',
        status: 'True',
        message: 'Failed to submit Workflow: spec.templates[0]: boom',
      },
    ]);
    expect(cron.status?.failed).toBe(1);

    harness.workflows.beforeCreate = undefined;
    await harness.advanceTo('2024-01-01T00:02:00Z', controller);
    expect(await harness.runs('job')).toEqual(['job-1704067320']);
    cron = await harness.getCron('job');
    expect(cron.status?.conditions).toEqual([]);
    expect(cron.status?.lastScheduledTime).toBe('2024-01-01T00:02:00Z');
  });
});
