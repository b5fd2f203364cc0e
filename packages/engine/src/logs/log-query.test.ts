import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileLogStore } from './file-log-store.js';
import { formatLogEntry } from './log-format.js';
import { followWorkflowLogs, type LogEntry, readWorkflowLogs } from './log-query.js';
import type { LogRecord } from './log-record.js';
import type { LogAttempt } from './log-store.js';

const time = (n: number) => `2024-05-01T10:00:00.${String(n).padStart(9, '0')}Z`;
const line = (n: number, text: string, stream: 'stdout' | 'stderr' = 'stdout'): LogRecord => ({
  time: time(n),
  stream,
  text,
});

function attempt(nodeId: string, displayName: string, containers = ['main']): LogAttempt {
  return {
    nodeId,
    displayName,
    nodeName: `wf.${displayName}`,
    podName: `wf-${nodeId}`,
    containers: containers.map((name) => ({ name, role: name === 'main' ? 'main' : 'sidecar' })),
    startedAt: time(0),
  };
}

/** A run with a step `a`, a retried step `b` (attempts b(0), b(1)) and a sidecar. */
function storeWithRun(): FileLogStore {
  const store = new FileLogStore(mkdtempSync(join(tmpdir(), 'weft-log-store-')));
  store.beginRun({ workflowName: 'wf', pid: process.pid, startedAt: time(0) });
  store.beginAttempt(attempt('a', 'a', ['main', 'proxy']));
  store.append({ nodeId: 'a', container: 'main' }, [line(1, 'a one'), line(4, 'a warn', 'stderr')]);
  store.append({ nodeId: 'a', container: 'proxy' }, [line(2, 'proxy up')]);
  store.beginAttempt(attempt('b0', 'b(0)'));
  store.append({ nodeId: 'b0', container: 'main' }, [line(3, 'b try')]);
  store.beginAttempt(attempt('b1', 'b(1)'));
  store.append({ nodeId: 'b1', container: 'main' }, [line(5, 'b try'), line(6, 'b done')]);
  return store;
}

const shown = (entries: readonly LogEntry[]) => entries.map((entry) => formatLogEntry(entry));

describe('reading a run’s logs like argo logs', () => {
  it('merges every attempt’s main container in time order, prefixed with display names', async () => {
    expect(shown(await readWorkflowLogs(storeWithRun()))).toEqual([
      'a: a one',
      'b(0): b try',
      'a: a warn',
      'b(1): b try',
      'b(1): b done',
    ]);
  });

  it('keeps the logs of every attempt of a retried step apart, selectable by step or attempt', async () => {
    const store = storeWithRun();
    expect(shown(await readWorkflowLogs(store, { node: 'b' }))).toEqual([
      'b(0): b try',
      'b(1): b try',
      'b(1): b done',
    ]);
    expect(shown(await readWorkflowLogs(store, { node: 'b(0)' }))).toEqual(['b(0): b try']);
    expect(shown(await readWorkflowLogs(store, { node: 'wf-b1' }))).toEqual(['b(1): b try', 'b(1): b done']);
  });

  it('tells stderr from stdout and prints times with --timestamps', async () => {
    const entries = await readWorkflowLogs(storeWithRun(), { node: 'a' });
    expect(entries.map((entry) => entry.record.stream)).toEqual(['stdout', 'stderr']);
    expect(formatLogEntry(entries[0] as LogEntry, { timestamps: true })).toBe(`a: ${time(1)} a one`);
  });

  it('shows another container by name, prefixed with it', async () => {
    expect(shown(await readWorkflowLogs(storeWithRun(), { container: 'proxy' }))).toEqual([
      'a/proxy: proxy up',
    ]);
  });

  it('filters with grep, keeps the last lines of each log with tail, and drops older lines with since', async () => {
    const store = storeWithRun();
    expect(shown(await readWorkflowLogs(store, { grep: /warn|done/ }))).toEqual([
      'a: a warn',
      'b(1): b done',
    ]);
    expect(shown(await readWorkflowLogs(store, { tail: 1 }))).toEqual([
      'b(0): b try',
      'a: a warn',
      'b(1): b done',
    ]);
    expect(shown(await readWorkflowLogs(store, { sinceTime: time(5) }))).toEqual([
      'b(1): b try',
      'b(1): b done',
    ]);
  });

  it('forgets the attempts of an earlier run in the same directory', async () => {
    const first = storeWithRun();
    const again = new FileLogStore(first.root);
    again.beginRun({ workflowName: 'wf', pid: process.pid, startedAt: time(10) });
    again.beginAttempt(attempt('a', 'a'));
    expect(await readWorkflowLogs(again)).toEqual([]);
    expect((await again.index()).attempts.map((a) => a.nodeId)).toEqual(['a']);
    expect(readFileSync(join(first.root, 'log-index.jsonl'), 'utf8').split('\n')).toHaveLength(3);
  });
});

describe('following a run’s logs', () => {
  it('prints lines written after it started, across new attempts, and stops when the run ends', async () => {
    const store = new FileLogStore(mkdtempSync(join(tmpdir(), 'weft-log-follow-')));
    store.beginRun({ workflowName: 'wf', pid: process.pid, startedAt: time(0) });
    store.beginAttempt(attempt('a', 'a'));
    store.append({ nodeId: 'a', container: 'main' }, [line(1, 'early')]);
    const seen: string[] = [];
    const following = (async () => {
      for await (const batch of followWorkflowLogs(store)) seen.push(...shown(batch));
    })();
    await until(() => seen.length === 1);
    store.append({ nodeId: 'a', container: 'main' }, [line(2, 'later')]);
    await until(() => seen.length === 2);
    store.beginAttempt(attempt('b', 'b'));
    store.append({ nodeId: 'b', container: 'main' }, [line(3, 'next step')]);
    store.endRun('Succeeded', time(4));
    await following;
    expect(seen).toEqual(['a: early', 'a: later', 'b: next step']);
  });

  it('stops when the process writing the run is gone without ending it', async () => {
    const store = new FileLogStore(mkdtempSync(join(tmpdir(), 'weft-log-dead-')));
    store.beginRun({ workflowName: 'wf', pid: 2 ** 22 + 12345, startedAt: time(0) });
    store.beginAttempt(attempt('a', 'a'));
    store.append({ nodeId: 'a', container: 'main' }, [line(1, 'last words')]);
    const batches: string[][] = [];
    for await (const batch of followWorkflowLogs(store)) batches.push(shown(batch));
    expect(batches).toEqual([['a: last words']]);
  });

  it('stops when its signal aborts', async () => {
    const store = storeWithRun();
    const controller = new AbortController();
    const following = (async () => {
      for await (const _ of followWorkflowLogs(store, {}, { signal: controller.signal })) controller.abort();
    })();
    await following;
  });
});

async function until(condition: () => boolean): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 5000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
