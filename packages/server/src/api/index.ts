export { buildApi, defaultBodyLimit } from './build-api.js';
export type { ApiDeps } from './deps.js';
export { ApiError, type ErrorBody, type FieldViolation, GrpcCode } from './errors/api-error.js';
export { toApiError } from './errors/to-api-error.js';
export { type RunSummary, runNumberAnnotation } from './routes/template-runs.js';
