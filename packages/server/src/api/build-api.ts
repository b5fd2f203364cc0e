/**
 * The REST API of `weft server`: argo-server's paths, bodies, errors and streams over the store
 * and the workflow controller, plus health, metrics and an OpenAPI document built from the route
 * schemas.
 *
 *   request ─► JSON body (any content type) ─► schema validation ─► route ─► controller | store
 *                                                                           └► stream (SSE | NDJSON)
 *   events hub ─► watch history (resume after a resourceVersion), workflow phase gauge, watches
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { registerAuth } from '../auth/register-auth.js';
import { registerTokenRoutes } from '../auth/token-routes.js';
import { trackWorkflowPhases } from '../metrics/workflow-phases.js';
import { registerRedaction } from '../secrets/register-redaction.js';
import { registerSecretRoutes } from '../secrets/secret-routes.js';
import type { ApiContext, ApiDeps } from './deps.js';
import { setUpRequestHandling } from './http/app-setup.js';
import { answerExpectContinue } from './http/expect-continue.js';
import { buildOpenApiDocument, collectOperations } from './openapi/openapi.js';
import { registerArtifactRoutes } from './routes/artifacts.js';
import { registerCronWorkflowRoutes } from './routes/cron-workflows.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerInfoRoutes } from './routes/info.js';
import { registerLogRoutes } from './routes/logs.js';
import { registerTemplateRunsRoutes } from './routes/template-runs.js';
import { registerWatchRoutes } from './routes/watch.js';
import { registerWorkflowActionRoutes } from './routes/workflow-actions.js';
import { registerWorkflowTemplateRoutes } from './routes/workflow-templates.js';
import { registerWorkflowRoutes } from './routes/workflows.js';
import { WatchHistory } from './streams/watch-history.js';
import { storeVersion } from './workflows/workflow-objects.js';

export const defaultBodyLimit = 4 * 1024 * 1024;

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: deps.bodyLimit ?? defaultBodyLimit,
    logger: false,
    // Streams and connections a client opened without a request must not hold a shutdown up.
    forceCloseConnections: true,
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array' } },
  });
  const history = new WatchHistory(deps.watchHistory ?? 5000, Number(await storeVersion(deps.store)));
  const ctx: ApiContext = {
    ...deps,
    heartbeatMs: deps.heartbeatMs ?? 15_000,
    logPollMs: deps.logPollMs ?? 1000,
    watchMinIntervalMs: deps.watchMinIntervalMs ?? 200,
    history,
    openStreams: new Set(),
  };
  const stopHistory = deps.events.subscribe((event) => history.record(event));
  const stopPhases = await trackWorkflowPhases(deps.store, deps.events, deps.metrics);
  app.addHook('preClose', async () => {
    for (const stream of [...ctx.openStreams]) stream.close();
  });
  app.addHook('onClose', async () => {
    stopHistory();
    stopPhases();
  });

  setUpRequestHandling(app, deps.metrics);
  answerExpectContinue(app, deps.bodyLimit ?? defaultBodyLimit);
  registerAuth(app, deps.auth ?? { mode: 'server' });
  if (deps.redact) registerRedaction(app, deps.redact);
  const operations = collectOperations(app);
  registerWorkflowRoutes(app, ctx);
  registerWorkflowActionRoutes(app, ctx);
  registerWatchRoutes(app, ctx);
  registerLogRoutes(app, ctx);
  registerWorkflowTemplateRoutes(app, ctx);
  registerCronWorkflowRoutes(app, ctx);
  registerTemplateRunsRoutes(app, ctx);
  registerArtifactRoutes(app, ctx);
  registerInfoRoutes(app, ctx);
  if (deps.secrets) registerSecretRoutes(app, deps.secrets);
  if (deps.tokens) registerTokenRoutes(app, deps.tokens);
  let document: unknown;
  registerHealthRoutes(app, ctx, () => {
    document ??= buildOpenApiDocument(operations, deps.version);
    return document;
  });
  await deps.beforeReady?.(app);
  await app.ready();
  return app;
}
