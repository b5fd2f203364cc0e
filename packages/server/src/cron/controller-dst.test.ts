import { afterEach, describe, expect, it } from 'vitest';
import { childWorkflowName, cronWorkflowLabel, scheduledTimeAnnotation } from './argo-names.js';
import type { CronController } from './controller.js';
import { type CronHarness, openCronHarness } from './testing/harness.js';

const runName = (cron: string, at: string) => childWorkflowName(cron, new Date(at));

describe('CronController firing across daylight-saving changes in America/New_York', () => {
  let harness: CronHarness;
  let controller: CronController;
  afterEach(async () => {
    controller.stop();
    await harness.close();
  });

  it('fires nothing on the spring-forward day for a time in the gap, and daily otherwise', async () => {
    harness = await openCronHarness('2024-03-09T12:00:00Z');
    await harness.createCron('gap', { schedules: ['30 2 * * *'], timezone: 'America/New_York' });
    controller = harness.newController();
    await controller.start();
    await harness.advanceTo('2024-03-12T12:00:00Z', controller);

    expect(await harness.runs('gap')).toEqual([
      runName('gap', '2024-03-11T06:30:00Z'), // 02:30 EDT on the 11th; the 10th had no 02:30
      runName('gap', '2024-03-12T06:30:00Z'),
    ]);
  });

  it('fires twice on the fall-back day for a time in the repeated hour, an hour apart', async () => {
    harness = await openCronHarness('2024-11-02T12:00:00Z');
    await harness.createCron('twice', { schedules: ['30 1 * * *'], timezone: 'America/New_York' });
    controller = harness.newController();
    await controller.start();
    await harness.advanceTo('2024-11-04T12:00:00Z', controller);

    expect(harness.workflows.submissions.map((submission) => submission.scheduledTime)).toEqual([
      '2024-11-03T05:30:00Z', // 01:30 EDT
      '2024-11-03T06:30:00Z', // 01:30 EST
      '2024-11-04T06:30:00Z',
    ]);
    const cron = await harness.getCron('twice');
    expect(cron.status?.lastScheduledTime).toBe('2024-11-04T06:30:00Z');
  });

  it('submits each run from the CronWorkflow under its deterministic name and records it as active', async () => {
    harness = await openCronHarness('2024-01-01T00:00:00Z');
    await harness.createCron('hourly', { schedules: ['0 * * * *'] });
    controller = harness.newController();
    await controller.start();
    await harness.advanceTo('2024-01-01T01:00:00Z', controller);

    expect(harness.workflows.submissions).toEqual([
      {
        namespace: 'default',
        cronWorkflow: 'hourly',
        name: 'hourly-1704070800',
        scheduledTime: '2024-01-01T01:00:00Z',
      },
    ]);
    const run = await harness.store.get({
      kind: 'Workflow',
      namespace: 'default',
      name: 'hourly-1704070800',
    });
    expect(run?.metadata.labels?.[cronWorkflowLabel]).toBe('hourly');
    expect(run?.metadata.annotations?.[scheduledTimeAnnotation]).toBe('2024-01-01T01:00:00Z');
    const cron = await harness.getCron('hourly');
    expect(cron.status).toMatchObject({
      phase: 'Active',
      lastScheduledTime: '2024-01-01T01:00:00Z',
      active: [{ kind: 'Workflow', name: 'hourly-1704070800', namespace: 'default', uid: run?.metadata.uid }],
    });
    expect(harness.clock.pendingTimers().map((at) => at.toISOString())).toEqual(['2024-01-01T02:00:00.000Z']);
  });
});
