import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PodContainer } from '@weft/core';
import { Spawner } from '../host/spawner.js';
import { type PodOutcome, PodRun, primaryContainer, sidecarGraceMs } from '../pod/pod-run.js';
import { type ReadinessProbe, startReporter } from '../pod/readiness.js';
import { writeSecretVolumes } from '../pod/secret-volumes.js';
import { failure, messageOf, requestRedactor, settleStep, stepResult } from '../pod/step-result.js';
import type { Runtime, StartStepRequest, StepExitListener, StepResult, StepStartListener } from '../types.js';
import { runPodman } from './command.js';
import type { ContainerLaunch, ContainerRunContext } from './container-run.js';
import { PodmanContainers } from './containers.js';
import { type ImageAliases, ImagePuller, resolveImage } from './images.js';
import { NamedVolumes } from './named-volumes.js';
import { containerName } from './names.js';
import { collectOutputs, StoppedContainerFiles } from './outputs.js';
import { planLaunches } from './prepare.js';
import { checkPodman } from './probe.js';
import { readinessInContainer } from './readiness-in-container.js';
import { awaitAdopted, existingContainers, StepRecords, survivingContainers } from './reattach.js';
import { ContainerRemover } from './remover.js';
import { type ObjectLookup, planVolumes, prepareVolumes, type VolumeSource } from './volumes.js';
import { WorkflowPods } from './workflow-pods.js';

export { type ImageAliases, localImageAliases, parseImageAliases } from './images.js';
export { objectLookup, type SecretObject } from './objects.js';
export { networkAnnotation } from './prepare.js';
export { checkPodman, type PodmanCheck, setupCommand } from './probe.js';
export type { ObjectLookup } from './volumes.js';

export interface PodmanRuntimeOptions {
  /** Called once per started step, on the engine's event loop. */
  readonly onExit: StepExitListener;
  /** Called when a step's primary container is running (daemon steps wait for this). */
  readonly onStart?: StepStartListener;
  /** The podman executable (default: `podman` on PATH). */
  readonly binary?: string;
  /** Images to run instead of the ones the manifests name (`--image-alias`). */
  readonly imageAliases?: ImageAliases;
  /** Default grace between SIGTERM and SIGKILL for `kill` (default 10 s). */
  readonly killGraceMs?: number;
  /** Grace given to sidecars once the main containers ended (default: the pod's terminationGracePeriodSeconds, else 10 s). */
  readonly sidecarGraceMs?: number;
  /** Bytes of main-container stdout returned as `stdout`, the last ones (default 256 KiB, as Argo). */
  readonly stdoutLimit?: number;
  /** ConfigMaps for `configMap` volumes (Secrets come with each request's `secretData`). */
  readonly objects?: ObjectLookup;
  /** Keep each step's stopped containers (default: removed once outputs are collected). */
  readonly keepContainers?: boolean;
  /**
   * Where started steps are recorded until their result is delivered. A runtime created on the same
   * directory after a restart re-attaches to the steps whose containers still exist: `knows(id)`
   * is true for them and their results arrive through `onExit`.
   */
  readonly stateDir?: string;
}

/** podman is missing or broken; `message` says exactly what to run. */
export class PodmanUnavailableError extends Error {}

/**
 * The podman runtime: runs each step's Pod manifest as podman containers with real images.
 * Throws PodmanUnavailableError (saying what to run) when podman is missing or broken.
 *
 * @example
 * const runtime = createPodmanRuntime({ onExit: (result) => engine.stepExited(result), imageAliases: localImageAliases });
 * runtime.start(request);
 */
export function createPodmanRuntime(options: PodmanRuntimeOptions): PodmanRuntime {
  const check = checkPodman(options.binary);
  if (!check.ok) throw new PodmanUnavailableError(check.reason);
  const description = `podman ${check.version} (${check.ociRuntime}): each step runs in its own containers; no network unless a template asks`;
  return new PodmanRuntime(options, check.binary, description);
}

interface RunningStep {
  readonly run: { kill(graceMs: number): void };
  readonly done: Promise<void>;
}

/** Kill for a re-attached step: its surviving containers get SIGTERM, then SIGKILL. */
class AdoptedRun {
  readonly #binary: string;
  readonly #names: readonly string[];

  constructor(binary: string, names: readonly string[]) {
    this.#binary = binary;
    this.#names = names;
  }

