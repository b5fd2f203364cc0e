import { renameSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PodRun, primaryContainer, sidecarGraceMs } from '../pod/pod-run.js';
import { type ReadinessProbe, startReporter } from '../pod/readiness.js';
import { writeSecretVolumes } from '../pod/secret-volumes.js';
import { failure, requestRedactor, settleStep, stepResult } from '../pod/step-result.js';
import type { Runtime, StartStepRequest, StepExitListener, StepResult, StepStartListener } from '../types.js';
import type { ContainerContext } from './container.js';
import { HostContainers } from './containers.js';
import type { ExecutableAliases } from './images.js';
import {
  assetsDir,
  type Bind,
  chooseEnclosure,
  type Enclosure,
  type IsolationMode,
  type OverlayMechanism,
} from './isolation.js';
import { collectOutputs } from './outputs.js';
import { Spawner } from './spawner.js';
import {
  createStepView,
  placeInputFiles,
  prepareStepDirs,
  privateDirs,
  type StepView,
  type ViewOptions,
} from './view.js';

/** Distinguishes the views of one step moved aside for removal. */
let removals = 0;

export type { IsolationMode, OverlayMechanism } from './isolation.js';

export interface HostRuntimeOptions {
  /** Called once per started step, on the engine's event loop. */
  readonly onExit: StepExitListener;
  /** Called when a step's primary container is running and ready (daemon steps wait for this). */
  readonly onStart?: StepStartListener;
  /** 'auto' (default): overlay if this machine allows it, else none; 'overlay': fail if it does not. */
  readonly isolation?: IsolationMode;
  /** Where volumes other than emptyDir live, per namespace and workflow (default: `$TMPDIR/weft-volumes`). */
  readonly volumesDir?: string;
  /** Default grace between SIGTERM and SIGKILL for `kill` (default 10 s). */
  readonly killGraceMs?: number;
  /** Grace given to sidecars when the main containers have ended (default: pod's terminationGracePeriodSeconds, else 10 s). */
  readonly sidecarGraceMs?: number;
  /** Bytes of main-container stdout returned as `stdout`, the last ones (default 256 KiB, as Argo). */
  readonly stdoutLimit?: number;
  /** Keep each step's overlay upper dirs after it ends (default: removed once outputs are collected). */
  readonly keepFilesystem?: boolean;
  /** Where the compiled isolation helper is cached (default `~/.cache/weft`). */
  readonly cacheDir?: string;
  /** Overlay mechanisms to try, fastest first (default: helper, bwrap, unshare). */
  readonly overlayMechanisms?: readonly OverlayMechanism[];
}

/** Weft's argosay, seen in every step at its host path (bound in when the overlay of / or a private /tmp would hide it). */
function assetBinds(): { aliases: ExecutableAliases; binds: Bind[] } {
  const argosay = join(assetsDir, 'argosay');
  const onRoot = statSync(assetsDir).dev === statSync('/').dev;
  const underPrivateDir = privateDirs.some((dir) => assetsDir.startsWith(`${dir}/`));
  return {
    aliases: { argosay },
    binds: onRoot && !underPrivateDir ? [] : [{ source: assetsDir, target: assetsDir, readonly: true }],
  };
}

/**
 * The host runtime: runs each step's containers as local processes, each container in a private
 * overlay view of `/` when the machine allows it.
 *
 * @example
 * const runtime = createHostRuntime({ onExit: (result) => engine.stepExited(result) });
 * console.log(runtime.isolation);
 * runtime.start(request);
 */
export function createHostRuntime(options: HostRuntimeOptions): Runtime {
  const enclosure = chooseEnclosure(options.isolation ?? 'auto', {
    ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
    ...(options.overlayMechanisms === undefined ? {} : { mechanisms: options.overlayMechanisms }),
  });
  return new HostRuntime(options, enclosure);
}

class HostRuntime implements Runtime {
  readonly name = 'host';
  readonly isolation: string;
  readonly #options: HostRuntimeOptions;
  readonly #enclosure: Enclosure;
  readonly #spawner = new Spawner();
  readonly #assets = assetBinds();
  readonly #running = new Map<string, { run: PodRun; done: Promise<void> }>();
  readonly #cleanups = new Set<Promise<void>>();

