/**
 * argo-server's WorkflowService, unary calls: create, list, get, delete, lint, submit-from.
 * Streams (watch, events, logs) are in ./watch.ts and ./logs.ts; actions (retry, stop, …) in
 * ./workflow-actions.ts.
 */
import type { Workflow } from '@weft/core';
import type { FastifyInstance } from 'fastify';
import type { SubmitSource } from '../../controller/types.js';
import type { ApiContext } from '../deps.js';
import { ApiError, GrpcCode, invalidField } from '../errors/api-error.js';
import { assertLintClean } from '../lint/lint-object.js';
import { checkDeletePreconditions, type DeleteQuery } from '../objects/delete-preconditions.js';
import { prepareObject, type RequestObject } from '../objects/prepare-object.js';
import { anyObject, emptyResponse, listSchema } from '../schemas/objects.js';
import { deleteOptionsQuery, fieldsQuery, paramsSchema, querySchema } from '../schemas/queries.js';
import { getWorkflow, nodePagingQuery, type WorkflowGetQuery } from '../workflows/get-workflow.js';
import { listWorkflows, type WorkflowListQuery } from '../workflows/list-workflows.js';
import { type SubmitOpts, submitOptionsOf } from '../workflows/submit-options.js';
import { createBody, lintBody, listQuery, submitBody, submitKinds } from '../workflows/workflow-requests.js';

const tags = ['WorkflowService'];
type NsParams = { namespace: string };
type NameParams = { namespace: string; name: string };

export function registerWorkflowRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{
    Params: NsParams;
    Body: { workflow: RequestObject; serverDryRun?: boolean; createOptions?: { dryRun?: string[] } };
  }>(
    '/api/v1/workflows/:namespace',
    {
      schema: { params: paramsSchema(['namespace']), body: createBody },
      config: {
        docs: {
          summary: 'Create and start a workflow',
          tags,
          operationId: 'WorkflowService_CreateWorkflow',
          response: anyObject,
        },
      },
    },
    async (request) => {
      const workflow = prepareObject('Workflow', request.body.workflow, request.params.namespace, 'workflow');
      delete (workflow as { status?: unknown }).status;
      const dryRun =
        request.body.serverDryRun === true || (request.body.createOptions?.dryRun?.length ?? 0) > 0;
      return ctx.controller.submit(workflow as unknown as Workflow, { dryRun });
    },
  );

  const list = async (namespace: string | undefined, query: WorkflowListQuery) =>
    listWorkflows(ctx.store, namespace, query);
  app.get<{ Params: NsParams; Querystring: WorkflowListQuery }>(
    '/api/v1/workflows/:namespace',
    {
      schema: { params: paramsSchema(['namespace']), querystring: listQuery },
      config: {
        docs: {
          summary: 'List workflows (items without status.nodes unless `fields` asks for them)',
          tags,
          operationId: 'WorkflowService_ListWorkflows',
          response: listSchema('Workflow'),
        },
      },
    },
    async (request) => list(request.params.namespace, request.query),
  );
  app.get<{ Querystring: WorkflowListQuery }>(
    '/api/v1/workflows/',
    {
      schema: { querystring: listQuery },
      config: {
        docs: { summary: 'List workflows of every namespace', tags, response: listSchema('Workflow') },
      },
    },
    async (request) => list(undefined, request.query),
  );

  app.get<{ Params: NameParams; Querystring: WorkflowGetQuery }>(
    '/api/v1/workflows/:namespace/:name',
    {
      schema: {
        params: paramsSchema(['namespace', 'name']),
        querystring: querySchema({
          ...fieldsQuery,
          uid: { type: 'string' },
          'getOptions.resourceVersion': { type: 'string' },
          ...nodePagingQuery,
        }),
      },
      config: {
        docs: {
          summary: 'Get a workflow with its nodes (weft: `nodes.*` pages them)',
          tags,
          operationId: 'WorkflowService_GetWorkflow',
          response: anyObject,
        },
      },
    },
    async (request) =>
      getWorkflow(ctx.store, ctx.controller, request.params.namespace, request.params.name, request.query),
  );

  app.delete<{ Params: NameParams; Querystring: DeleteQuery }>(
    '/api/v1/workflows/:namespace/:name',
    {
      schema: {
        params: paramsSchema(['namespace', 'name']),
        querystring: querySchema({ ...deleteOptionsQuery, force: { type: 'boolean' } }),
      },
      config: {
        docs: {
          summary: 'Stop if running, then delete a workflow with its nodes, logs and artifacts',
          tags,
          operationId: 'WorkflowService_DeleteWorkflow',
          response: emptyResponse,
        },
      },
    },
    async (request) => {
      const { namespace, name } = request.params;
      await checkDeletePreconditions(ctx.store, { kind: 'Workflow', namespace, name }, request.query);
      await ctx.controller.delete(namespace, name);
      return {};
    },
  );

  app.post<{ Params: NsParams; Body: { workflow: RequestObject } }>(
    '/api/v1/workflows/:namespace/lint',
    {
      schema: { params: paramsSchema(['namespace']), body: lintBody },
      config: {
        docs: {
          summary: 'Lint a workflow: every problem, each with its field path',
          tags,
          operationId: 'WorkflowService_LintWorkflow',
          response: anyObject,
        },
      },
    },
    async (request) => {
      const workflow = prepareObject(
        'Workflow',
        request.body.workflow,
        request.params.namespace,
        'workflow',
        {
          requireName: false,
        },
      );
      await assertLintClean(ctx.store, 'Workflow', workflow, request.params.namespace);
      return workflow;
    },
  );

  app.post<{
    Params: NsParams;
    Body: { resourceKind: string; resourceName: string; submitOptions?: SubmitOpts };
  }>(
    '/api/v1/workflows/:namespace/submit',
    {
      schema: { params: paramsSchema(['namespace']), body: submitBody },
      config: {
        docs: {
          summary: 'Submit a workflow from a WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow',
          tags,
          operationId: 'WorkflowService_SubmitWorkflow',
          response: anyObject,
        },
      },
    },
    async (request) => {
      const kind = submitKinds[request.body.resourceKind];
      if (!kind)
        throw invalidField(
          'resourceKind',
          `resource kind '${request.body.resourceKind}' is not supported for submitting`,
        );
      const options = submitOptionsOf(request.body.submitOptions);
      const source = { kind, name: request.body.resourceName } as SubmitSource;
      const created = await ctx.controller.submitFrom(request.params.namespace, source, options);
      if (!created) throw new ApiError(GrpcCode.Internal, 'the controller returned no workflow');
      return created;
    },
  );
}
