/**
 * argo-server's WorkflowLogs and PodLogs streams: `{"result": {"content", "podName"}}` messages
 * (server-sent events with `Accept: text/event-stream`, else NDJSON). `podName` selects a node by
 * pod name, node id, node name or display name (a display name also selects its retries).
 */
import { type LogQuery, type StoredObject, toLogTime } from '@weft/engine';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { runDirOf } from '../../paths.js';
import type { ApiContext } from '../deps.js';
import { invalidField, notFound } from '../errors/api-error.js';
import {
  followLogMessages,
  logReaderOf,
  readLogMessages,
  type WorkflowLogOptions,
} from '../logs/workflow-logs.js';
import { paramsSchema, querySchema } from '../schemas/queries.js';
import { openResultStream, pump } from '../streams/open-stream.js';
import { isCompleted } from '../workflows/workflow-objects.js';

interface LogsQuery {
  readonly podName?: string;
  readonly grep?: string;
  readonly selector?: string;
  readonly 'logOptions.container'?: string;
  readonly 'logOptions.follow'?: boolean;
  readonly 'logOptions.sinceSeconds'?: number;
  readonly 'logOptions.sinceTime.seconds'?: number;
  readonly 'logOptions.timestamps'?: boolean;
  readonly 'logOptions.tailLines'?: number;
  readonly 'logOptions.limitBytes'?: number;
  readonly 'logOptions.stream'?: string;
}

const logsQuery = querySchema({
  podName: {
    type: 'string',
    description: 'A pod name, node id, node name or display name; all steps when absent.',
  },
  grep: { type: 'string', description: 'A regular expression the content must match.' },
  selector: { type: 'string', description: 'Pod label selector: not supported by weft (400 when given).' },
  'logOptions.container': { type: 'string', description: 'Default `main`.' },
  'logOptions.follow': { type: 'boolean', description: 'Keep streaming until the workflow completes.' },
  'logOptions.previous': { type: 'boolean', description: 'Ignored: each retry is its own node.' },
  'logOptions.sinceSeconds': { type: 'integer', minimum: 0 },
  'logOptions.sinceTime.seconds': { type: 'integer', minimum: 0 },
  'logOptions.sinceTime.nanos': { type: 'integer', minimum: 0 },
  'logOptions.timestamps': { type: 'boolean' },
  'logOptions.tailLines': { type: 'integer', minimum: 0 },
  'logOptions.limitBytes': { type: 'integer', minimum: 1 },
  'logOptions.insecureSkipTLSVerifyBackend': { type: 'boolean' },
  'logOptions.stream': { type: 'string', enum: ['Stdout', 'Stderr', 'All'] },
});

const logEntrySchema = {
  type: 'object',
  properties: {
    result: { type: 'object', properties: { content: { type: 'string' }, podName: { type: 'string' } } },
  },
} as const;

function grepOf(pattern: string | undefined): RegExp | undefined {
  if (!pattern) return undefined;
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw invalidField('grep', `failed to compile "${pattern}": ${(error as Error).message}`);
  }
}

function sinceOf(query: LogsQuery): string | undefined {
  const seconds = query['logOptions.sinceSeconds'];
  if (seconds !== undefined) return toLogTime(Date.now() - seconds * 1000);
  const at = query['logOptions.sinceTime.seconds'];
  return at === undefined ? undefined : toLogTime(at * 1000);
}

export function logOptionsOf(query: LogsQuery, podName: string | undefined): WorkflowLogOptions {
  if (query.selector)
    throw invalidField('selector', 'pod label selectors are not supported by weft; use podName');
  const logQuery: LogQuery = {
    node: podName || undefined,
    container: query['logOptions.container'] || undefined,
    tail: query['logOptions.tailLines'],
    sinceTime: sinceOf(query),
  };
  return {
    query: logQuery,
    grep: grepOf(query.grep),
    timestamps: query['logOptions.timestamps'] === true,
    stream: query['logOptions.stream'],
    limitBytes: query['logOptions.limitBytes'],
  };
}

/** Resolves once the workflow is completed or deleted (or at once if it already is). */
function finishedSignal(ctx: ApiContext, workflow: StoredObject, signal: AbortSignal): Promise<void> {
  if (isCompleted(workflow)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      unsubscribe();
      resolve();
    };
    const unsubscribe = ctx.events.subscribe((event) => {
      if (event.kind !== 'Workflow' || event.object.metadata.uid !== workflow.metadata.uid) return;
      if (event.type === 'DELETED' || isCompleted(event.object)) done();
    });
    signal.addEventListener('abort', done, { once: true });
  });
}

async function streamLogs(
  ctx: ApiContext,
  request: FastifyRequest<{
    Params: { namespace: string; name: string; podName?: string };
    Querystring: LogsQuery;
  }>,
  reply: FastifyReply,
): Promise<void> {
  const { namespace, name } = request.params;
  const options = logOptionsOf(request.query, request.params.podName ?? request.query.podName);
  const workflow = await ctx.store.get({ kind: 'Workflow', namespace, name });
  if (!workflow) throw notFound(`workflows.argoproj.io "${name}" not found in namespace "${namespace}"`);
  const reader = logReaderOf(runDirOf(ctx.dataDir, workflow.metadata.uid));
  const stream = openResultStream(ctx, request, reply);
  await pump(stream, async () => {
    if (!request.query['logOptions.follow']) {
      for (const message of await readLogMessages(reader, options)) await stream.send(message);
      return;
    }
    const finished = finishedSignal(ctx, workflow, stream.signal);
    const control = { signal: stream.signal, finished, pollMs: ctx.logPollMs };
    for await (const batch of followLogMessages(reader, options, control)) {
      for (const message of batch) await stream.send(message);
    }
  });
}

export function registerLogRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const docs = {
    tags: ['WorkflowService'],
    description:
      'A stream: server-sent events with `Accept: text/event-stream`, else newline-delimited JSON.',
    response: logEntrySchema,
    produces: 'text/event-stream',
  };
  app.get<{ Params: { namespace: string; name: string }; Querystring: LogsQuery }>(
    '/api/v1/workflows/:namespace/:name/log',
    {
      schema: { params: paramsSchema(['namespace', 'name']), querystring: logsQuery },
      config: {
        docs: { ...docs, summary: "A workflow's step logs", operationId: 'WorkflowService_WorkflowLogs' },
      },
    },
    (request, reply) => streamLogs(ctx, request, reply),
  );
  app.get<{ Params: { namespace: string; name: string; podName: string }; Querystring: LogsQuery }>(
    '/api/v1/workflows/:namespace/:name/:podName/log',
    {
      schema: {
        params: {
          ...paramsSchema(['namespace', 'name']),
          required: ['namespace', 'name', 'podName'],
          properties: { ...paramsSchema(['namespace', 'name']).properties, podName: { type: 'string' } },
        },
        querystring: logsQuery,
      },
      config: {
        docs: {
          ...docs,
          summary: "One step's logs (deprecated in Argo)",
          operationId: 'WorkflowService_PodLogs',
        },
      },
    },
    (request, reply) => streamLogs(ctx, request, reply),
  );
}
