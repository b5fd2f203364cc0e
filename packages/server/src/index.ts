export type { WorkflowController } from './controller/types.js';
export { parseServerOptions, type ServerOptions, ServerUsageError, serverUsage } from './options.js';
export { type RunningServer, startServer } from './server.js';
