import type { Workflow } from '@weft/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArgoApi } from './api.js';
import { ServerError } from './errors.js';
import { followWorkflow, isFinished } from './follow-workflow.js';
import { ApiClient } from './http.js';
import { FakeArgoServer } from './testing/fake-argo-server.js';

let fake: FakeArgoServer;
let api: ArgoApi;

beforeEach(async () => {
  fake = await new FakeArgoServer().start();
  api = new ArgoApi(new ApiClient({ baseUrl: fake.url }));
  fake.create('default', {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name: 'w' },
    spec: {},
  });
});

afterEach(() => fake.close());

const fast = { backoffMs: () => 10 };
/** Every request made: the workflow's reads and watches. */
const attempts = () => fake.requests;

describe('followWorkflow', () => {
  it('returns at once for a workflow that has already finished', async () => {
    fake.update('default', 'w', { phase: 'Succeeded', finishedAt: new Date().toISOString() });
    const final = await followWorkflow(api, 'default', 'w', fast);
    expect(final.status?.phase).toBe('Succeeded');
  });

  it('reports every newer state it sees, the first one included', async () => {
    const seen: string[] = [];
    const done = followWorkflow(api, 'default', 'w', {
      ...fast,
      onUpdate: (wf) => seen.push(wf.status?.phase ?? ''),
    });
    await until(() => fake.watcherCount === 1);
    fake.update('default', 'w', { phase: 'Running' });
    fake.update('default', 'w', { phase: 'Failed', finishedAt: new Date().toISOString() });
    expect((await done).status?.phase).toBe('Failed');
    expect(seen).toEqual(['Pending', 'Running', 'Failed']);
  });

  it('tries again while the server answers 5xx, then follows on', async () => {
    fake.failWith = { status: 503, code: 14, message: 'restarting' };
    const reasons: string[] = [];
    const done = followWorkflow(api, 'default', 'w', { ...fast, onReconnect: (r) => reasons.push(r) });
    await until(() => attempts().length >= 2);
    fake.failWith = undefined;
    await until(() => fake.watcherCount === 1);
    fake.update('default', 'w', { phase: 'Succeeded', finishedAt: new Date().toISOString() });
    expect((await done).status?.phase).toBe('Succeeded');
    expect(reasons[0]).toBe('restarting (HTTP 503)');
  });

  it('gives up with the last error after the allowed number of reconnects', async () => {
    fake.failWith = { status: 503, code: 14, message: 'down' };
    await expect(followWorkflow(api, 'default', 'w', { ...fast, maxAttempts: 2 })).rejects.toThrow(
      'down (HTTP 503)',
    );
    expect(attempts()).toHaveLength(3);
  });

  it('ends at once on a 4xx answer such as a workflow that does not exist', async () => {
    const error = await followWorkflow(api, 'default', 'missing', fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(404);
  });

  it('ignores an event older than the state it already has', async () => {
    const seen: string[] = [];
    const done = followWorkflow(api, 'default', 'w', {
      ...fast,
      onUpdate: (wf) => seen.push(wf.status?.phase ?? ''),
    });
    await until(() => fake.watcherCount === 1);
    const running = fake.update('default', 'w', { phase: 'Running' });
    await until(() => seen.length === 2);
    // A stale copy (lower resourceVersion) must not move the state back.
    const stale = {
      ...running,
      metadata: { ...running.metadata, resourceVersion: '1' },
      status: { phase: 'Pending' },
    };
    fake.workflows.set('default/w', stale as Workflow);
    fake.update('default', 'w', { phase: 'Succeeded', finishedAt: new Date().toISOString() });
    await done;
    expect(seen).toEqual(['Pending', 'Running', 'Succeeded']);
  });
});

describe('isFinished', () => {
  it('is true once finishedAt is set or the phase is final', () => {
    const wf = (status: Workflow['status']) => ({ status }) as Workflow;
    expect(isFinished(wf({ phase: 'Running' }))).toBe(false);
    expect(isFinished(wf({ phase: 'Running', finishedAt: '2024-01-01T00:00:00Z' }))).toBe(true);
    expect(isFinished(wf({ phase: 'Error' }))).toBe(true);
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
