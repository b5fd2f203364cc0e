/**
 * argo-server's workflow actions: `PUT /api/v1/workflows/{ns}/{name}/{action}` with Argo's request
 * bodies (the `name`/`namespace` fields of a body are ignored: the URL's win, as grpc-gateway's).
 * Each returns the workflow as the controller left it.
 */
import type { Workflow } from '@weft/core';
import type { FastifyInstance } from 'fastify';
import type { WorkflowController } from '../../controller/types.js';
import type { ApiContext } from '../deps.js';
import { anyObject } from '../schemas/objects.js';
import { paramsSchema } from '../schemas/queries.js';

const str = { type: 'string' } as const;
const strings = { type: 'array', items: str } as const;
const nodeFieldSelector = {
  type: 'string',
  description: 'Nodes to act on, e.g. `displayName=approve` or `templateName=x,phase=Failed`.',
} as const;

interface Action {
  readonly action: string;
  readonly summary: string;
  readonly operation: string;
  readonly fields: Record<string, unknown>;
  readonly run: (c: WorkflowController, ns: string, name: string, body: Body) => Promise<Workflow>;
}

/** The fields of every action's body (each action's schema admits its own). */
interface Body {
  readonly nodeFieldSelector?: string;
  readonly restartSuccessful?: boolean;
  readonly parameters?: string[];
  readonly memoized?: boolean;
  readonly message?: string;
  readonly phase?: string;
  readonly outputParameters?: string;
}

const actions: readonly Action[] = [
  {
    action: 'retry',
    summary: 'Retry failed nodes (or those the selector names)',
    operation: 'RetryWorkflow',
    fields: { restartSuccessful: { type: 'boolean' }, nodeFieldSelector, parameters: strings },
    run: (c, ns, name, b) =>
      c.retry(ns, name, {
        restartSuccessful: b.restartSuccessful,
        nodeFieldSelector: b.nodeFieldSelector || undefined,
        parameters: b.parameters,
      }),
  },
  {
    action: 'resubmit',
    summary: 'Submit a new workflow from the same spec; returns the new workflow',
    operation: 'ResubmitWorkflow',
    fields: { memoized: { type: 'boolean' }, parameters: strings },
    run: (c, ns, name, b) => c.resubmit(ns, name, { memoized: b.memoized, parameters: b.parameters }),
  },
  {
    action: 'suspend',
    summary: 'Start no new steps until resumed',
    operation: 'SuspendWorkflow',
    fields: {},
    run: (c, ns, name) => c.suspend(ns, name),
  },
  {
    action: 'resume',
    summary: 'Lift a suspend and resume suspended nodes',
    operation: 'ResumeWorkflow',
    fields: { nodeFieldSelector },
    run: (c, ns, name, b) => c.resume(ns, name, { nodeFieldSelector: b.nodeFieldSelector || undefined }),
  },
  {
    action: 'stop',
    summary: 'Stop: running steps are stopped, exit handlers run',
    operation: 'StopWorkflow',
    fields: { nodeFieldSelector, message: str },
    run: (c, ns, name, b) =>
      c.stop(ns, name, {
        nodeFieldSelector: b.nodeFieldSelector || undefined,
        message: b.message || undefined,
      }),
  },
  {
    action: 'terminate',
    summary: 'Terminate: running steps are stopped, exit handlers do not run',
    operation: 'TerminateWorkflow',
    fields: {},
    run: (c, ns, name) => c.terminate(ns, name),
  },
  {
    action: 'set',
    summary: 'Set the phase, message or output parameters of suspended nodes',
    operation: 'SetWorkflow',
    fields: {
      nodeFieldSelector,
      message: str,
      phase: str,
      outputParameters: { ...str, description: 'A JSON object of name → value.' },
    },
    run: (c, ns, name, b) =>
      c.set(ns, name, {
        nodeFieldSelector: b.nodeFieldSelector || undefined,
        message: b.message || undefined,
        phase: b.phase || undefined,
        outputParameters: b.outputParameters || undefined,
      }),
  },
];

export function registerWorkflowActionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  for (const action of actions) {
    app.put<{ Params: { namespace: string; name: string }; Body: Body }>(
      `/api/v1/workflows/:namespace/:name/${action.action}`,
      {
        schema: {
          params: paramsSchema(['namespace', 'name']),
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { name: str, namespace: str, ...action.fields },
          },
        },
        config: {
          docs: {
            summary: action.summary,
            tags: ['WorkflowService'],
            operationId: `WorkflowService_${action.operation}`,
            response: anyObject,
          },
        },
      },
      async (request) =>
        action.run(ctx.controller, request.params.namespace, request.params.name, request.body),
    );
  }
}
