import type { PodContainer } from '@weft/core';
import type { ContainerDriver, ContainerOutcome } from '../pod/pod-run.js';
import {
  type ContainerLaunch,
  type ContainerRunContext,
  runContainer,
  signalContainer,
} from './container-run.js';

/**
 * Runs a step's containers with podman for a PodRun (../pod/pod-run.ts). `launches` holds the
 * `podman run` call of every container by its pod name (filled once the step is prepared).
 */
export class PodmanContainers implements ContainerDriver {
  readonly #context: ContainerRunContext;
  readonly #launches: ReadonlyMap<string, ContainerLaunch>;
  /** Pod names of the containers whose `podman run` is under way. */
  readonly #live = new Set<string>();

  constructor(context: ContainerRunContext, launches: ReadonlyMap<string, ContainerLaunch>) {
    this.#context = context;
    this.#launches = launches;
  }

  async run(
    container: PodContainer,
    capture: boolean,
    onStarted: (() => void) | undefined,
  ): Promise<ContainerOutcome> {
    const launch = this.#launches.get(container.name);
    if (!launch) return { name: container.name, error: `container "${container.name}" was not prepared` };
    this.#live.add(container.name);
    try {
      return await runContainer(this.#context, launch, capture, onStarted);
    } finally {
      this.#live.delete(container.name);
    }
  }

  /** `podman kill` of the running containers (or of those named), retried until podman has started them. */
  signal(signal: 'SIGTERM' | 'SIGKILL', names: readonly string[] = [...this.#live]): void {
    const short = signal === 'SIGTERM' ? 'TERM' : 'KILL';
    for (const name of names) {
      const podmanName = this.#launches.get(name)?.podmanName ?? name;
      void signalContainer(this.#context.binary, podmanName, short, () => this.#live.has(name));
    }
  }
}
