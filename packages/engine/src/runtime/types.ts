import type { PodManifest } from '@weft/core';

/**
 * The Runtime port: runs one step (a Kubernetes Pod manifest) and reports its exit.
 * Implementations: host (local process in a private filesystem view), later podman, kubernetes.
 */

/** A file placed into the step's view of the filesystem before it starts. */
export type InputFile =
  | { readonly path: string; readonly kind: 'content'; readonly content: string; readonly mode?: number }
  /** Copy a file or directory that lives on the engine's side (e.g. a stored artifact). */
  | { readonly path: string; readonly kind: 'copy'; readonly source: string; readonly mode?: number };

export interface OutputParameterRequest {
  readonly name: string;
  readonly path: string;
}

export interface OutputArtifactRequest {
  readonly name: string;
  readonly path: string;
  /** Where the runtime must copy the file or directory found at `path` (engine-side path). */
  readonly destination: string;
  readonly optional?: boolean;
}

export interface StartStepRequest {
  /** Deterministic id of the step (the workflow node id). */
  readonly id: string;
  /** The Pod manifest produced by core for this step. */
  readonly pod: PodManifest;
  /** Directory owned by this step attempt for logs and scratch (engine-side path). */
  readonly stepDir: string;
  readonly inputFiles: readonly InputFile[];
  readonly outputParameters: readonly OutputParameterRequest[];
  readonly outputArtifacts: readonly OutputArtifactRequest[];
  /**
   * Names of the containers of `pod.spec.containers` whose completion ends the step, with the
   * containers each waits for (containerSet `dependencies`). Containers not listed are sidecars:
   * started first, killed when every listed container has ended. `main` gives `stdout`.
   */
  readonly mainContainers: readonly { readonly name: string; readonly dependencies: readonly string[] }[];
  /**
   * Decoded data of the Secrets the pod names (by Secret name), for `secretKeyRef`, `envFrom`
   * `secretRef` and `secret` volumes (see secrets/pod-secrets.ts). Runtimes keep it in memory and
   * redact these values from logs and results; it is never written to disk except as the files
   * of a secret volume while the step runs.
   */
  readonly secretData?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Data of the ConfigMaps the pod's `configMapKeyRef` and `envFrom` `configMapRef` name. */
  readonly configMapData?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export interface CollectedArtifact {
  readonly name: string;
  /** Engine-side path where it was copied; absent when optional and not found. */
  readonly location?: string;
  /** Set by the engine once stored: Argo's location fields (e.g. `{ s3: { key } }`). */
  readonly stored?: Readonly<Record<string, unknown>>;
}

export interface StepResult {
  readonly id: string;
  /** Exit code of the main container (128 + n when a signal n killed it); null when it never ran. */
  readonly exitCode: number | null;
  readonly signal?: string;
  /** Set when the step could not run or was killed (reported as Argo's Error phase). */
  readonly error?: string;
  /** Main container stdout (bounded), for `outputs.result`. */
  readonly stdout: string;
  /** Output parameters read from the step's view; undefined when the file did not exist. */
  readonly parameters: Readonly<Record<string, string | undefined>>;
  readonly artifacts: readonly CollectedArtifact[];
  readonly startedAt: number;
  readonly finishedAt: number;
}

export interface Runtime {
  readonly name: string;
  /** Starts the step; must return quickly and never block the caller's event loop on process creation. */
  start(request: StartStepRequest): void;
  /** Sends SIGTERM, then SIGKILL after `graceMs`, to the whole process tree of the step. */
  kill(id: string, graceMs?: number): void;
  /** Kills every running step and releases resources. */
  close(): Promise<void>;
  /** Says how steps are isolated (e.g. "overlay mount namespace"), or why they are not. */
  readonly isolation: string;
}

/**
 * The runtime calls this at most once per step, from the engine's event loop, when the step's
 * primary container is running and (when it declares a readinessProbe) ready.
 */
export type StepStartListener = (id: string) => void;

/** The runtime calls this once per started step, from the engine's event loop. */
export type StepExitListener = (result: StepResult) => void;
