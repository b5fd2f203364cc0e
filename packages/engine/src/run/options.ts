import type { ConfigMap, LockManager, Workflow, WorkflowTemplate } from '@weft/core';
import type { SecretManifest } from '../artifacts/repository-config.js';
import type { StoredArtifact } from '../artifacts/step-artifacts.js';
import type { RunControl } from '../control/protocol.js';
import type { MemoCache } from '../memo/memo-cache.js';

/** Everything `weft run` hands the engine for one in-process run. */
export interface RunWorkflowOptions {
  /** The Workflow as submitted (metadata.name may be absent when generateName is set). */
  readonly workflow: Workflow;
  /** WorkflowTemplates and ClusterWorkflowTemplates the workflow may reference. */
  readonly templates: readonly WorkflowTemplate[];
  /** ConfigMaps for `configMapKeyRef` (parameters) and semaphores. */
  readonly configMaps: readonly ConfigMap[];
  /** `-p NAME=VALUE` overrides of `spec.arguments.parameters`, in order given. */
  readonly parameters?: readonly { readonly name: string; readonly value: string }[];
  /** Overrides `spec.entrypoint`. */
  readonly entrypoint?: string;
  /**
   * Where steps run: `host` (default, local processes) or `podman` (each step's containers in their
   * images). A template's `weft.dev/runtime` annotation overrides it for that template's steps.
   */
  readonly runtime?: 'host' | 'podman';
  /** podman runtime: images to run instead of the ones the manifests name (see docs/podman.md). */
  readonly imageAliases?: Readonly<Record<string, string>>;
  /** Directory for this run's logs, artifacts and step scratch space. Created if missing. */
  readonly runDir: string;
  /** Called (synchronously, keep it cheap) after every batch of node changes with the live workflow. */
  readonly onChange?: (workflow: Workflow) => void;
  /** Aborting stops the workflow (Argo's stop: running steps are killed, exit handlers still run). */
  readonly signal?: AbortSignal;
  /** Control requests (resume, node set, stop, terminate) reach the run through this while it runs. */
  readonly control?: RunControl;
  /** Also serve control requests on a Unix socket at this path (mode 0600, removed at the end). */
  readonly controlSocket?: string;
  /** Where `memoize` entries are kept; default: JSON files under `defaultMemoDir()` (`$WEFT_CACHE_DIR/memo`). */
  readonly memoCache?: MemoCache;
  /** Mutexes and semaphores shared with other workflows of this process; default: a fresh one. */
  readonly lockManager?: LockManager;
  /** Called once before the first step starts: the workflow's name and how steps are isolated. */
  readonly onStart?: (info: RunStartInfo) => void;
  /** Secrets for artifact repositories (`accessKeySecret`, …), as given on the command line. */
  readonly secrets?: readonly SecretManifest[];
  /** Largest artifact, in bytes, a step may store or fetch (default: no limit). */
  readonly artifactSizeLimit?: number;
}

export interface RunStartInfo {
  readonly name: string;
  /** How steps are isolated, e.g. "overlay mount namespace", or a warning starting with "none:". */
  readonly isolation: string;
  /** Why the control socket could not be opened (the run goes on without it). */
  readonly controlSocketError?: string;
}

/** What a finished run returns. */
export interface RunWorkflowResult {
  /** The final Workflow object in Argo's shape (metadata, spec, status with nodes). */
  readonly workflow: Workflow;
  /** How steps were isolated, e.g. "overlay mount namespace", or a warning that they were not. */
  readonly isolation: string;
  /** Every output artifact stored during the run, with where it is (see `weft artifacts get`). */
  readonly artifacts?: readonly StoredArtifact[];
  /** nodeId → path of the step's log files directory. */
  readonly logDirs: Readonly<Record<string, string>>;
}
