/** Logs of real runs: what runWorkflow and the host runtime store, read back through the log store. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workflow } from '@weft/core';
import { describe, expect, it } from 'vitest';
import { runWorkflow } from '../run/run-workflow.js';
import { FileLogStore } from './file-log-store.js';
import { formatLogEntry } from './log-format.js';
import { readWorkflowLogs } from './log-query.js';

function workflow(name: string, templates: unknown[]): Workflow {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name },
    spec: { entrypoint: 'main', templates },
  } as Workflow;
}

async function run(wf: Workflow): Promise<{ store: FileLogStore; phase: string | undefined }> {
  const runDir = mkdtempSync(join(tmpdir(), 'weft-run-logs-'));
  const result = await runWorkflow({ workflow: wf, templates: [], configMaps: [], runDir });
  return { store: new FileLogStore(runDir), phase: result.workflow.status?.phase };
}

const sh = (name: string, script: string, extra: Record<string, unknown> = {}) => ({
  name,
  ...extra,
  container: { image: 'busybox', command: ['sh', '-c', script] },
});

describe('logs of a run', () => {
  it('keeps both attempts of a retried step, each in its own log, with the failed one’s output', async () => {
    const { store, phase } = await run(
      workflow('retried', [
        { name: 'main', steps: [[{ name: 'flaky', template: 'flaky' }]] },
        sh('flaky', 'echo "try at $(date +%s%N)"; echo "failing" >&2; exit 3', {
          retryStrategy: { limit: 1 },
        }),
      ]),
    );
    expect(phase).toBe('Failed');
    const { attempts, ended } = await store.index();
    expect(attempts.map((a) => a.displayName)).toEqual(['flaky(0)', 'flaky(1)']);
    expect(new Set(attempts.map((a) => a.nodeId)).size).toBe(2);
    expect(ended?.phase).toBe('Failed');
    for (const attempt of attempts) {
      const lines = await store.read({ nodeId: attempt.nodeId, container: 'main' });
      expect(lines.map((l) => [l.stream, l.text.replace(/\d+$/, 'N')])).toEqual([
        ['stdout', 'try at N'],
        ['stderr', 'failing'],
      ]);
    }
    const shown = (await readWorkflowLogs(store, { node: 'flaky' })).map((e) => formatLogEntry(e));
    expect(shown.filter((l) => l.endsWith('failing'))).toEqual(['flaky(0): failing', 'flaky(1): failing']);
  });

  it('orders lines of consecutive steps by time and keeps a last line printed without a newline', async () => {
    const { store } = await run(
      workflow('ordered', [
        { name: 'main', steps: [[{ name: 'one', template: 'one' }], [{ name: 'two', template: 'two' }]] },
        sh('one', 'echo first; printf "no newline"'),
        sh('two', 'echo second >&2'),
      ]),
    );
    const entries = await readWorkflowLogs(store);
    expect(entries.map((e) => formatLogEntry(e))).toEqual(['one: first', 'one: no newline', 'two: second']);
    const times = entries.map((e) => e.record.time);
    expect(times).toEqual([...times].sort());
    expect(entries.map((e) => e.record.stream)).toEqual(['stdout', 'stdout', 'stderr']);
  });

  it('still captures stdout for outputs.result while logging it', async () => {
    const { store, phase } = await run(
      workflow('result', [
        {
          name: 'main',
          steps: [
            [{ name: 'gen', template: 'gen' }],
            [
              {
                name: 'use',
                template: 'use',
                arguments: { parameters: [{ name: 'x', value: '{{steps.gen.outputs.result}}' }] },
              },
            ],
          ],
        },
        sh('gen', 'echo 42; echo noise >&2'),
        {
          name: 'use',
          inputs: { parameters: [{ name: 'x' }] },
          container: { image: 'busybox', command: ['echo', 'got {{inputs.parameters.x}}'] },
        },
      ]),
    );
    expect(phase).toBe('Succeeded');
    expect((await readWorkflowLogs(store)).map((e) => formatLogEntry(e))).toEqual([
      'gen: 42',
      'gen: noise',
      'use: got 42',
    ]);
  });
});
