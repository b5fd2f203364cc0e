import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServerMetrics } from '../metrics/server-metrics.js';
import { buildApi } from './build-api.js';
import { type ApiHarness, type Json, startApi } from './testing/api-harness.js';
import { helloWorkflow } from './testing/builders.js';

let api: ApiHarness;
beforeEach(async () => {
  api = await startApi();
});
afterEach(async () => {
  await api.close();
});

describe('info, version and userinfo', () => {
  it('answers argo-server’s shapes', async () => {
    expect((await api.request('GET', '/api/v1/info')).body).toEqual({ links: [], columns: [], modals: {} });
    const version = (await api.request('GET', '/api/v1/version')).body;
    expect(version.version).toBe('0.0.0-test');
    for (const field of [
      'buildDate',
      'gitCommit',
      'gitTag',
      'gitTreeState',
      'goVersion',
      'compiler',
      'platform',
    ])
      expect(typeof version[field], field).toBe('string');
    expect((await api.request('GET', '/api/v1/userinfo')).body).toEqual({});
  });
});

describe('health', () => {
  it('answers /healthz and /readyz while the store answers', async () => {
    expect((await api.request('GET', '/healthz')).text).toBe('ok\n');
    expect((await api.request('GET', '/readyz')).status).toBe(200);
  });

  it('answers /readyz with 503 once the store is closed', async () => {
    await api.store.inner.close();
    const response = await api.request('GET', '/readyz');
    expect(response.status).toBe(503);
    expect(response.body.code).toBe(14);
    expect(response.body.message).toMatch(/^store not reachable/);
  });
});

describe('/metrics', () => {
  it('exports workflows by phase, step counters, queue depth and request durations', async () => {
    await api.request('POST', '/api/v1/workflows/argo', { workflow: helloWorkflow({ name: 'a' }) });
    await api.request('POST', '/api/v1/workflows/argo', { workflow: helloWorkflow({ name: 'b' }) });
    await api.controller.finish('argo', 'b', 'Succeeded');
    api.metrics.stepStarted();
    api.metrics.stepFinished('Succeeded', 1.5);
    api.metrics.setQueueDepth(4);
    api.metrics.observeSubmitToDone('Succeeded', 30);
    const text = (await api.request('GET', '/metrics')).text;
    expect(text).toContain('weft_workflows{phase="Running"} 1');
    expect(text).toContain('weft_workflows{phase="Succeeded"} 1');
    expect(text).toContain('weft_workflows{phase="Failed"} 0');
    expect(text).toContain('weft_steps_started_total 1');
    expect(text).toContain('weft_steps_finished_total{phase="Succeeded"} 1');
    expect(text).toContain('weft_step_duration_seconds_count{phase="Succeeded"} 1');
    expect(text).toContain('weft_queue_depth 4');
    expect(text).toContain('weft_workflow_duration_seconds_sum{phase="Succeeded"} 30');
    expect(text).toMatch(
      /weft_api_request_duration_seconds_count\{route="\/api\/v1\/workflows\/:namespace",method="POST",status="200"\} 2/,
    );
  });

  it('counts the workflows stored before the API was built, and forgets deleted ones', async () => {
    await api.store.create({
      ...(helloWorkflow({ name: 'old', namespace: 'argo' }) as Json),
      status: { phase: 'Failed' },
    });
    const again = await buildApiOver(api);
    try {
      expect(await again.metricsText()).toContain('weft_workflows{phase="Failed"} 1');
      await api.store.delete({ kind: 'Workflow', namespace: 'argo', name: 'old' });
      expect(await again.metricsText()).toContain('weft_workflows{phase="Failed"} 0');
    } finally {
      await again.app.close();
    }
  });
});

/** A second API over the same store and controller (as after a server restart), with its own metrics. */
async function buildApiOver(harness: ApiHarness) {
  const metrics = createServerMetrics({ processMetrics: false });
  const app = await buildApi({
    store: harness.store,
    events: harness.events,
    controller: harness.controller,
    dataDir: harness.dataDir,
    version: 'x',
    metrics,
  });
  return { app, metricsText: () => metrics.registry.metrics() };
}

describe('/api/v1/openapi.json', () => {
  it('documents every route from the schemas it validates with', async () => {
    const doc = (await api.request('GET', '/api/v1/openapi.json')).body;
    expect(doc.openapi).toBe('3.1.0');
    const paths = Object.keys(doc.paths);
    for (const path of [
      '/api/v1/workflows/{namespace}',
      '/api/v1/workflows/{namespace}/{name}',
      '/api/v1/workflows/{namespace}/{name}/retry',
      '/api/v1/workflows/{namespace}/{name}/log',
      '/api/v1/workflow-events/{namespace}',
      '/api/v1/workflow-templates/{namespace}/{name}',
      '/api/v1/workflow-templates/{namespace}/{name}/runs',
      '/api/v1/cluster-workflow-templates/{name}',
      '/api/v1/cron-workflows/{namespace}/{name}/suspend',
      '/api/v1/info',
      '/artifact-files/{namespace}/{discriminator}/{name}/{nodeId}/{direction}/{artifactName}',
    ])
      expect(paths, path).toContain(path);
    const create = doc.paths['/api/v1/workflows/{namespace}'].post;
    expect(create.operationId).toBe('WorkflowService_CreateWorkflow');
    expect(create.requestBody.content['application/json'].schema.required).toEqual(['workflow']);
    const get = doc.paths['/api/v1/workflows/{namespace}/{name}'].get;
    expect(get.parameters.map((p: Json) => p.name)).toEqual(
      expect.arrayContaining(['namespace', 'name', 'fields', 'nodes.limit']),
    );
    expect(doc.paths['/api/v1/workflow-templates/{namespace}/{name}/runs'].get['x-weft-extension']).toBe(
      true,
    );
  });
});

describe('unknown routes', () => {
  it('answers 404 with code 5', async () => {
    const response = await api.request('GET', '/api/v1/nothing-here');
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ code: 5, message: 'Not Found: no route GET /api/v1/nothing-here' });
  });
});
