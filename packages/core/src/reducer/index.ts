export { advance, type AdvanceResult } from './advance.js';
export { createWorkflowState, type CreateStateInput } from './create.js';
export type { AdvanceContext, StepInputFile, StepOutcome, WorkflowCommand, WorkflowEvent } from './events.js';
export type { WorkflowState } from './state.js';
export { toWorkflowObject, progressOf } from './view.js';
export { fnv32a, nodeId } from './ids.js';
