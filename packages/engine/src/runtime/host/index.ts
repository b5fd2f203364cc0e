import { renameSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { constants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { secretValuesOf } from '../../secrets/pod-secrets.js';
import { createRedactor, type Redactor, redactDeep } from '../../secrets/redactor.js';
import type { Runtime, StartStepRequest, StepExitListener, StepResult, StepStartListener } from '../types.js';
import type { ContainerContext } from './container.js';
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
import { type PodOutcome, PodRun, primaryContainer } from './pod-run.js';
import { type ReadinessProbe, waitUntilReady } from './readiness.js';
import { removeSecretVolumes, writeSecretVolumes } from './secret-volumes.js';
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
    const redactor = createRedactor(secretValuesOf(request.secretData));
    const context: ContainerContext = {
      stepDir: request.stepDir,
      view,
      enclosure: this.#enclosure,
      spawner: this.#spawner,
      aliases: this.#assets.aliases,
      stdoutLimit: this.#options.stdoutLimit ?? 256 * 1024,
      ...(request.secretData ? { secretData: request.secretData } : {}),
      ...(redactor.empty ? {} : { redact: redactor.forms }),
    };
    const ended = new AbortController();
    const run = new PodRun(
      request,
      context,
      this.#sidecarGrace(request),
      this.#startReporter(request, ended.signal),
    );
    const done = this.#execute(request, run, view, viewOptions)
      .catch((error: unknown) => failedToRun(request, error))
      .then(async (result) => {
        if (request.secretData) await removeSecretVolumes(request.stepDir).catch(() => undefined);
        this.#finish(request, redactResult(result, redactor));
      });
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

  /** Reports the step started once its primary container runs and, with a readinessProbe, is ready. */
  #startReporter(request: StartStepRequest, ended: AbortSignal): (() => void) | undefined {
    const onStart = this.#options.onStart;
    if (!onStart) return undefined;
    const probe = primaryContainer(request)?.readinessProbe as ReadinessProbe | undefined;
    return () => {
      if (!probe) onStart(request.id);
      else void waitUntilReady(probe, ended).then((ready) => ready && onStart(request.id));
    };
  }

  #sidecarGrace(request: StartStepRequest): number {
    const seconds = request.pod.spec.terminationGracePeriodSeconds;
    return this.#options.sidecarGraceMs ?? (typeof seconds === 'number' ? seconds * 1000 : 10_000);
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
    if (secretError !== undefined) return { ...failedToRun(request, secretError), startedAt };
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

/** What a step reports, with the values of the Secrets it was given redacted. */
function redactResult(result: StepResult, redactor: Redactor): StepResult {
  if (redactor.empty) return result;
  return {
    ...result,
    stdout: redactor.redact(result.stdout),
    parameters: redactDeep(result.parameters, redactor),
    ...(result.error === undefined ? {} : { error: redactor.redact(result.error) }),
  };
}

type ExitFields = Pick<StepResult, 'id' | 'exitCode' | 'signal' | 'error' | 'stdout'>;

/** Maps how the containers ended onto the step's exit code, signal and Argo-style error. */
function stepResult(id: string, outcome: PodOutcome, missingArtifact: string | undefined): ExitFields {
  const stdout = outcome.primary?.exit?.stdout ?? '';
  const primaryExit = outcome.primary?.exit;
  if (outcome.killed) {
    const signal = primaryExit?.signal ?? 'SIGTERM';
    return { id, exitCode: null, signal, error: 'step terminated', stdout };
  }
  if (outcome.error !== undefined) return { id, exitCode: null, error: outcome.error, stdout };
  const failed = outcome.failed;
  if (failed !== undefined) {
    const exit = failed.exit;
    // Killed by a signal from outside weft: exit code 128 + n, a Failed step ("Error (exit code 137)"),
    // as Kubernetes reports a main container killed by a signal and Argo shows it.
    const code = exit?.signal ? signalExitCode(exit.signal) : (exit?.code ?? null);
    const base = { id, exitCode: failed.error === undefined ? code : null, stdout };
    const signal = exit?.signal ? { signal: exit.signal } : {};
    return { ...base, ...signal, ...(failed.error === undefined ? {} : { error: failed.error }) };
  }
  const exitCode = primaryExit?.code ?? null;
  if (missingArtifact !== undefined && exitCode === 0)
    return { id, exitCode, error: missingArtifact, stdout };
  return { id, exitCode, stdout };
}

/** A shell's exit code for a process killed by `signal`: 128 + its number. */
function signalExitCode(signal: string): number {
  return 128 + (constants.signals[signal as NodeJS.Signals] ?? 9);
}

function failedToRun(request: StartStepRequest, error: unknown): StepResult {
  const now = Date.now();
  const message = error instanceof Error ? error.message : String(error);
  return {
    id: request.id,
    exitCode: null,
    error: `step could not run: ${message}`,
    stdout: '',
    parameters: {},
    artifacts: [],
    startedAt: now,
    finishedAt: now,
  };
}