  kill(graceMs: number): void {
    void runPodman(this.#binary, ['kill', '--signal', 'TERM', ...this.#names]);
    setTimeout(
      () => void runPodman(this.#binary, ['kill', '--signal', 'KILL', ...this.#names]),
      graceMs,
    ).unref();
  }
}

export class PodmanRuntime implements Runtime {
  readonly name = 'podman';
  readonly isolation: string;
  readonly #options: PodmanRuntimeOptions;
  readonly #binary: string;
  readonly #spawner = new Spawner();
  readonly #images: ImagePuller;
  readonly #pods: WorkflowPods;
  readonly #volumes: NamedVolumes;
  readonly #running = new Map<string, RunningStep>();
  readonly #remover: ContainerRemover;
  readonly #records: StepRecords | undefined;
  /** Steps found running after a restart: their surviving containers. */
  readonly #adopted = new Map<string, string[]>();
  #detached = false;

  constructor(options: PodmanRuntimeOptions, binary: string, isolation: string) {
    this.#options = options;
    this.#binary = binary;
    this.isolation = isolation;
    this.#images = new ImagePuller(binary);
    this.#pods = new WorkflowPods(binary);
    this.#volumes = new NamedVolumes(binary);
    this.#remover = new ContainerRemover(binary);
    this.#records = options.stateDir === undefined ? undefined : new StepRecords(options.stateDir);
    if (this.#records) this.#reattach(this.#records);
  }

  /** The step is running here, or was found running after a restart (its result will arrive). */
  knows(id: string): boolean {
    return this.#running.has(id) || this.#adopted.has(id);
  }

  #reattach(records: StepRecords): void {
    const existing = existingContainers(this.#binary);
    for (const request of records.list()) {
      const survivors = survivingContainers(request, existing);
      if (!survivors) {
        records.remove(request.id);
        continue;
      }
      this.#adopted.set(request.id, survivors);
      this.#pods.adopt(request);
      const done = new Promise<void>((ready) => setImmediate(ready))
        .then(() => this.#awaitAdopted(request))
        .then(
          (result) => this.#finish(request, result),
          (error: unknown) =>
            this.#finish(request, failure(request.id, `re-attaching failed: ${messageOf(error)}`)),
        );
      this.#running.set(request.id, { run: new AdoptedRun(this.#binary, survivors), done });
    }
  }

  async #awaitAdopted(request: StartStepRequest): Promise<StepResult> {
    const sources = planVolumes({
      stepDir: request.stepDir,
      pod: request.pod,
      objects: this.#options.objects,
    });
    const hostOf =
      typeof sources === 'string'
        ? (volume: string) => volume
        : await this.#namedVolumeDirs(request, sources);
    return awaitAdopted(this.#binary, request, hostOf, this.#options.stdoutLimit ?? 256 * 1024);
  }

  start(given: StartStepRequest): void {
    const request = { ...given, stepDir: resolve(given.stepDir) };
    if (this.#running.has(request.id))
      throw new Error(`podman runtime: step ${request.id} is already running`);
    const redactor = requestRedactor(request);
    const context: ContainerRunContext = {
      binary: this.#binary,
      spawner: this.#spawner,
      stepDir: request.stepDir,
      stdoutLimit: this.#options.stdoutLimit ?? 256 * 1024,
      ...(redactor.empty ? {} : { redact: redactor.forms }),
    };
    this.#records?.save(request);
    const launches = new Map<string, ContainerLaunch>();
    const ended = new AbortController();
    const run = new PodRun(request, new PodmanContainers(context, launches), {
      sidecarGraceMs: sidecarGraceMs(request, this.#options.sidecarGraceMs),
      ...this.#startReporting(request, ended.signal),
    });
    const done = settleStep(request, this.#execute(request, run, launches), redactor).then((result) =>
      this.#finish(request, result),
    );
    void done.finally(() => ended.abort());
    this.#running.set(request.id, { run, done });
  }

  /** Reports the step started once its primary container runs and, with a readinessProbe, is ready. */
  #startReporting(request: StartStepRequest, ended: AbortSignal): { onPrimaryStarted?: () => void } {
    const onStart = this.#options.onStart;
    const primary = primaryContainer(request);
    if (!onStart || !primary) return {};
    const wait = readinessInContainer(this.#binary, containerName(request.id, primary.name));
    const probe = primary.readinessProbe as ReadinessProbe | undefined;
    const onPrimaryStarted = startReporter(probe, () => onStart(request.id), ended, wait);
    return onPrimaryStarted ? { onPrimaryStarted } : {};
  }

  kill(id: string, graceMs?: number): void {
    this.#running.get(id)?.run.kill(graceMs ?? this.#options.killGraceMs ?? 10_000);
  }

  /**
   * Stops watching without stopping anything: running containers go on, their records stay in
   * `stateDir`, and a runtime created on the same directory later re-attaches to them.
   */
  async detach(): Promise<void> {
    this.#detached = true;
    await this.#spawner.close();
    const own = [...this.#running].filter(([id]) => !this.#adopted.has(id)).map(([, step]) => step.done);
    await Promise.all(own);
  }

  /** Kills every running step, then removes the pods and per-workflow volumes this runtime created. */
  async close(): Promise<void> {
    for (const { run } of this.#running.values()) run.kill(0);
    await Promise.all([...this.#running.values()].map(({ done }) => done));
    await this.#remover.close();
    await this.#pods.removeAll();
    await this.#volumes.removeAllWorkflows();
    await this.#spawner.close();
  }

  /** Removes a finished workflow's pod and its `volumeClaimTemplates` volumes (call when it is deleted). */
  async removeWorkflow(namespace: string, workflow: string): Promise<void> {
    await this.#pods.remove(namespace, workflow);
    await this.#volumes.removeWorkflow(`${namespace}/${workflow}`);
  }

  async #execute(
    request: StartStepRequest,
    run: PodRun,
    launches: Map<string, ContainerLaunch>,
  ): Promise<StepResult> {
    const startedAt = Date.now();
    await mkdir(resolve(request.stepDir, 'logs'), { recursive: true });
    const sources = planVolumes({
      stepDir: request.stepDir,
      pod: request.pod,
      objects: this.#options.objects,
    });
    if (typeof sources === 'string') return failure(request.id, sources, startedAt);
    const secretError = await writeSecretVolumes(request.stepDir, request.pod, request.secretData);
    if (secretError !== undefined)
      return failure(request.id, `step could not run: ${secretError}`, startedAt);
    await prepareVolumes(sources);
    const [images, hostOf, placement] = await Promise.all([
      this.#ensureImages(request),
      this.#namedVolumeDirs(request, sources),
      this.#pods.placement(request),
    ]);
    if (typeof images === 'string') return failure(request.id, images, startedAt);
    const plan = await planLaunches({ request, sources, hostOf, images, placement });
    if (typeof plan === 'string') return failure(request.id, plan, startedAt);
    for (const [name, launch] of plan.launches) launches.set(name, launch);
    const outcome = await run.run();
    if (this.#detached) return failure(request.id, 'detached');
    const primary = primaryContainer(request);
    const files = this.#filesOf(request, primary, plan.launches, plan.mounts, outcome);
    const outputs = await collectOutputs(request, files);
    void files?.release();
    if (!this.#options.keepContainers)
      this.#remover.add([...plan.launches.values()].map((launch) => launch.cidFile));
    return {
      ...stepResult(request.id, outcome, outputs.missing),
      ...outputs,
      startedAt,
      finishedAt: Date.now(),
    };
  }

  #filesOf(
    request: StartStepRequest,
    primary: PodContainer | undefined,
    launches: ReadonlyMap<string, { podmanName: string }>,
    mounts: ReadonlyMap<string, readonly import('./volumes.js').Mount[]>,
    outcome: PodOutcome,
  ): StoppedContainerFiles | undefined {
    const wanted = request.outputParameters.length + request.outputArtifacts.length > 0;
    const launch = primary ? launches.get(primary.name) : undefined;
    if (!wanted || !primary || !launch) return undefined;
    const ran = outcome.primary?.exit !== undefined;
    return new StoppedContainerFiles(this.#binary, launch.podmanName, mounts.get(primary.name) ?? [], ran);
  }

  /** Image per container name (after aliases), or the first pull failure. */
  async #ensureImages(request: StartStepRequest): Promise<Map<string, string> | string> {
    const containers = [...(request.pod.spec.initContainers ?? []), ...request.pod.spec.containers];
    const aliases = this.#options.imageAliases ?? {};
    const images = new Map<string, string>();
    const errors = await Promise.all(
      containers.map((container) => {
        if (!container.image) return Promise.resolve(`container "${container.name}" has no image`);
        const resolved = resolveImage(container.image, aliases);
        images.set(container.name, resolved.image);
        return this.#images.ensure(resolved.image, container.image, container, resolved.aliased);
      }),
    );
    return errors.find((error) => error !== undefined) ?? images;
  }

  async #namedVolumeDirs(
    request: StartStepRequest,
    sources: ReadonlyMap<string, VolumeSource>,
  ): Promise<(volume: string) => string> {
    const dirs = new Map<string, string>();
    const namespace = request.pod.metadata.namespace ?? 'default';
    const workflow = request.pod.metadata.labels?.['workflows.argoproj.io/workflow'] ?? '';
    for (const source of sources.values()) {
      if (source.kind !== 'named') continue;
      const key = source.perWorkflow ? `${namespace}/${workflow}` : undefined;
      dirs.set(source.volume, await this.#volumes.mountpoint(source.volume, key));
    }
    return (volume) => dirs.get(volume) ?? volume;
  }

  #finish(request: StartStepRequest, result: StepResult): void {
    if (this.#detached) return; // the step goes on; a runtime on the same stateDir re-attaches to it
    this.#running.delete(request.id);
    this.#adopted.delete(request.id);
    this.#options.onExit(result);
    this.#records?.remove(request.id);
  }
}
