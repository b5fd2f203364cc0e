import { afterEach, describe, expect, it } from 'vitest';
import { type ApiHarness, type Json, startApi } from './testing/api-harness.js';
import { helloCron } from './testing/builders.js';

let api: ApiHarness;
afterEach(async () => {
  await api.close();
});

const crons = '/api/v1/cron-workflows/argo';

describe('CronWorkflows', () => {
  it('creates, gets, lists, updates and deletes a cron workflow', async () => {
    api = await startApi();
    const created = await api.request('POST', crons, { cronWorkflow: helloCron('nightly') });
    expect(created.status).toBe(200);
    expect(created.body.metadata).toMatchObject({ name: 'nightly', namespace: 'argo' });
    expect((await api.request('GET', `${crons}/nightly`)).body.spec.schedules).toEqual(['*/5 * * * *']);
    expect((await api.request('GET', crons)).body.items.map((c: Json) => c.metadata.name)).toEqual([
      'nightly',
    ]);
    const changed = { ...created.body, spec: { ...created.body.spec, schedules: ['0 1 * * *'] } };
    const updated = await api.request('PUT', `${crons}/nightly`, { cronWorkflow: changed });
    expect(updated.status).toBe(200);
    expect(updated.body.spec.schedules).toEqual(['0 1 * * *']);
    expect((await api.request('DELETE', `${crons}/nightly`)).status).toBe(200);
    expect((await api.request('GET', `${crons}/nightly`)).status).toBe(404);
  });

  it('checks schedules, timezone and concurrencyPolicy as Argo’s validator, listing every problem', async () => {
    api = await startApi();
    const cron = helloCron('bad');
    (cron.spec as Json).schedules = ['*/5 * * * *', '61 * * * *', '0 0 * * * *'];
    (cron.spec as Json).timezone = 'Mars/Olympus';
    (cron.spec as Json).concurrencyPolicy = 'Sometimes';
    const response = await api.request('POST', crons, { cronWorkflow: cron });
    expect(response.status).toBe(400);
    const fields = response.body.details[0].fieldViolations.map((v: Json) => v.field);
    expect(fields).toEqual([
      'spec.schedules[1]',
      'spec.schedules[2]',
      'spec.timezone',
      'spec.concurrencyPolicy',
    ]);
    expect(response.body.message).toContain('cron schedule 61 * * * * is malformed');
    expect((await api.store.list('CronWorkflow')).items).toHaveLength(0);
  });

  it('accepts descriptors, @every and a CRON_TZ prefix, and refuses a cron without schedules', async () => {
    api = await startApi();
    for (const schedule of ['@hourly', '@every 90s', 'CRON_TZ=Europe/Paris 0 3 * * *']) {
      const response = await api.request('POST', `${crons}/lint`, { cronWorkflow: helloCron('c', schedule) });
      expect(response.status, schedule).toBe(200);
    }
    const none = helloCron('none');
    (none.spec as Json).schedules = [];
    const response = await api.request('POST', `${crons}/lint`, { cronWorkflow: none });
    expect(response.body.message).toBe('spec.schedules: cron workflow must have at least one schedule');
  });

  it('lints the workflowSpec with paths under spec.workflowSpec', async () => {
    api = await startApi();
    const cron = helloCron('c');
    (cron.spec.workflowSpec as Json).entrypoint = 'nowhere';
    const response = await api.request('POST', `${crons}/lint`, { cronWorkflow: cron });
    expect(response.status).toBe(400);
    expect(response.body.details[0].fieldViolations[0].field).toBe('spec.workflowSpec.entrypoint');
  });

  it('refuses a cron name over 52 characters', async () => {
    api = await startApi();
    const response = await api.request('POST', crons, { cronWorkflow: helloCron('c'.repeat(53)) });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('cronWorkflow.metadata.name: must be no more than 52 characters');
  });

  it('suspends and resumes by setting spec.suspend', async () => {
    api = await startApi();
    await api.request('POST', crons, { cronWorkflow: helloCron('nightly') });
    const suspended = await api.request('PUT', `${crons}/nightly/suspend`, {});
    expect(suspended.status).toBe(200);
    expect(suspended.body.spec.suspend).toBe(true);
    const resumed = await api.raw('PUT', `${crons}/nightly/resume`, undefined);
    expect(resumed.body.spec.suspend).toBe(false);
    expect((await api.request('GET', `${crons}/nightly`)).body.spec.suspend).toBe(false);
    expect((await api.request('PUT', `${crons}/missing/suspend`, {})).status).toBe(404);
  });

  it('keeps the cron controller’s status on create and update', async () => {
    api = await startApi();
    const cron = { ...helloCron('nightly'), status: { lastScheduledTime: '2020-01-01T00:00:00Z' } };
    const created = await api.request('POST', crons, { cronWorkflow: cron });
    expect(created.body.status).toBeUndefined();
    const stored = await api.store.get({ kind: 'CronWorkflow', namespace: 'argo', name: 'nightly' });
    await api.store.update({ ...(stored as Json), status: { succeeded: 3 } });
    const current = (await api.request('GET', `${crons}/nightly`)).body;
    const updated = await api.request('PUT', `${crons}/nightly`, {
      cronWorkflow: { ...current, status: { succeeded: 0 } },
    });
    expect(updated.body.status).toEqual({ succeeded: 3 });
  });

  it('shows the next scheduled run when the cron module gives it', async () => {
    const next = new Date('2030-01-01T00:05:00Z');
    api = await startApi({ nextCronRuns: () => [next] });
    await api.request('POST', crons, { cronWorkflow: helloCron('nightly') });
    const got = await api.request('GET', `${crons}/nightly`);
    expect(got.body.status.nextScheduledRunTime).toBe('2030-01-01T00:05:00.000Z');
    const list = await api.request('GET', crons);
    expect(list.body.items[0].status.nextScheduledRunTime).toBe('2030-01-01T00:05:00.000Z');
  });
});
