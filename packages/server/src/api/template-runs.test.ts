import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiHarness, type Json, startApi } from './testing/api-harness.js';
import { helloTemplate } from './testing/builders.js';

let api: ApiHarness;
beforeEach(async () => {
  api = await startApi();
  await api.request('POST', '/api/v1/workflow-templates/argo', { template: helloTemplate('build') });
  await api.request('POST', '/api/v1/workflow-templates/argo', { template: helloTemplate('other') });
});
afterEach(async () => {
  await api.close();
});

async function submit(template: string) {
  const response = await api.request('POST', '/api/v1/workflows/argo/submit', {
    resourceKind: 'WorkflowTemplate',
    resourceName: template,
  });
  return response.body.metadata.name as string;
}

describe('GET /api/v1/workflow-templates/{ns}/{name}/runs (weft)', () => {
  it('lists the template’s runs newest first with number, phase, start and duration', async () => {
    const first = await submit('build');
    const second = await submit('build');
    await submit('other');
    await api.controller.finish('argo', first, 'Failed');
    const response = await api.request('GET', '/api/v1/workflow-templates/argo/build/runs');
    expect(response.status).toBe(200);
    expect(response.body.items.map((r: Json) => [r.name, r.runNumber, r.phase])).toEqual([
      [second, 2, 'Running'],
      [first, 1, 'Failed'],
    ]);
    const [running, failed] = response.body.items;
    expect(failed.finishedAt).toBeTruthy();
    expect(failed.duration).toBeGreaterThanOrEqual(0);
    expect(running.startedAt).toBeTruthy();
  });

  it('pages with limit and continue', async () => {
    const names: string[] = [];
    for (let i = 0; i < 5; i++) names.push(await submit('build'));
    const seen: number[] = [];
    let token = '';
    for (let page = 0; page < 5; page++) {
      const response = await api.request(
        'GET',
        `/api/v1/workflow-templates/argo/build/runs?limit=2${token ? `&continue=${token}` : ''}`,
      );
      seen.push(...response.body.items.map((r: Json) => r.runNumber));
      token = response.body.metadata.continue;
      if (!token) break;
    }
    expect(seen).toEqual([5, 4, 3, 2, 1]);
  });

  it('answers an empty list for a template without runs, and 400 for a bad token', async () => {
    expect((await api.request('GET', '/api/v1/workflow-templates/argo/other/runs')).body.items).toEqual([]);
    const bad = await api.request('GET', '/api/v1/workflow-templates/argo/build/runs?continue=%%%');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^continue:/);
  });
});