  constructor(options: HostRuntimeOptions, enclosure: Enclosure) {
    this.#options = options;
    this.#enclosure = enclosure;
    this.isolation = enclosure.description;
  }

  start(given: StartStepRequest): void {
    // Overlay options and chroot need absolute paths.
    const request = { ...given, stepDir: resolve(given.stepDir) };
    if (this.#running.has(request.id)) throw new Error(`host runtime: step ${request.id} is already running`);
    const viewOptions: ViewOptions = {
      stepDir: request.stepDir,
      pod: request.pod,
      isolated: this.#enclosure.kind !== 'none',
      volumesDir: this.#options.volumesDir ?? join(tmpdir(), 'weft-volumes'),
      extraBinds: this.#assets.binds,
      overlayBinds: this.#enclosure.overlayBinds === true,
    };
    const view = createStepView(viewOptions);
    const redactor = requestRedactor(request);
    const context: ContainerContext = {
      stepDir: request.stepDir,
      view,
      enclosure: this.#enclosure,
      spawner: this.#spawner,
      aliases: this.#assets.aliases,
      stdoutLimit: this.#options.stdoutLimit ?? 256 * 1024,
      sources: request,
      ...(redactor.empty ? {} : { redact: redactor.forms }),
    };
    const ended = new AbortController();
    const onStart = this.#options.onStart;
    const onPrimaryStarted = startReporter(
      primaryContainer(request)?.readinessProbe as ReadinessProbe | undefined,
      onStart && (() => onStart(request.id)),
      ended.signal,
    );
    const run = new PodRun(request, new HostContainers(context), {
      sidecarGraceMs: sidecarGraceMs(request, this.#options.sidecarGraceMs),
      ...(onPrimaryStarted ? { onPrimaryStarted } : {}),
    });
    const done = settleStep(request, this.#execute(request, run, view, viewOptions), redactor).then(
      (result) => this.#finish(request, result),
    );
    void done.finally(() => ended.abort());
    this.#running.set(request.id, { run, done });
  }

  kill(id: string, graceMs?: number): void {
    this.#running.get(id)?.run.kill(graceMs ?? this.#options.killGraceMs ?? 10_000);
  }

  async close(): Promise<void> {
    for (const { run } of this.#running.values()) run.kill(0);
    await Promise.all([...this.#running.values()].map(({ done }) => done));
    await Promise.all(this.#cleanups);
    await this.#spawner.close();
  }

  async #execute(
    request: StartStepRequest,
    run: PodRun,
    view: StepView,
    viewOptions: ViewOptions,
  ): Promise<StepResult> {
    const startedAt = Date.now();
    await prepareStepDirs(view, viewOptions);
    const secretError = await writeSecretVolumes(request.stepDir, request.pod, request.secretData);
    if (secretError !== undefined)
      return failure(request.id, `step could not run: ${secretError}`, startedAt);
    const mains = new Set(request.mainContainers.map((main) => main.name));
    for (const container of request.pod.spec.containers.filter((c) => mains.has(c.name))) {
      await placeInputFiles(view, container, request.inputFiles);
    }
    const outcome = await run.run();
    // The step's own files are removed after it ends (unless kept): outputs may be moved out.
    const move = !this.#options.keepFilesystem;
    const outputs = await collectOutputs(request, view, primaryContainer(request), { move });
    return {
      ...stepResult(request.id, outcome, outputs.missing),
      ...outputs,
      startedAt,
      finishedAt: Date.now(),
    };
  }

  #finish(request: StartStepRequest, result: StepResult): void {
    this.#running.delete(request.id);
    this.#options.onExit(result);
    if (this.#options.keepFilesystem || this.#enclosure.kind === 'none') return;
    // Moved aside at once: the same step may start again (a retried workflow) before removal ends.
    const doomed = join(request.stepDir, `fs.removing-${process.pid}-${++removals}`);
    try {
      renameSync(join(request.stepDir, 'fs'), doomed);
    } catch {
      return; // nothing to remove
    }
    const cleanup = rm(doomed, { recursive: true, force: true }).catch(() => undefined);
    this.#cleanups.add(cleanup);
    void cleanup.finally(() => this.#cleanups.delete(cleanup));
  }
}
