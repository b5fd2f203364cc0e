import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ApiHarness, type Json, startApi } from './testing/api-harness.js';
import { helloWorkflow, podNode } from './testing/builders.js';

let api: ApiHarness;
beforeEach(async () => {
  api = await startApi();
});
afterEach(async () => {
  await api.close();
});

async function create(name: string, namespace = 'argo', labels: Record<string, string> = {}) {
  const response = await api.request('POST', `/api/v1/workflows/${namespace}`, {
    workflow: helloWorkflow({ name, labels }),
  });
  expect(response.status).toBe(200);
  return response.body;
}

const summary = (message: Json) => [message.result.type, message.result.object.metadata.name];

describe('GET /api/v1/workflow-events/{ns}', () => {
  it('streams server-sent events: current workflows as ADDED, then changes', async () => {
    await create('existing');
    const stream = await api.stream('/api/v1/workflow-events/argo', 'sse');
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    expect(summary(await stream.next())).toEqual(['ADDED', 'existing']);
    await create('new');
    expect(summary(await stream.next())).toEqual(['ADDED', 'new']);
    await api.controller.finish('argo', 'new', 'Succeeded');
    const modified = await stream.next();
    expect(summary(modified)).toEqual(['MODIFIED', 'new']);
    expect(modified.result.object.status.phase).toBe('Succeeded');
    await api.request('DELETE', '/api/v1/workflows/argo/new');
    expect(summary(await stream.next())).toEqual(['DELETED', 'new']);
    expect(stream.lines.every((line) => line === '' || line.startsWith('data: ') || line === ':')).toBe(true);
  });

  it('streams newline-delimited JSON without an event-stream Accept header', async () => {
    await create('existing');
    const stream = await api.stream('/api/v1/workflow-events/argo', 'ndjson');
    expect(stream.headers.get('content-type')).toBe('application/json');
    expect(summary(await stream.next())).toEqual(['ADDED', 'existing']);
    expect(JSON.parse(stream.lines[0])).toHaveProperty('result.object.metadata.name', 'existing');
  });

  it('sends nodes with each workflow unless fields leaves them out', async () => {
    await create('wf');
    await api.controller.putNodes('argo', 'wf', [podNode('wf')]);
    const full = await api.stream('/api/v1/workflow-events/argo', 'sse');
    expect((await full.next()).result.object.status.nodes).toEqual({ wf: podNode('wf') });
    const fields = 'result.object.metadata.name,result.object.status.phase';
    const trimmed = await api.stream(`/api/v1/workflow-events/argo?fields=${fields}`, 'sse');
    expect((await trimmed.next()).result.object).toEqual({
      metadata: { name: 'wf' },
      status: { phase: 'Running' },
    });
  });

  it('reports node changes of a workflow as MODIFIED with the new nodes', async () => {
    await create('wf');
    const stream = await api.stream('/api/v1/workflow-events/argo', 'sse');
    await stream.next();
    await api.controller.putNodes('argo', 'wf', [podNode('wf', 'Running')]);
    const modified = await stream.next();
    expect(summary(modified)).toEqual(['MODIFIED', 'wf']);
    expect(modified.result.object.status.nodes.wf.phase).toBe('Running');
  });

  it('sends a burst of node changes of one workflow a few times, ending in its latest state', async () => {
    await create('wf');
    const stream = await api.stream('/api/v1/workflow-events/argo', 'sse');
    await stream.next();
    for (let i = 0; i < 20; i++)
      await api.controller.putNodes('argo', 'wf', [podNode('wf', 'Running', { message: `step ${i}` })]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const modified = stream.lines
      .filter((l) => l.startsWith('data: '))
      .slice(1)
      .map((l) => JSON.parse(l.slice(6)));
    expect(modified.length).toBeGreaterThanOrEqual(1);
    expect(modified.length).toBeLessThan(20);
    expect(modified.at(-1).result.object.status.nodes.wf.message).toBe('step 19');
  });

  it('watches one workflow by metadata.name and a label selection, in one namespace', async () => {
    await create('a', 'argo', { team: 'x' });
    await create('b', 'argo', { team: 'y' });
    await create('a', 'other', { team: 'x' });
    const byName = await api.stream(
      '/api/v1/workflow-events/argo?listOptions.fieldSelector=metadata.name=b',
      'sse',
    );
    const byLabel = await api.stream(
      `/api/v1/workflow-events/argo?listOptions.labelSelector=${encodeURIComponent('team in (x)')}`,
      'sse',
    );
    expect(summary(await byName.next())).toEqual(['ADDED', 'b']);
    expect(summary(await byLabel.next())).toEqual(['ADDED', 'a']);
    await create('c', 'argo', { team: 'x' });
    await api.controller.finish('argo', 'b', 'Failed');
    expect(summary(await byName.next())).toEqual(['MODIFIED', 'b']);
    expect(summary(await byLabel.next())).toEqual(['ADDED', 'c']);
    expect(byName.lines.filter((l) => l.startsWith('data: '))).toHaveLength(2);
  });

  it('sends DELETED when a workflow stops matching the selection, ADDED when it starts', async () => {
    const created = await create('a', 'argo', { team: 'x' });
    const stream = await api.stream('/api/v1/workflow-events/argo?listOptions.labelSelector=team=x', 'sse');
    expect(summary(await stream.next())).toEqual(['ADDED', 'a']);
    const stored = await api.store.get({ kind: 'Workflow', namespace: 'argo', name: 'a' });
    const moved = await api.store.update({
      ...(stored as Json),
      metadata: { ...created.metadata, labels: { team: 'y' } },
    });
    expect(summary(await stream.next())).toEqual(['DELETED', 'a']);
    await api.store.update({ ...moved, metadata: { ...moved.metadata, labels: { team: 'x' } } });
    expect(summary(await stream.next())).toEqual(['ADDED', 'a']);
  });

  it('watches every namespace at /api/v1/workflow-events/', async () => {
    await create('a', 'argo');
    await create('b', 'other');
    const stream = await api.stream('/api/v1/workflow-events/', 'sse');
    const names = (await stream.take(2)).map((m) => m.result.object.metadata.name).sort();
    expect(names).toEqual(['a', 'b']);
  });

  it('resumes after a resourceVersion: a reconnecting client gets exactly what it missed', async () => {
    await create('a');
    const first = await api.stream('/api/v1/workflow-events/argo', 'sse');
    const added = await first.next();
    const seen = added.result.object.metadata.resourceVersion;
    first.close();
    await create('b');
    await api.controller.finish('argo', 'a', 'Succeeded');
    const again = await api.stream(`/api/v1/workflow-events/argo?listOptions.resourceVersion=${seen}`, 'sse');
    const missed = (await again.take(2)).map(summary);
    expect(missed).toEqual([
      ['ADDED', 'b'],
      ['MODIFIED', 'a'],
    ]);
    await api.request('DELETE', '/api/v1/workflows/argo/a');
    expect(summary(await again.next())).toEqual(['DELETED', 'a']);
    expect(again.lines.filter((l) => l.startsWith('data: '))).toHaveLength(3);
  });

  it('leaves out a workflow created and deleted while the client was away (changes are coalesced)', async () => {
    const a = await create('a');
    await create('b');
    await api.request('DELETE', '/api/v1/workflows/argo/b');
    await api.controller.finish('argo', 'a', 'Failed');
    const again = await api.stream(
      `/api/v1/workflow-events/argo?listOptions.resourceVersion=${a.metadata.resourceVersion}`,
      'sse',
    );
    expect(summary(await again.next())).toEqual(['MODIFIED', 'a']);
    await create('c');
    expect(summary(await again.next())).toEqual(['ADDED', 'c']);
  });

  it('refuses a resourceVersion older than the remembered changes, before streaming', async () => {
    const small = await startApi({ watchHistory: 2 });
    try {
      const first = await small.request('POST', '/api/v1/workflows/argo', {
        workflow: helloWorkflow({ name: 'first' }),
      });
      const start = first.body.metadata.resourceVersion;
      for (const name of ['a', 'b', 'c', 'd'])
        await small.request('POST', '/api/v1/workflows/argo', { workflow: helloWorkflow({ name }) });
      const response = await small.request(
        'GET',
        `/api/v1/workflow-events/argo?listOptions.resourceVersion=${start}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/^too old resource version/);
      const bad = await small.request('GET', '/api/v1/workflow-events/argo?listOptions.resourceVersion=abc');
      expect(bad.body.message).toMatch(/^listOptions\.resourceVersion:/);
    } finally {
      await small.close();
    }
  });

  it('sends keep-alive comments while nothing changes', async () => {
    const stream = await api.stream('/api/v1/workflow-events/argo', 'sse');
    await waitUntil(() => stream.lines.filter((line) => line === ':').length >= 2);
    expect(stream.lines.filter((line) => line.startsWith('data: '))).toEqual([]);
  });

  it('stops listening when the client goes away', async () => {
    const before = api.events.listenerCount;
    const stream = await api.stream('/api/v1/workflow-events/argo', 'sse');
    await waitUntil(() => api.events.listenerCount === before + 1);
    stream.close();
    await waitUntil(() => api.events.listenerCount === before);
  });

  it('ends open streams when the server shuts down, without waiting for clients', async () => {
    const stream = await api.stream('/api/v1/workflow-events/argo', 'ndjson');
    const started = Date.now();
    await api.app.close();
    await stream.ended(2000);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('ends after listOptions.timeoutSeconds', async () => {
    const stream = await api.stream('/api/v1/workflow-events/argo?listOptions.timeoutSeconds=1', 'ndjson');
    await stream.ended(3000);
  });

  it('answers a bad selector with an error before streaming', async () => {
    const response = await api.request(
      'GET',
      '/api/v1/workflow-events/argo?listOptions.labelSelector=a%20in%20(x',
    );
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/^listOptions\.labelSelector:/);
  });
});

describe('GET /api/v1/stream/events/{ns}', () => {
  it('keeps a valid, quiet stream open with keep-alives', async () => {
    const stream = await api.stream('/api/v1/stream/events/argo', 'sse');
    expect(stream.status).toBe(200);
    await waitUntil(() => stream.lines.includes(':'));
    expect(stream.lines.filter((l) => l.startsWith('data: '))).toEqual([]);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
