/**
 * `weft run` and the processes of its steps: nothing outlives weft (even `kill -9` of weft), a step
 * killed from outside is reported as Argo reports it, and a backoff really waits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratch, weft, workflowYaml } from './weft.js';

const bin = resolve(import.meta.dirname, '../../packages/cli/bin/weft.js');

/** Pids of processes whose command line contains `marker`. */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(marker) && !cmdline.includes('vitest')) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

async function waitFor<T>(what: string, check: () => T | undefined, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

function startWeft(dir: string): {
  child: ChildProcess;
  output: Promise<{ stdout: string; code: number | null }>;
} {
  const child = spawn(process.execPath, [bin, 'run', 'wf.yaml', '-o', 'json', '--run-dir', 'run'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.resume();
  const output = new Promise<{ stdout: string; code: number | null }>((done) => {
    child.on('close', (code) => done({ stdout, code }));
  });
  return { child, output };
}

/** A `sleep` whose command line is unique to this test, so /proc can find it. */
function uniqueSleep(): string {
  return `30.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}1`;
}

describe('weft run and step processes', () => {
  it('leaves no step process behind when weft itself is killed with SIGKILL', async () => {
    const marker = uniqueSleep();
    const dir = scratch({
      'wf.yaml': workflowYaml({
        entrypoint: 'main',
        templates: [
          {
            name: 'main',
            container: {
              image: 'alpine',
              command: ['sh', '-c'],
              args: [`sleep ${marker} & sleep ${marker}; wait`],
            },
          },
        ],
      }),
    });
    const { child, output } = startWeft(dir);
    await waitFor(
      'both sleeps to start',
      () => (processesWith(marker).length >= 2 ? true : undefined),
      15_000,
    );
    child.kill('SIGKILL');
    await output;
    await waitFor(
      'the step processes to be gone',
      () => (processesWith(marker).length === 0 ? true : undefined),
      2_000,
    );
    expect(processesWith(marker)).toEqual([]);
  }, 30_000);

  it('reports a step killed from outside with kill -9 as Argo does: Failed, "Error (exit code 137)", not retried OnError', async () => {
    const marker = uniqueSleep();
    const dir = scratch({
      'wf.yaml': workflowYaml({
        entrypoint: 'main',
        templates: [
          {
            name: 'main',
            retryStrategy: { limit: 2, retryPolicy: 'OnError' },
            container: { image: 'alpine', command: ['sleep'], args: [marker] },
          },
        ],
      }),
    });
    const { output } = startWeft(dir);
    const [pid] = await waitFor(
      'the step to start',
      () => {
        const pids = processesWith(marker);
        return pids.length > 0 ? pids : undefined;
      },
      15_000,
    );
    process.kill(pid as number, 'SIGKILL');
    const { stdout, code } = await output;
    expect(code).toBe(1);
    const nodes = Object.values(JSON.parse(stdout).status.nodes) as {
      displayName: string;
      phase: string;
      message?: string;
    }[];
    const attempt = nodes.find((n) => n.displayName.endsWith('(0)'));
    expect(attempt).toMatchObject({ phase: 'Failed', message: 'Error (exit code 137)' });
    expect(nodes.filter((n) => n.displayName.endsWith('(1)'))).toEqual([]);
  }, 30_000);

  it('waits out a real backoff: duration 1s, factor 2 → about 3 s across three attempts', () => {
    const dir = scratch({
      'wf.yaml': workflowYaml({
        entrypoint: 'main',
        templates: [
          {
            name: 'main',
            retryStrategy: { limit: 2, backoff: { duration: '1', factor: 2 } },
            container: { image: 'alpine', command: ['sh', '-c'], args: ['exit 3'] },
          },
        ],
      }),
    });
    const started = Date.now();
    const result = weft(['run', 'wf.yaml', '-o', 'json', '--run-dir', 'run'], dir);
    const elapsed = Date.now() - started;
    expect(result.status).toBe(1);
    const wf = JSON.parse(result.stdout);
    const retry = Object.values(wf.status.nodes).find((n) => (n as { type: string }).type === 'Retry');
    expect(retry).toMatchObject({ phase: 'Failed', message: 'No more retries left' });
    expect((retry as { children: string[] }).children).toHaveLength(3);
    expect(elapsed).toBeGreaterThanOrEqual(3_000);
    expect(elapsed).toBeLessThan(10_000);
  }, 30_000);
});
