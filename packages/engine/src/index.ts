export * from './artifacts/index.js';
export * from './control/index.js';
export * from './logs/index.js';
export { defaultMemoDir, FileMemoCache } from './memo/file-memo-cache.js';
export type { MemoCache } from './memo/memo-cache.js';
export { createRunArtifacts, finishRunArtifacts } from './run/artifact-flow.js';
export {
  type ExecutionJournal,
  type ExecutionOptions,
  type JournalRecord,
  WorkflowExecution,
} from './run/execution.js';
export * from './run/options.js';
export { Outstanding } from './run/outstanding.js';
export { applyRecord, replayRecords } from './run/replay.js';
export { runWorkflow } from './run/run-workflow.js';
export {
  type ChoiceRuntime,
  type ChoiceRuntimeOptions,
  createChoiceRuntime,
  type RuntimeFactory,
  type RuntimeKind,
  runtimeAnnotation,
} from './runtime/choice/index.js';
export {
  floorIsolation,
  measureBareSpawn,
  measureIsolatedSpawn,
  measureIsolatedSpawnConcurrent,
} from './runtime/host/floors.js';
export type { IsolationMode, OverlayMechanism } from './runtime/host/index.js';
export { createHostRuntime, type HostRuntimeOptions } from './runtime/host/index.js';
export {
  checkPodman,
  createPodmanRuntime,
  type ImageAliases,
  localImageAliases,
  objectLookup,
  PodmanRuntime,
  type PodmanRuntimeOptions,
  PodmanUnavailableError,
  parseImageAliases,
} from './runtime/podman/index.js';
export {
  type ConnectRunnerOptions,
  connectRunner,
  type KnownSteps,
  type RunnerRuntime,
} from './runtime/runner/client.js';
export { measureRunnerOverhead, type RunnerOverhead } from './runtime/runner/overhead.js';
export * from './runtime/types.js';
export * from './secrets/index.js';
export * from './store/index.js';
