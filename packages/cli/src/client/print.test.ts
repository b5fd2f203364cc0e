import type { Workflow } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { at, node, T0, workflowWith } from '../testing/builders.js';
import { formatLogLine } from './log-stream.js';
import { formatResource, formatResourceList, formatRuns } from './print-resources.js';
import { displayStatus, formatWorkflow, formatWorkflowList } from './print-workflows.js';
import { shortDuration } from './table.js';
import { finalStatusLine } from './wait-for.js';

const now = new Date(T0 + 3600_000);

function listed(name: string, phase: Workflow['status'], created = at(0)): Workflow {
  const wf = workflowWith(name, [node(`${name}-pod`, { type: 'Pod', phase: 'Running' })], phase);
  return { ...wf, metadata: { ...wf.metadata, creationTimestamp: created } };
}

describe('formatWorkflowList', () => {
  it('prints argo list columns with ages and durations', () => {
    const text = formatWorkflowList(
      [listed('build-a', { phase: 'Running', startedAt: at(0), finishedAt: undefined })],
      undefined,
      now,
    );
    expect(text.split('\n')[0]).toMatch(/^NAME {3,}STATUS {3,}AGE {3,}DURATION {3,}PRIORITY {3,}MESSAGE$/);
    expect(text.split('\n')[1]).toMatch(/^build-a {3,}Running {3,}1h {3,}1h {3,}0$/);
  });

  it('adds pending/running/completed pods and parameters with -o wide', () => {
    const wf = listed('w', {});
    wf.spec.arguments = { parameters: [{ name: 'x', value: '1' }] };
    expect(formatWorkflowList([wf], 'wide', now)).toMatch(/P\/R\/C {3,}PARAMETERS\n.*0\/1\/0 {3,}x=1\n$/);
  });

  it('says when there is nothing, except as JSON where it prints an empty list', () => {
    expect(formatWorkflowList([], undefined, now)).toBe('No workflows found\n');
    expect(formatWorkflowList([], 'json', now)).toBe('[]\n');
    expect(formatWorkflowList([listed('a', {}), listed('b', {})], 'name', now)).toBe('a\nb\n');
  });

  it('marks suspended and terminated workflows as argo does', () => {
    const suspended = workflowWith('s', [node('s-wait', { type: 'Suspend', phase: 'Running' })], {
      phase: 'Running',
    });
    expect(displayStatus(suspended)).toBe('Running (Suspended)');
    const terminated = { ...workflowWith('t', [], { phase: 'Failed' }) };
    terminated.spec = { ...terminated.spec, shutdown: 'Terminate' };
    expect(displayStatus(terminated)).toBe('Failed (Terminated)');
  });
});

describe('formatWorkflow', () => {
  it('prints the argo get tree by default and the name, JSON or YAML when asked', () => {
    const wf = workflowWith('hello', [node('hello', { type: 'Pod' })]);
    expect(formatWorkflow(wf, undefined, now)).toMatch(/^Name: +hello\nStatus: +Succeeded\n/);
    expect(formatWorkflow(wf, 'name', now)).toBe('hello\n');
    expect(JSON.parse(formatWorkflow(wf, 'json', now))).toEqual(wf);
    expect(formatWorkflow(wf, 'yaml', now)).toMatch(/^apiVersion: argoproj.io\/v1alpha1\n/);
  });

  it('ends a wait with argo line: name, phase and finish time', () => {
    expect(finalStatusLine(workflowWith('w', [], { phase: 'Failed', finishedAt: at(5) }))).toBe(
      `w Failed at ${at(5)}`,
    );
  });
});

describe('templates, cron workflows and runs', () => {
  it('describes a cron workflow with its schedules and suspension', () => {
    const cron = {
      kind: 'CronWorkflow',
      metadata: { name: 'nightly', namespace: 'ci', creationTimestamp: at(0) },
      spec: { schedules: ['0 1 * * *', '0 13 * * *'], suspend: true, timezone: 'UTC' },
    };
    const text = formatResource(cron, undefined);
    expect(text).toMatch(/^Name: +nightly\nNamespace: +ci\nCreated: +\d{4}-/);
    expect(text).toMatch(/Schedules: +0 1 \* \* \*,0 13 \* \* \*\nSuspended: +true\nTimezone: +UTC/);
    expect(formatResourceList([cron], 'CronWorkflow', undefined, now)).toMatch(
      /^NAME +AGE +LAST RUN +SCHEDULES +TIMEZONE +SUSPENDED\nnightly +1h +0 1/,
    );
  });

  it('lists templates by name', () => {
    expect(formatResourceList([{ metadata: { name: 'build' } }], 'WorkflowTemplate', undefined, now)).toBe(
      'NAME\nbuild\n',
    );
  });

  it('prints a template build history from weft run summaries, newest first as given', () => {
    const lines = formatRuns(
      [
        { name: 'build-2', runNumber: 2, phase: 'Running', startedAt: at(120) },
        {
          name: 'build-1',
          runNumber: 1,
          phase: 'Succeeded',
          startedAt: at(0),
          finishedAt: at(90),
          duration: 90,
        },
      ],
      undefined,
      now,
    ).split('\n');
    expect(lines[0]).toMatch(/^RUN +NAME +STATUS +STARTED +DURATION$/);
    expect(lines[1]).toMatch(/^#2 +build-2 +Running +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +58m$/);
    expect(lines[2]).toMatch(/^#1 +build-1 +Succeeded +\S+ \S+ +1m$/);
    expect(formatRuns([], undefined, now)).toBe('No runs found\n');
  });

  it('also numbers runs given as Workflows by their weft.dev/run-number annotation', () => {
    const wf = workflowWith('build-7', [], { phase: 'Failed', startedAt: at(0), finishedAt: at(30) });
    wf.metadata.annotations = { 'weft.dev/run-number': '7' };
    expect(formatRuns([wf], undefined, now)).toMatch(/\n#7 +build-7 +Failed +\S+ \S+ +30s\n$/);
    expect(formatRuns([wf], 'name', now)).toBe('build-7\n');
  });
});

describe('small helpers', () => {
  it('shortens durations to their largest unit', () => {
    expect([45_000, 12 * 60_000, 5 * 3600_000, 3 * 86_400_000].map(shortDuration)).toEqual([
      '45s',
      '12m',
      '5h',
      '3d',
    ]);
  });

  it('prefixes a log line with its pod, coloured only when asked', () => {
    expect(formatLogLine({ podName: 'wf-1', content: 'hi' }, false)).toBe('wf-1: hi');
    const esc = '\u001b';
    expect(formatLogLine({ podName: 'wf-1', content: 'hi' }, true)).toMatch(
      new RegExp(`^${esc}\\[3\\dmwf-1:${esc}\\[0m hi$`),
    );
  });
});
