import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PodContainer, PodManifest } from '@weft/core';
import type { Runtime, StartStepRequest, StepExitListener, StepResult } from './types.js';

/** Builds runtimes for the conformance suite; `onExit` must receive every step's result. */
export type MakeRuntime = (onExit: StepExitListener) => Runtime | Promise<Runtime>;

/** A runtime under test plus a way to await one step's result. */
export interface RuntimeHarness {
  readonly runtime: Runtime;
  /** Starts the step (synchronously) and resolves with its result. */
  run(request: StartStepRequest): Promise<StepResult>;
}

export async function createHarness(makeRuntime: MakeRuntime): Promise<RuntimeHarness> {
  const waiting = new Map<string, (result: StepResult) => void>();
  const runtime = await makeRuntime((result) => {
    waiting.get(result.id)?.(result);
    waiting.delete(result.id);
  });
  const run = (request: StartStepRequest) => {
    const result = new Promise<StepResult>((resolve) => waiting.set(request.id, resolve));
    runtime.start(request);
    return result;
  };
  return { runtime, run };
}

let counter = 0;

/** A shell container: `sh -c script` in a busybox-like image. */
export function shell(name: string, script: string, extra: Partial<PodContainer> = {}): PodContainer {
  return { name, image: 'busybox', command: ['sh', '-c', script], ...extra };
}

export interface StepOptions {
  readonly containers: readonly PodContainer[];
  readonly initContainers?: readonly PodContainer[];
  readonly volumes?: readonly Record<string, unknown>[];
  /** Defaults to one main container named `main`, or the first container's name. */
  readonly mainContainers?: StartStepRequest['mainContainers'];
  readonly inputFiles?: StartStepRequest['inputFiles'];
  readonly outputParameters?: StartStepRequest['outputParameters'];
  readonly outputArtifacts?: StartStepRequest['outputArtifacts'];
}

/** A step request with a fresh id and step directory. */
export function stepRequest(options: StepOptions): StartStepRequest {
  counter += 1;
  const id = `suite-${process.pid}-${counter}`;
  const pod: PodManifest = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: id,
      namespace: 'default',
      labels: { 'workflows.argoproj.io/workflow': `wf-${process.pid}` },
    },
    spec: {
      containers: options.containers,
      ...(options.initContainers ? { initContainers: options.initContainers } : {}),
      ...(options.volumes ? { volumes: options.volumes } : {}),
    },
  };
  const first = options.containers[0]?.name ?? 'main';
  return {
    id,
    pod,
    stepDir: mkdtempSync(join(tmpdir(), 'weft-suite-step-')),
    inputFiles: options.inputFiles ?? [],
    outputParameters: options.outputParameters ?? [],
    outputArtifacts: options.outputArtifacts ?? [],
    mainContainers: options.mainContainers ?? [{ name: first, dependencies: [] }],
  };
}

/** A fresh engine-side directory for artifact destinations. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), 'weft-suite-out-'));
}
