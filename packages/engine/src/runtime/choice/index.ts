/**
 * A runtime per template: each step runs on the runtime its Pod's `weft.dev/runtime` annotation
 * names (from the template's `metadata.annotations`, or `spec.podMetadata.annotations` for every
 * step), else on the default one.
 *
 *   start(request) ─► annotation or default ─► that runtime (created on first use) ─► onExit
 *                                                    │ cannot be created (e.g. no podman)
 *                                                    ▼
 *                                       the step fails with the runtime's message
 *
 * The default runtime is created at once, so a broken default stops everything before a step
 * runs; the others only when a step asks for them, so a machine without podman only fails the
 * steps that ask for podman. Each step's id stays with its runtime for `kill` and `knows`.
 */
import { failure } from '../pod/step-result.js';
import type { Runtime, StartStepRequest, StepExitListener, StepResult, StepStartListener } from '../types.js';

/** The Pod annotation choosing a step's runtime. */
export const runtimeAnnotation = 'weft.dev/runtime';

export const runtimeKinds = ['host', 'podman'] as const;
export type RuntimeKind = (typeof runtimeKinds)[number];

/** What a runtime is created with: the listeners the choice runtime hands on. */
export interface RuntimeListeners {
  readonly onExit: StepExitListener;
  readonly onStart?: StepStartListener;
}

/** Creates one kind of runtime; may throw (e.g. PodmanUnavailableError saying what to run). */
export type RuntimeFactory = (listeners: RuntimeListeners) => Runtime;

export interface ChoiceRuntimeOptions extends RuntimeListeners {
  /** The runtime of steps whose Pod has no `weft.dev/runtime` annotation. */
  readonly defaultKind: RuntimeKind;
  readonly factories: Readonly<Record<RuntimeKind, RuntimeFactory>>;
}

/** The optional members of runtimes that outlive a restart or own per-workflow resources. */
interface RuntimeExtras {
  knows?(id: string): boolean;
  removeWorkflow?(namespace: string, workflow: string): Promise<void>;
}

type Created =
  | { readonly ok: true; readonly runtime: Runtime & RuntimeExtras }
  | { readonly ok: false; readonly error: string };

/**
 * @example
 * const runtime = createChoiceRuntime({
 *   defaultKind: 'host',
 *   onExit: (result) => execution.stepExited(result),
 *   factories: { host: (l) => createHostRuntime(l), podman: (l) => createPodmanRuntime(l) },
 * });
 */
export function createChoiceRuntime(options: ChoiceRuntimeOptions): ChoiceRuntime {
  return new ChoiceRuntime(options);
}

export class ChoiceRuntime implements Runtime {
  /** The default runtime's name and isolation. */
  readonly name: string;
  readonly isolation: string;
  readonly #options: ChoiceRuntimeOptions;
  readonly #created = new Map<RuntimeKind, Created>();
  /** The runtime of every step started and not yet reported. */
  readonly #owners = new Map<string, Runtime & RuntimeExtras>();
  /** Steps failed before reaching a runtime, until their result is delivered. */
  readonly #refused = new Set<string>();

  /** Throws what the default runtime's factory throws. */
  constructor(options: ChoiceRuntimeOptions) {
    this.#options = options;
    const base = this.#create(options.defaultKind);
    this.name = base.name;
    this.isolation = base.isolation;
  }

  start(request: StartStepRequest): void {
    const created = this.#runtimeFor(request);
    if (!created.ok) {
      this.#refuse(request, created.error);
      return;
    }
    this.#owners.set(request.id, created.runtime);
    created.runtime.start(request);
  }

  kill(id: string, graceMs?: number): void {
    this.#owners.get(id)?.kill(id, graceMs);
  }

  /** The step runs here, or a runtime found it running after a restart (its result will arrive). */
  knows(id: string): boolean {
    if (this.#owners.has(id) || this.#refused.has(id)) return true;
    return [...this.#runtimes()].some((runtime) => runtime.knows?.(id) ?? false);
  }

  /** Removes a finished workflow's per-workflow resources (podman pods and volumes) in every runtime. */
  async removeWorkflow(namespace: string, workflow: string): Promise<void> {
    await Promise.all([...this.#runtimes()].map((runtime) => runtime.removeWorkflow?.(namespace, workflow)));
  }

  async close(): Promise<void> {
    await Promise.all([...this.#runtimes()].map((runtime) => runtime.close()));
  }

  /** The runtime the step asks for (created now if need be), or why it cannot have it. */
  #runtimeFor(request: StartStepRequest): Created {
    const asked = kindOf(request);
    if (typeof asked === 'object') return asked;
    const kind = asked ?? this.#options.defaultKind;
    return this.#created.get(kind) ?? this.#tryCreate(kind);
  }

  *#runtimes(): Iterable<Runtime & RuntimeExtras> {
    for (const created of this.#created.values()) if (created.ok) yield created.runtime;
  }

  #tryCreate(kind: RuntimeKind): Created {
    try {
      this.#create(kind);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.#created.set(kind, { ok: false, error: `${runtimeAnnotation}: ${kind}: ${message}` });
    }
    return this.#created.get(kind) as Created;
  }

  #create(kind: RuntimeKind): Runtime {
    const runtime = this.#options.factories[kind]({
      onExit: (result) => this.#exited(result),
      ...(this.#options.onStart ? { onStart: this.#options.onStart } : {}),
    });
    this.#created.set(kind, { ok: true, runtime });
    return runtime;
  }

  #exited(result: StepResult): void {
    this.#owners.delete(result.id);
    this.#options.onExit(result);
  }

  /** Fails the step on the next turn of the loop, as a runtime reports a step that could not run. */
  #refuse(request: StartStepRequest, error: string): void {
    this.#refused.add(request.id);
    setImmediate(() => {
      this.#refused.delete(request.id);
      this.#options.onExit(failure(request.id, error));
    });
  }
}

/** The runtime a step asks for, or the error naming a value that is not a runtime. */
function kindOf(
  request: StartStepRequest,
): RuntimeKind | { readonly ok: false; readonly error: string } | undefined {
  const value = request.pod.metadata.annotations?.[runtimeAnnotation]?.trim();
  if (value === undefined || value === '') return undefined;
  if ((runtimeKinds as readonly string[]).includes(value)) return value as RuntimeKind;
  return {
    ok: false,
    error: `${runtimeAnnotation}: "${value}" is not a runtime (${runtimeKinds.join(' or ')})`,
  };
}
