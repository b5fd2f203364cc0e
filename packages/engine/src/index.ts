export * from './runtime/types.js';
export * from './run/options.js';
export { runWorkflow } from './run/run-workflow.js';
export { createHostRuntime, type HostRuntimeOptions } from './runtime/host/index.js';
