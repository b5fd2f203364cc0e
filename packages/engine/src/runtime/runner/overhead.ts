import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHostRuntime } from '../host/index.js';
import type { Runtime, StartStepRequest, StepExitListener, StepResult } from '../types.js';
import { connectRunner } from './client.js';

/**
 * The runner's cost per step: chains of `true` steps (each started when the previous one's result
 * arrives) through a runner, against the same chains straight through a host runtime in this
 * process. The two alternate in rounds so both see the same machine load; the ratio is the median
 * of the rounds' ratios.
 */
export interface RunnerOverhead {
  /** Median milliseconds per step straight through the host runtime. */
  readonly direct: number;
  /** Median milliseconds per step through the runner (results stored durably, then acknowledged). */
  readonly runner: number;
  /** Median over the rounds of runner ÷ direct. */
  readonly ratio: number;
}

function trueStep(root: string, index: number): StartStepRequest {
  const id = `chain-${index}`;
  return {
    id,
    pod: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: id, namespace: 'default', labels: {} },
      spec: { containers: [{ name: 'main', image: 'busybox', command: ['true'] }] },
    },
    stepDir: join(root, id),
    inputFiles: [],
    outputParameters: [],
    outputArtifacts: [],
    mainContainers: [{ name: 'main', dependencies: [] }],
  };
}

/** A runtime that runs one step at a time and resolves with its result. */
class Chain {
  #next: ((result: StepResult) => void) | undefined;
  #count = 0;
  readonly #root = mkdtempSync(join(tmpdir(), 'weft-runner-chain-'));
  runtime: (Runtime & { ack?(id: string): void }) | undefined;

  readonly onExit: StepExitListener = (result) => {
    this.runtime?.ack?.(result.id);
    this.#next?.(result);
  };

  /** Runs `n` steps one after another; milliseconds per step. */
  async run(n: number): Promise<number> {
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const result = await new Promise<StepResult>((resolve) => {
        this.#next = resolve;
        this.runtime?.start(trueStep(this.#root, this.#count++));
      });
      if (result.exitCode !== 0) throw new Error(`chain step failed: ${result.error ?? result.exitCode}`);
    }
    return (performance.now() - started) / n;
  }

  remove(): void {
    rmSync(this.#root, { recursive: true, force: true });
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** `n` steps each way, in `rounds` alternating rounds; `runnerDir` is where a runner is started and shut down. */
export async function measureRunnerOverhead(
  n: number,
  runnerDir: string,
  rounds = 10,
): Promise<RunnerOverhead> {
  const direct = new Chain();
  const through = new Chain();
  const host = createHostRuntime({ onExit: direct.onExit });
  direct.runtime = host;
  const runner = await connectRunner({ dir: runnerDir, onExit: through.onExit });
  through.runtime = runner;
  const perRound = Math.max(1, Math.round(n / rounds));
  const times = { direct: [] as number[], runner: [] as number[], ratio: [] as number[] };
  try {
    await direct.run(3);
    await through.run(3);
    for (let round = 0; round < rounds; round++) {
      const first = round % 2 === 0;
      const a = first ? await direct.run(perRound) : 0;
      const b = await through.run(perRound);
      const c = first ? a : await direct.run(perRound);
      times.direct.push(c);
      times.runner.push(b);
      times.ratio.push(b / c);
    }
  } finally {
    await host.close();
    await runner.shutdown();
    direct.remove();
    through.remove();
  }
  return { direct: median(times.direct), runner: median(times.runner), ratio: median(times.ratio) };
}
