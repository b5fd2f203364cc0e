export * from './runtime/types.js';
export * from './run/options.js';
export { runWorkflow } from './run/run-workflow.js';
export { createHostRuntime, type HostRuntimeOptions } from './runtime/host/index.js';
export type { IsolationMode, OverlayMechanism } from './runtime/host/index.js';
export {
  floorIsolation,
  measureBareSpawn,
  measureIsolatedSpawn,
  measureIsolatedSpawnConcurrent,
} from './runtime/host/floors.js';
