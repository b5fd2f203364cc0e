import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PodContainer } from '@weft/core';
import type { StartStepRequest, StepResult } from '../types.js';
import { type ConnectRunnerOptions, connectRunner, type RunnerRuntime } from './client.js';

/** Helpers for the runner's tests: clients that collect results, steps that count their runs. */

const tempDirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `weft-runner-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

/** Removes the directories tempDir made (call once the runners using them have exited). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Alive and not a zombie (an exited process nobody has reaped yet counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Pids of live processes whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (command.includes(marker) && isAlive(Number(entry))) pids.push(Number(entry));
    } catch {
      // It ended while we looked.
    }
  }
  return pids;
}

/** A runner client that records every result and every start it is told about. */
export interface TestClient {
  readonly runtime: RunnerRuntime;
  readonly results: StepResult[];
  readonly starts: string[];
  /** Resolves with the next result for `id` (or one already received). */
  result(id: string): Promise<StepResult>;
}

export async function testClient(
  options: Omit<ConnectRunnerOptions, 'onExit' | 'onStart'>,
  runners: Set<number>,
): Promise<TestClient> {
  const results: StepResult[] = [];
  const starts: string[] = [];
  const waiting = new Map<string, (result: StepResult) => void>();
  const runtime = await connectRunner({
    ...options,
    onExit: (result) => {
      results.push(result);
      waiting.get(result.id)?.(result);
      waiting.delete(result.id);
    },
    onStart: (id) => starts.push(id),
  });
  runners.add(runtime.pid);
  const result = (id: string) =>
    new Promise<StepResult>((resolve) => {
      const known = results.find((each) => each.id === id);
      if (known) resolve(known);
      else waiting.set(id, resolve);
    });
  return { runtime, results, starts, result };
}

/** Ends the runners a test started that are still alive (SIGTERM: a runner then kills its steps). */
export async function stopRunners(runners: Set<number>): Promise<void> {
  for (const pid of runners) if (isAlive(pid)) process.kill(pid, 'SIGTERM');
  await waitUntil(() => [...runners].every((pid) => !isAlive(pid)), 10_000, 'the test runners exited');
  runners.clear();
}

/**
 * A step whose script first appends a line to `ledger.txt` in a volume shared by the workflow
 * `workflow` (on the host: `<volumesDir>/default/<workflow>/ledger/ledger.txt`), so a test can count
 * how many times it ran.
 */
export function ledgerStep(id: string, workflow: string, script: string): StartStepRequest {
  const main: PodContainer = {
    name: 'main',
    image: 'busybox',
    command: ['sh', '-c', `echo ran >> /ledger/ledger.txt; ${script}`],
    volumeMounts: [{ name: 'ledger', mountPath: '/ledger' }],
  };
  return {
    id,
    pod: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: id, namespace: 'default', labels: { 'workflows.argoproj.io/workflow': workflow } },
      spec: {
        containers: [main],
        volumes: [{ name: 'ledger', persistentVolumeClaim: { claimName: 'ledger' } }],
      },
    },
    stepDir: tempDir('step'),
    inputFiles: [],
    outputParameters: [],
    outputArtifacts: [],
    mainContainers: [{ name: 'main', dependencies: [] }],
  };
}

/** How many times steps of `workflow` appended to its ledger. */
export function ledgerCount(volumesDir: string, workflow: string): number {
  try {
    return readFileSync(join(volumesDir, 'default', workflow, 'ledger', 'ledger.txt'), 'utf8')
      .split('\n')
      .filter((line) => line === 'ran').length;
  } catch {
    return 0;
  }
}
