/**
 * argo-server's watch streams: `/api/v1/workflow-events/{ns}` (workflow changes, see
 * ../streams/watch.ts) and `/api/v1/stream/events/{ns}` (Kubernetes Events: weft records none, so
 * the stream stays open and quiet). Argo has no watch for templates or crons.
 */
import type { StoredObject } from '@weft/engine';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiContext } from '../deps.js';
import { FieldMask } from '../query/field-mask.js';
import { parseSelectors } from '../query/selectors.js';
import { anyObject } from '../schemas/objects.js';
import { fieldsQuery, listOptionsQuery, paramsSchema, querySchema } from '../schemas/queries.js';
import { openResultStream, pump } from '../streams/open-stream.js';
import { missedChanges, resumeVersionOf, runWatch } from '../streams/watch.js';
import { withNodes } from '../workflows/workflow-objects.js';

type WatchQuery = Record<string, string | number | boolean | undefined>;
const tags = ['WorkflowService'];
const streamDocs =
  'A stream: server-sent events with `Accept: text/event-stream`, else newline-delimited JSON.';

const watchEventSchema = {
  type: 'object',
  properties: {
    result: {
      type: 'object',
      properties: { type: { type: 'string', enum: ['ADDED', 'MODIFIED', 'DELETED'] }, object: anyObject },
    },
  },
} as const;

async function watchWorkflows(
  ctx: ApiContext,
  request: FastifyRequest,
  reply: FastifyReply,
  namespace?: string,
) {
  const query = request.query as WatchQuery;
  const selector = parseSelectors(
    query['listOptions.labelSelector'] as string | undefined,
    query['listOptions.fieldSelector'] as string | undefined,
  );
  const resourceVersion = query['listOptions.resourceVersion'] as string | undefined;
  const resume = resumeVersionOf(resourceVersion);
  if (resume !== undefined) missedChanges(ctx.history, resume);
  const mask = FieldMask.parse(query.fields as string | undefined)?.withoutPrefix('result.object.');
  const nodes = !mask?.willExclude('status.nodes');
  const render = async (object: StoredObject, type: string) => {
    const full = nodes && type !== 'DELETED' ? await withNodes(ctx.store, object) : object;
    return mask ? mask.apply(full) : full;
  };
  const stream = openResultStream(ctx, request, reply);
  const timeout = query['listOptions.timeoutSeconds'] as number | undefined;
  if (timeout) setTimeout(() => stream.close(), timeout * 1000).unref();
  await pump(stream, () =>
    runWatch(
      ctx,
      {
        kind: 'Workflow',
        namespace,
        selector,
        resourceVersion,
        render,
        minIntervalMs: ctx.watchMinIntervalMs,
      },
      stream,
    ),
  );
}

export function registerWatchRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const querystring = querySchema({ ...listOptionsQuery, ...fieldsQuery });
  const docs = {
    summary:
      'Watch workflows: current ones as ADDED (or the changes after listOptions.resourceVersion), then every change',
    description: streamDocs,
    tags,
    response: watchEventSchema,
    produces: 'text/event-stream',
  };
  app.get<{ Params: { namespace: string } }>(
    '/api/v1/workflow-events/:namespace',
    {
      schema: { params: paramsSchema(['namespace']), querystring },
      config: { docs: { ...docs, operationId: 'WorkflowService_WatchWorkflows' } },
    },
    (request, reply) => watchWorkflows(ctx, request, reply, request.params.namespace),
  );
  app.get(
    '/api/v1/workflow-events/',
    { schema: { querystring }, config: { docs: { ...docs, summary: 'Watch workflows of every namespace' } } },
    (request, reply) => watchWorkflows(ctx, request, reply),
  );
  app.get<{ Params: { namespace: string } }>(
    '/api/v1/stream/events/:namespace',
    {
      schema: { params: paramsSchema(['namespace']), querystring: querySchema(listOptionsQuery) },
      config: {
        docs: {
          summary: 'Watch Kubernetes Events (weft records none: the stream stays open)',
          description: streamDocs,
          tags,
          operationId: 'WorkflowService_WatchEvents',
          produces: 'text/event-stream',
        },
      },
    },
    async (request, reply) => {
      const stream = openResultStream(ctx, request, reply);
      await new Promise<void>((resolve) =>
        stream.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
    },
  );
}
