import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failedStepLogs, failedSteps, formatFinalOutput, lastLines } from './output.js';
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
  it('keeps the last lines of a text', () => {
    expect(lastLines('1\n2\n3\n', 2)).toEqual(['2', '3']);
    expect(lastLines('only', 20)).toEqual(['only']);
  });

  it('prints the last 20 lines of every log file of each failed step', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'weft-cli-logs-'));
    await mkdir(join(dir, 'bad', 'logs'), { recursive: true });
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    await writeFile(join(dir, 'bad', 'logs', 'main.log'), `${lines.join('\n')}\n`);
    const failed = workflowWith(
      'wf',
      [node('bad', { type: 'Pod', phase: 'Failed' }), node('good', { type: 'Pod', phase: 'Succeeded' })],
      { phase: 'Failed' },
    );
    const out = await failedStepLogs(failed, { bad: join(dir, 'bad'), good: join(dir, 'good') });
    expect(out[0]).toMatch(/^--- bad \(Failed\): last 20 lines of .*main\.log$/);
    expect(out.slice(1)).toEqual(lines.slice(10));
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
