import type { PodManifest } from '../pod/manifest.js';
import type { PodInputFile, PodPlan } from '../pod/translate.js';
import type { Artifact } from '../spec/types.js';
import type { EngineWorkCommand, EngineWorkEvent } from './engine-work.js';
import type { SyncCommand, SyncEvent } from './sync/sync-events.js';

/** Facts the engine reports to the reducer. */
export type WorkflowEvent =
  | EngineWorkEvent
  | SyncEvent
  | { readonly type: 'WorkflowStarted' }
  | { readonly type: 'StepExited'; readonly nodeId: string; readonly result: StepOutcome }
  | { readonly type: 'TimerFired'; readonly timerId: string }
  | { readonly type: 'StopRequested'; readonly mode: 'stop' | 'terminate'; readonly message?: string }
  /** Argo's `resume`: suspended nodes matching the filter (all, and `spec.suspend`, without one), after setting `values`. */
  | {
      readonly type: 'ResumeRequested';
      readonly nodeFilter?: string;
      readonly values?: Readonly<Record<string, string>>;
    }
  /** Argo's `node set`: supplied output parameters of the suspended nodes matching the filter. */
  | {
      readonly type: 'NodeOutputsSet';
      readonly nodeFilter?: string;
      readonly values: Readonly<Record<string, string>>;
    };

export interface StepOutcome {
  readonly exitCode: number | null;
  /** The step could not run or was killed: Argo's Error phase. */
  readonly error?: string;
  readonly stdout: string;
  readonly parameters: Readonly<Record<string, string | undefined>>;
  /**
   * Output artifacts that were found, by name, with where they were stored: `location` holds
   * Argo's location fields (e.g. `{ s3: { key } }`), merged into the node's output artifact.
   */
  readonly artifacts: readonly {
    readonly name: string;
    readonly key?: string;
    readonly location?: Readonly<Record<string, unknown>>;
  }[];
  readonly startedAt?: number;
  readonly finishedAt?: number;
}

/** A file the step must see at `path` before it starts. */
export type StepInputFile = PodInputFile;

/** Effects the reducer asks the engine to carry out. */
export type WorkflowCommand =
  | {
      readonly type: 'StartStep';
      readonly nodeId: string;
      readonly pod: PodManifest;
      readonly inputFiles: readonly StepInputFile[];
      readonly outputParameters: PodPlan['outputParameters'];
      readonly outputArtifacts: readonly (PodPlan['outputArtifacts'][number] & {
        readonly key: string;
        /** The declared output artifact (archive, s3 key, …): the engine stores it accordingly. */
        readonly declared?: Readonly<Artifact>;
      })[];
      /** The template's `archiveLocation`, if any: where its outputs (and archived logs) go. */
      readonly archiveLocation?: Readonly<Record<string, unknown>>;
      readonly mainContainers: PodPlan['mainContainers'];
    }
  | { readonly type: 'KillStep'; readonly nodeId: string; readonly graceMs: number; readonly reason: string }
  | { readonly type: 'SetTimer'; readonly timerId: string; readonly at: number }
  | { readonly type: 'WorkflowCompleted'; readonly phase: string }
  | EngineWorkCommand
  | SyncCommand;

/** What the reducer needs from the outside world: time, passed in. */
export interface AdvanceContext {
  /** Current time, epoch milliseconds. */
  readonly now: number;
  /** `TRANSIENT_ERROR_PATTERN` (a regular expression) for `retryPolicy: OnTransientError`. */
  readonly transientErrorPattern?: string;
}
