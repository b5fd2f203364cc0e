import type { PodContainer } from '@weft/core';
import type { ContainerDriver, ContainerOutcome } from '../pod/pod-run.js';
import { type ContainerContext, prepareContainer, runPrepared } from './container.js';
import type { SpawnedProcess } from './spawner.js';

/** Runs a step's containers as local processes for a PodRun (../pod/pod-run.ts). */
export class HostContainers implements ContainerDriver {
  readonly #context: ContainerContext;
  /** The running process of each container, by its name in the pod. */
  readonly #live = new Map<string, SpawnedProcess>();

  constructor(context: ContainerContext) {
    this.#context = context;
  }

  async run(
    container: PodContainer,
    capture: boolean,
    onStarted: (() => void) | undefined,
    killed: () => boolean,
  ): Promise<ContainerOutcome> {
    const prepared = await prepareContainer(this.#context, container, capture);
    if (killed()) return { name: container.name };
    return runPrepared(container.name, prepared, this.#live, onStarted);
  }

  /** Signals the process groups of the running containers (or of those named). */
  signal(signal: 'SIGTERM' | 'SIGKILL', names?: readonly string[]): void {
    for (const [name, process] of this.#live) if (!names || names.includes(name)) process.signal(signal);
  }
}
