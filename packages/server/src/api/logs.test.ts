import { FileLogStore, type LogAttempt } from '@weft/engine';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDirOf } from '../paths.js';
import { type ApiHarness, type Json, startApi } from './testing/api-harness.js';
import { helloWorkflow } from './testing/builders.js';

let api: ApiHarness;
let logs: FileLogStore;

function attempt(nodeId: string, displayName: string, containers = ['main']): LogAttempt {
  return {
    nodeId,
    displayName,
    nodeName: `wf.${displayName}`,
    podName: `wf-${displayName}-${nodeId.slice(-4)}`,
    containers: containers.map((name) => ({ name, role: name === 'main' ? 'main' : 'sidecar' })),
    startedAt: '2024-05-01T10:00:00Z',
  };
}

const at = (second: number) => `2024-05-01T10:00:${String(second).padStart(2, '0')}.000000000Z`;

beforeEach(async () => {
  api = await startApi();
  const created = await api.request('POST', '/api/v1/workflows/argo', {
    workflow: helloWorkflow({ name: 'wf' }),
  });
  logs = new FileLogStore(runDirOf(api.dataDir, created.body.metadata.uid));
  logs.beginRun({ workflowName: 'wf', pid: process.pid, startedAt: at(0) });
  logs.beginAttempt(attempt('wf-1111', 'build', ['main', 'proxy']));
  logs.beginAttempt(attempt('wf-2222', 'test'));
  logs.append({ nodeId: 'wf-1111', container: 'main' }, [
    { time: at(1), stream: 'stdout', text: 'compiling' },
    { time: at(3), stream: 'stderr', text: 'warning: slow' },
  ]);
  logs.append({ nodeId: 'wf-2222', container: 'main' }, [{ time: at(2), stream: 'stdout', text: 'testing' }]);
  logs.append({ nodeId: 'wf-1111', container: 'proxy' }, [
    { time: at(1), stream: 'stdout', text: 'proxy up' },
  ]);
});
afterEach(async () => {
  await api.close();
});

const contents = (messages: Json[]) => messages.map((m) => m.result.content);

async function readAll(path: string, format: 'sse' | 'ndjson' = 'ndjson') {
  const stream = await api.stream(path, format);
  await stream.ended();
  const messages: Json[] = [];
  for (let m = await stream.next(); m !== undefined; m = await stream.next()) messages.push(m);
  return { stream, messages };
}

