import {
  containerRetriesAnnotation,
  containerRetryDelayAnnotation,
  durationSeconds,
  type PodContainer,
} from '@weft/core';
import { findDependencyCycle, primaryContainer } from '../host/pod-run.js';
import type { StartStepRequest } from '../types.js';
import {
  type ContainerLaunch,
  type ContainerOutcome,
  type ContainerRunContext,
  runContainer,
  signalContainer,
  succeeded,
} from './container-run.js';

/** How the containers of one step ended, before outputs are collected. */
export interface PodOutcome {
  readonly primary?: ContainerOutcome;
  /** The first main container that failed or could not run. */
  readonly failed?: ContainerOutcome;
  /** Set when the step could not run at all (an init container failed, bad dependencies). */
  readonly error?: string;
  readonly killed: boolean;
}

/**
 * Runs one step's containers with podman: init containers in order, then sidecars and main
 * containers (each main container once its dependencies succeeded), then stops the sidecars.
 * `launches` holds the `podman run` call of every container by its pod name.
 */
export class PodmanPodRun {
  readonly #request: StartStepRequest;
  readonly #context: ContainerRunContext;
  readonly #launches: ReadonlyMap<string, ContainerLaunch>;
  readonly #sidecarGraceMs: number;
  readonly #onPrimaryStarted: (() => void) | undefined;
  readonly #live = new Set<string>();
  #killed = false;
  #killTimer: NodeJS.Timeout | undefined;

  constructor(
    request: StartStepRequest,
    context: ContainerRunContext,
    launches: ReadonlyMap<string, ContainerLaunch>,
    options: { readonly sidecarGraceMs: number; readonly onPrimaryStarted?: () => void },
  ) {
    this.#request = request;
    this.#context = context;
    this.#launches = launches;
    this.#sidecarGraceMs = options.sidecarGraceMs;
    this.#onPrimaryStarted = options.onPrimaryStarted;
  }

  get killed(): boolean {
    return this.#killed;
  }

  /** SIGTERM to every running container, SIGKILL after `graceMs`; nothing new starts. */
  kill(graceMs: number): void {
    this.#killed = true;
    this.#signalAll([...this.#live], 'TERM');
    clearTimeout(this.#killTimer);
    this.#killTimer = setTimeout(() => this.#signalAll([...this.#live], 'KILL'), graceMs);
  }

  async run(): Promise<PodOutcome> {
    try {
      const initError = await this.#runInitContainers();
      if (initError !== undefined || this.#killed) return { error: initError, killed: this.#killed };
      const cycle = findDependencyCycle(this.#request);
      if (cycle !== undefined) return { error: cycle, killed: false };
      const sidecars = this.#startSidecars();
      const outcomes = await this.#runMainContainers();
      await this.#stopSidecars(sidecars);
      const primaryName = primaryContainer(this.#request)?.name;
      return {
        primary: outcomes.find((outcome) => outcome.name === primaryName),
        failed:
          outcomes.find(
            (outcome) => outcome.code !== undefined && !succeeded(outcome) && outcome.error === undefined,
          ) ?? outcomes.find((outcome) => outcome.error !== undefined),
        killed: this.#killed,
      };
    } finally {
      clearTimeout(this.#killTimer);
    }
  }

  #signalAll(names: readonly string[], signal: 'TERM' | 'KILL'): void {
    for (const name of names) {
      const podmanName = this.#launches.get(name)?.podmanName ?? name;
      void signalContainer(this.#context.binary, podmanName, signal, () => this.#live.has(name));
    }
  }

  async #runContainer(container: PodContainer, capture: boolean): Promise<ContainerOutcome> {
    const launch = this.#launches.get(container.name);
    if (!launch)
      return { name: container.name, stdout: '', error: `container "${container.name}" was not prepared` };
    if (this.#killed) return { name: container.name, stdout: '' };
    this.#live.add(container.name);
    try {
      return await runContainer(this.#context, launch, capture, capture ? this.#onPrimaryStarted : undefined);
    } finally {
      this.#live.delete(container.name);
    }
  }

  async #runInitContainers(): Promise<string | undefined> {
    for (const container of this.#request.pod.spec.initContainers ?? []) {
      const outcome = await this.#runContainer(container, false);
      if (this.#killed) return undefined;
      if (outcome.error !== undefined) return `init container "${container.name}": ${outcome.error}`;
      if (!succeeded(outcome))
        return `init container "${container.name}" failed: exit code ${outcome.code ?? 'unknown'}`;
    }
    return undefined;
  }

  #sidecars(): PodContainer[] {
    const mains = new Set(this.#request.mainContainers.map((main) => main.name));
    return this.#request.pod.spec.containers.filter((container) => !mains.has(container.name));
  }

  #startSidecars(): Promise<ContainerOutcome>[] {
    return this.#sidecars().map((container) => this.#runContainer(container, false));
  }

  async #stopSidecars(sidecars: readonly Promise<ContainerOutcome>[]): Promise<void> {
    if (sidecars.length === 0) return;
    const names = this.#sidecars().map((container) => container.name);
    this.#signalAll(names, 'TERM');
    const timer = setTimeout(() => this.#signalAll(names, 'KILL'), this.#sidecarGraceMs);
    await Promise.all(sidecars);
    clearTimeout(timer);
  }

  /** containerSet.retryStrategy: a failed main container runs again, its log started afresh. */
  async #runWithRetries(container: PodContainer, capture: boolean): Promise<ContainerOutcome> {
    const annotations = this.#request.pod.metadata.annotations ?? {};
    const retries = Math.max(0, Number.parseInt(annotations[containerRetriesAnnotation] ?? '0', 10) || 0);
    const delayMs = (durationSeconds(annotations[containerRetryDelayAnnotation]) ?? 0) * 1000;
    let outcome = await this.#runContainer(container, capture);
    for (
      let attempt = 0;
      attempt < retries && !this.#killed && !succeeded(outcome) && outcome.error === undefined;
      attempt++
    ) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (this.#killed) break;
      outcome = await this.#runContainer(container, capture);
    }
    return outcome;
  }

  #runMainContainers(): Promise<ContainerOutcome[]> {
    const byName = new Map(this.#request.pod.spec.containers.map((c) => [c.name, c]));
    const primary = primaryContainer(this.#request)?.name;
    const outcomes = new Map<string, Promise<ContainerOutcome>>();
    const outcomeOf = (name: string): Promise<ContainerOutcome> => {
      const known = outcomes.get(name);
      if (known) return known;
      const main = this.#request.mainContainers.find((m) => m.name === name);
      const container = byName.get(name);
      const started = (async (): Promise<ContainerOutcome> => {
        if (!container || !main) return { name, stdout: '', error: `container "${name}" is not in the pod` };
        const dependencies = await Promise.all(main.dependencies.map(outcomeOf));
        if (this.#killed || !dependencies.every(succeeded)) return { name, stdout: '' };
        return this.#runWithRetries(container, name === primary);
      })();
      outcomes.set(name, started);
      return started;
    };
    return Promise.all(this.#request.mainContainers.map((main) => outcomeOf(main.name)));
  }
}
