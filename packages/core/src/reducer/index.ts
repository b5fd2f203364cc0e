export { type AdvanceResult, advance } from './advance.js';
export { checkResume, checkSetOutputs, matchesNode, type SuppliedValues, suspendedNodes } from './control.js';
export { type CreateStateInput, createWorkflowState } from './create.js';
export type { EngineWorkCommand, EngineWorkEvent, HttpHeader, HttpResponse } from './engine-work.js';
export type { AdvanceContext, StepInputFile, StepOutcome, WorkflowCommand, WorkflowEvent } from './events.js';
export { isoSeconds } from './format.js';
export { fnv32a, nodeId } from './ids.js';
export type { WorkflowState } from './state.js';
export {
  type AcquireResult,
  createLocalLockManager,
  type LockManager,
  type LockRequest,
} from './sync/lock-manager.js';
export type { MemoEntry, SyncCommand, SyncEvent } from './sync/sync-events.js';
export { durationSeconds } from './templates/pod.js';
export { progressOf, shownNode, toWorkflowObject, workflowSummary } from './view.js';
