import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLogStore } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import { failedStepLogs, failedSteps, formatFinalOutput } from './output.js';
import { at, node, T0, workflowWith } from './testing/builders.js';

describe('final output', () => {
  const wf = workflowWith('wf', [node('wf', { type: 'Pod', startedAt: at(0), finishedAt: at(2) })]);

  it('prints pretty JSON of the whole workflow for -o json', () => {
    const text = formatFinalOutput(wf, 'json', new Date(T0));
    expect(JSON.parse(text)).toEqual(wf);
    expect(text).toContain('\n  "apiVersion"');
  });

  it('prints YAML for -o yaml', () => {
    expect(formatFinalOutput(wf, 'yaml', new Date(T0))).toMatch(
      /^apiVersion: argoproj.io\/v1alpha1\nkind: Workflow\n/,
    );
  });

  it('prints the tree when no format is given', () => {
    expect(formatFinalOutput(wf, undefined, new Date(T0))).toMatch(/^Name: +wf\n[\s\S]* ✔ wf +wf +2s\n$/);
  });
});

describe('failed step logs', () => {
  it('prints the last 20 lines of each container of each failed step, as weft logs does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'weft-cli-logs-'));
    const store = new FileLogStore(dir);
    store.beginRun({ workflowName: 'wf', pid: process.pid, startedAt: at(0) });
    const containers = [
      { name: 'init', role: 'init' as const },
      { name: 'main', role: 'main' as const },
    ];
    for (const id of ['bad', 'good']) {
      store.beginAttempt({
        nodeId: id,
        displayName: id,
        nodeName: id,
        podName: id,
        containers,
        startedAt: at(0),
      });
    }
    const time = (i: number) => `2024-01-01T00:00:00.${String(i).padStart(9, '0')}Z`;
    const lines = Array.from({ length: 30 }, (_, i) => ({
      time: time(i + 1),
      stream: 'stdout' as const,
      text: `line ${i + 1}`,
    }));
    store.append({ nodeId: 'bad', container: 'init' }, [
      { time: time(0), stream: 'stderr', text: 'setting up' },
    ]);
    store.append({ nodeId: 'bad', container: 'main' }, lines);
    store.append({ nodeId: 'good', container: 'main' }, lines);
    store.endRun('Failed', at(1));
    const failed = workflowWith(
      'wf',
      [node('bad', { type: 'Pod', phase: 'Failed' }), node('good', { type: 'Pod', phase: 'Succeeded' })],
      { phase: 'Failed' },
    );
    const out = await failedStepLogs(failed, dir);
    expect(out[0]).toBe('--- bad (Failed): last 20 lines');
    expect(out.slice(1)).toEqual([
      'bad/init: setting up',
      ...lines.slice(10).map((line) => `bad: ${line.text}`),
    ]);
  });

  it('shows only the last attempt of a retried step, and nothing when the workflow succeeded', () => {
    const nodes = [
      node('retry', { type: 'Retry', phase: 'Failed', children: ['a0', 'a1'] }),
      node('a0', { type: 'Pod', phase: 'Failed', startedAt: at(0) }),
      node('a1', { type: 'Pod', phase: 'Failed', startedAt: at(1) }),
    ];
    expect(failedSteps(workflowWith('wf', nodes, { phase: 'Failed' })).map((n) => n.id)).toEqual(['a1']);
    expect(failedSteps(workflowWith('wf', nodes, { phase: 'Succeeded' }))).toEqual([]);
  });
});