describe('GET /api/v1/workflows/{ns}/{name}/log', () => {
  it('streams every step’s main container lines in time order as {result: {content, podName}}', async () => {
    const { stream, messages } = await readAll('/api/v1/workflows/argo/wf/log?logOptions.container=main');
    expect(stream.headers.get('content-type')).toBe('application/json');
    expect(messages).toEqual([
      { result: { content: 'compiling', podName: 'wf-build-1111' } },
      { result: { content: 'testing', podName: 'wf-test-2222' } },
      { result: { content: 'warning: slow', podName: 'wf-build-1111' } },
    ]);
  });

  it('streams server-sent events when asked', async () => {
    const { stream, messages } = await readAll('/api/v1/workflows/argo/wf/log', 'sse');
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    expect(contents(messages)).toEqual(['compiling', 'testing', 'warning: slow']);
    expect(stream.lines[0]).toBe('data: {"result":{"content":"compiling","podName":"wf-build-1111"}}');
  });

  it('selects one step by pod name, node id or display name, and another container', async () => {
    for (const podName of ['wf-build-1111', 'wf-1111', 'build']) {
      const { messages } = await readAll(`/api/v1/workflows/argo/wf/log?podName=${podName}`);
      expect(contents(messages), podName).toEqual(['compiling', 'warning: slow']);
    }
    const proxy = await readAll('/api/v1/workflows/argo/wf/log?podName=build&logOptions.container=proxy');
    expect(contents(proxy.messages)).toEqual(['proxy up']);
  });

  it('prefixes timestamps, and grep then matches them as Argo does', async () => {
    const { messages } = await readAll(
      '/api/v1/workflows/argo/wf/log?logOptions.timestamps=true&grep=10:00:0[12]',
    );
    expect(contents(messages)).toEqual([`${at(1)} compiling`, `${at(2)} testing`]);
  });

  it('keeps the last lines of each log with tailLines, and only stderr with stream=Stderr', async () => {
    const tail = await readAll('/api/v1/workflows/argo/wf/log?logOptions.tailLines=1');
    expect(contents(tail.messages)).toEqual(['testing', 'warning: slow']);
    const stderr = await readAll('/api/v1/workflows/argo/wf/log?logOptions.stream=Stderr');
    expect(contents(stderr.messages)).toEqual(['warning: slow']);
  });

  it('leaves out lines older than sinceSeconds and sinceTime', async () => {
    logs.append({ nodeId: 'wf-2222', container: 'main' }, [
      { time: new Date().toISOString(), stream: 'stdout', text: 'now' },
    ]);
    const recent = await readAll('/api/v1/workflows/argo/wf/log?logOptions.sinceSeconds=60');
    expect(contents(recent.messages)).toEqual(['now']);
    const since = Date.parse(at(2)) / 1000;
    const fromTime = await readAll(`/api/v1/workflows/argo/wf/log?logOptions.sinceTime.seconds=${since}`);
    expect(contents(fromTime.messages)).toEqual(['testing', 'warning: slow', 'now']);
  });

  it('follows new lines until the workflow completes, delivering what was written before', async () => {
    const stream = await api.stream(
      '/api/v1/workflows/argo/wf/log?logOptions.follow=true&podName=test',
      'sse',
    );
    expect(contents([await stream.next()])).toEqual(['testing']);
    logs.append({ nodeId: 'wf-2222', container: 'main' }, [{ time: at(5), stream: 'stdout', text: 'more' }]);
    expect(contents([await stream.next()])).toEqual(['more']);
    logs.append({ nodeId: 'wf-2222', container: 'main' }, [
      { time: at(6), stream: 'stdout', text: 'last words' },
    ]);
    await api.controller.finish('argo', 'wf', 'Succeeded');
    expect(contents([await stream.next()])).toEqual(['last words']);
    await stream.ended(3000);
  });

  it('follows a step that starts later, and ends when the log index says the run ended', async () => {
    const stream = await api.stream(
      '/api/v1/workflows/argo/wf/log?logOptions.follow=true&podName=deploy',
      'ndjson',
    );
    logs.beginAttempt(attempt('wf-3333', 'deploy'));
    logs.append({ nodeId: 'wf-3333', container: 'main' }, [
      { time: at(7), stream: 'stdout', text: 'deploying' },
    ]);
    expect(contents([await stream.next()])).toEqual(['deploying']);
    logs.endRun('Succeeded', at(8));
    await stream.ended(3000);
  });

  it('ends a follow at once when the workflow has already completed', async () => {
    await api.controller.finish('argo', 'wf', 'Failed');
    const { messages } = await readAll('/api/v1/workflows/argo/wf/log?logOptions.follow=true');
    expect(contents(messages)).toEqual(['compiling', 'testing', 'warning: slow']);
  });

  it('answers a workflow without logs with an empty stream', async () => {
    await api.request('POST', '/api/v1/workflows/argo', { workflow: helloWorkflow({ name: 'quiet' }) });
    const { messages } = await readAll('/api/v1/workflows/argo/quiet/log');
    expect(messages).toEqual([]);
  });

  it('answers errors before streaming: unknown workflow, bad grep, pod selectors', async () => {
    const missing = await api.request('GET', '/api/v1/workflows/argo/nope/log');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(5);
    const grep = await api.request('GET', '/api/v1/workflows/argo/wf/log?grep=(unclosed');
    expect(grep.status).toBe(400);
    expect(grep.body.message).toMatch(/^grep: failed to compile "\(unclosed"/);
    const selector = await api.request('GET', '/api/v1/workflows/argo/wf/log?selector=app=x');
    expect(selector.body.message).toMatch(/^selector: pod label selectors are not supported/);
    const tail = await api.request('GET', '/api/v1/workflows/argo/wf/log?logOptions.tailLines=-1');
    expect(tail.body.message).toBe('logOptions.tailLines: must be >= 0');
  });
});

describe('GET /api/v1/workflows/{ns}/{name}/{podName}/log', () => {
  it('streams one step’s lines (Argo’s deprecated PodLogs)', async () => {
    const { messages } = await readAll('/api/v1/workflows/argo/wf/wf-test-2222/log');
    expect(messages).toEqual([{ result: { content: 'testing', podName: 'wf-test-2222' } }]);
  });
});
