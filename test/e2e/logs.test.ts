/** `weft logs` end to end: after a run, and following a run that is still going on. */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratch, weft } from './weft.js';

const bin = resolve(import.meta.dirname, '../../packages/cli/bin/weft.js');

function workflow(name: string, templates: unknown[]): string {
  return JSON.stringify({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { name },
    spec: { entrypoint: 'main', templates },
  });
}

const sh = (name: string, script: string, extra: Record<string, unknown> = {}) => ({
  name,
  ...extra,
  container: { image: 'busybox', command: ['sh', '-c', script] },
});

/** `talk` prints on both streams (a moment apart: the two pipes are read independently) and ends without a newline; `flaky` fails twice (retried once). */
const finishedRun = workflow('logs-e2e', [
  { name: 'main', steps: [[{ name: 'talk', template: 'talk' }], [{ name: 'flaky', template: 'flaky' }]] },
  sh(
    'talk',
    'echo hello; sleep 0.05; echo "warning: low disk" >&2; sleep 0.05; echo done; printf "tail without newline"',
  ),
  sh('flaky', 'echo "attempt $$"; echo "giving up" >&2; exit 1', { retryStrategy: { limit: 1 } }),
]);

describe('weft logs after a run', () => {
  const dir = scratch({ 'wf.json': finishedRun });
  const run = weft(['run', 'wf.json'], dir);

  it('prints every attempt of every step in time order, prefixed like argo logs', () => {
    expect(run.status).toBe(1);
    const result = weft(['logs'], dir);
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'talk: hello',
      'talk: warning: low disk',
      'talk: done',
      'talk: tail without newline',
    ]);
    expect(lines.slice(4).map((line) => line.replace(/\d+$/, 'N'))).toEqual([
      'flaky(0): attempt N',
      'flaky(0): giving up',
      'flaky(1): attempt N',
      'flaky(1): giving up',
    ]);
  });

  it('shows the failed attempts of a retried step in weft run’s output too', () => {
    expect(run.stderr).toContain('--- flaky(1) (Failed): last 20 lines');
    expect(run.stderr).toContain('flaky(1): giving up');
  });

  it('selects a step or one attempt by name, and finds the run by its name or directory', () => {
    expect(weft(['logs', 'logs-e2e', '--node', 'flaky'], dir).stdout).toMatch(
      /^flaky\(0\): attempt \d+\nflaky\(0\): giving up\nflaky\(1\)/,
    );
    expect(weft(['logs', join('.weft-runs', 'logs-e2e'), 'flaky(1)'], dir).stdout).toMatch(
      /^flaky\(1\): attempt \d+\nflaky\(1\): giving up\n$/,
    );
  });

  it('filters with --grep and --tail, and prints nanosecond timestamps with --timestamps', () => {
    expect(weft(['logs', '--grep', 'warn|giving'], dir).stdout).toBe(
      'talk: warning: low disk\nflaky(0): giving up\nflaky(1): giving up\n',
    );
    expect(weft(['logs', '--node', 'talk', '--tail', '2'], dir).stdout).toBe(
      'talk: done\ntalk: tail without newline\n',
    );
    expect(weft(['logs', '--node', 'talk', '--timestamps'], dir).stdout).toMatch(
      /^talk: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z hello\n/,
    );
    expect(weft(['logs', '--since', '1h', '--node', 'talk'], dir).stdout).toContain('talk: hello');
  });

  it('says plainly when the step, the run or any run does not exist', () => {
    const noStep = weft(['logs', '--node', 'nope'], dir);
    expect(noStep.status).toBe(2);
    expect(noStep.stderr).toContain('no step "nope"');
    expect(noStep.stderr).toContain('talk, flaky(0), flaky(1)');
    expect(weft(['logs', 'missing-run'], dir).stderr).toContain('no run "missing-run"');
    const empty = weft(['logs'], scratch({}));
    expect(empty.status).toBe(2);
    expect(empty.stderr).toContain('no runs under .weft-runs/');
    expect(weft(['logs', '--bogus'], dir).stderr).toMatch(/unknown flag "--bogus"[\s\S]*weft logs \[RUN\]/);
  });
});

interface Timed {
  readonly text: string;
  readonly at: number;
}

/** Starts the real CLI, collecting stdout lines with the time each arrived. */
function start(args: readonly string[], cwd: string) {
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Timed[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const text of parts) lines.push({ text, at: Date.now() });
  });
  const exited = new Promise<number>((done) => child.on('exit', () => done(Date.now())));
  return { lines, exited };
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('weft logs --follow', () => {
  it('prints a running step’s lines as they come and stops when the run ends', async () => {
    const slow = workflow('slow-e2e', [
      {
        name: 'main',
        steps: [[{ name: 'ticker', template: 'ticker' }], [{ name: 'after', template: 'after' }]],
      },
      sh('ticker', 'for i in 1 2 3 4 5 6 7 8 9 10; do echo "tick $i"; sleep 0.3; done'),
      sh('after', 'echo finished >&2'),
    ]);
    const dir = scratch({ 'wf.json': slow });
    const run = start(['run', 'wf.json'], dir);
    await until(() => existsSync(join(dir, '.weft-runs', 'slow-e2e', 'log-index.jsonl')));
    const follow = start(['logs', '-f', 'slow-e2e'], dir);
    const [runEnded, followEnded] = await Promise.all([run.exited, follow.exited]);
    expect(follow.lines.map((line) => line.text)).toEqual([
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => `ticker: tick ${i}`),
      'after: finished',
    ]);
    // Ticks were shown while the ticker was still printing (~3 s), not all at the end.
    const arrivals = follow.lines.map((line) => line.at);
    expect(arrivals[0] as number).toBeLessThan((arrivals[9] as number) - 900);
    expect(arrivals[0] as number).toBeLessThan(runEnded - 900);
    expect(followEnded).toBeLessThan(runEnded + 3000);
  });
});
