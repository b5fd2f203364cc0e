import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCondition, statusOf, writeCronChanges } from './status.js';
import { type CronHarness, openCronHarness } from './testing/harness.js';

describe('writeCronChanges', () => {
  let harness: CronHarness;
  beforeEach(async () => {
    harness = await openCronHarness('2024-01-01T00:00:00Z');
  });
  afterEach(async () => {
    await harness.close();
  });

  it('re-reads and re-applies its changes when another writer changed the CronWorkflow meanwhile', async () => {
    await harness.createCron('job', { schedules: ['* * * * *'] });
    const stale = await harness.getCron('job');
    await harness.updateSpec('job', { suspend: true }); // someone else's write: stale's resourceVersion is old
    const countFailure = (cron: typeof stale) => {
      statusOf(cron).failed = (statusOf(cron).failed ?? 0) + 1;
    };

    await writeCronChanges(harness.store, stale, [countFailure, setCondition('SubmissionError', 'x')]);

    const stored = await harness.getCron('job');
    expect(stored.spec.suspend).toBe(true);
    expect(stored.status?.failed).toBe(1);
    expect(stored.status?.conditions).toEqual([{ type: 'SubmissionError', status: 'True', message: 'x' }]);
  });

  it('writes nothing when the changes leave the object as it is, and nothing for a recreated object', async () => {
    await harness.createCron('job', { schedules: ['* * * * *'] });
    const before = await harness.getCron('job');
    await writeCronChanges(harness.store, before, [() => {}]);
    expect((await harness.getCron('job')).metadata.resourceVersion).toBe(before.metadata.resourceVersion);

    await harness.store.delete({ kind: 'CronWorkflow', namespace: 'default', name: 'job' });
    await harness.createCron('job', { schedules: ['* * * * *'] });
    expect(await writeCronChanges(harness.store, before, [setCondition('SpecError', 'old')])).toBeUndefined();
    expect((await harness.getCron('job')).status).toBeUndefined();
  });
});
