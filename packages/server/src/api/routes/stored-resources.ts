/**
 * The CRUD + lint routes argo-server has for WorkflowTemplates, ClusterWorkflowTemplates and
 * CronWorkflows, over the store: create and update lint first and list every problem; an update
 * needs the `metadata.resourceVersion` it read (as Kubernetes requires for custom resources) and
 * a stale one is refused (409, code 6 as argo-server maps Kubernetes' Conflict).
 */
import type { LintKind } from '@weft/core';
import type { Store, StoredObject } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../deps.js';
import { invalidField, notFound } from '../errors/api-error.js';
import { assertLintClean } from '../lint/lint-object.js';
import { type DeleteQuery, preconditionsOf } from '../objects/delete-preconditions.js';
import { prepareObject, type RequestObject } from '../objects/prepare-object.js';
import { listFiltered } from '../query/filtered-list.js';
import { parseSelectors } from '../query/selectors.js';
import {
  anyObject,
  createOptionsSchema,
  emptyResponse,
  listSchema,
  objectSchema,
} from '../schemas/objects.js';
import { deleteOptionsQuery, listOptionsQuery, paramsSchema, querySchema } from '../schemas/queries.js';

export interface ResourceSpec {
  readonly kind: LintKind & ('WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow');
  /** `/api/v1/workflow-templates`: namespaced kinds add `/:namespace`. */
  readonly base: string;
  readonly namespaced: boolean;
  /** The body field holding the object: `template` or `cronWorkflow`. */
  readonly field: 'template' | 'cronWorkflow';
  /** Argo's service name, for operation ids and tags. */
  readonly service: string;
  /** Kubernetes' plural resource name, for messages (`workflowtemplates.argoproj.io "x" not found`). */
  readonly plural: string;
  /** The status is the controller's: ignored in create and update bodies. */
  readonly ownStatus?: boolean;
  /** Adds computed fields to every object returned. */
  readonly decorate?: (object: StoredObject) => StoredObject;
  /** Argo's operation names: Create…, List…, Get…, Update…, Delete…, Lint…. */
  readonly operation: string;
}

type Params = { namespace?: string; name: string };
type ListQuery = Record<string, string | number | undefined>;

export function resourcePaths(spec: ResourceSpec) {
  const collection = spec.namespaced ? `${spec.base}/:namespace` : spec.base;
  return { collection, item: `${collection}/:name` };
}

export function paramNames(spec: ResourceSpec, withName: boolean): ('namespace' | 'name')[] {
  return [...(spec.namespaced ? (['namespace'] as const) : []), ...(withName ? (['name'] as const) : [])];
}

export async function getStored(store: Store, spec: ResourceSpec, params: Params): Promise<StoredObject> {
  const found = await store.get({ kind: spec.kind, namespace: params.namespace, name: params.name });
  if (!found) throw notFound(`${spec.plural}.argoproj.io "${params.name}" not found`);
  return found;
}

function bodySchema(spec: ResourceSpec, create: boolean) {
  return {
    type: 'object',
    additionalProperties: false,
    required: [spec.field],
    properties: {
      namespace: { type: 'string' },
      name: { type: 'string' },
      [spec.field]: objectSchema(spec.kind),
      ...(create ? { createOptions: createOptionsSchema } : {}),
    },
  };
}

export function registerResourceRoutes(app: FastifyInstance, ctx: ApiContext, spec: ResourceSpec): void {
  const { collection, item } = resourcePaths(spec);
  const tags = [spec.service];
  const op = (verb: string) => `${spec.service}_${verb}${spec.operation}`;
  const decorate = (o: StoredObject) => (spec.decorate ? spec.decorate(o) : o);
  const prepare = (
    given: RequestObject,
    params: Params,
    options: { pathName?: string; requireName?: boolean },
  ) => {
    const object = prepareObject(spec.kind, given, params.namespace, spec.field, options);
    if (spec.ownStatus) delete object.status;
    return object;
  };
  const bodyObject = (body: unknown) => (body as Record<string, RequestObject>)[spec.field];

  app.post<{ Params: Params; Body: unknown }>(
    collection,
    {
      schema: { params: paramsSchema(paramNames(spec, false)), body: bodySchema(spec, true) },
      config: {
        docs: {
          summary: `Lint and create a ${spec.kind}`,
          tags,
          operationId: op('Create'),
          response: anyObject,
        },
      },
    },
    async (request) => {
      const object = prepare(bodyObject(request.body), request.params, {});
      await assertLintClean(ctx.store, spec.kind, object, request.params.namespace);
      const dryRun =
        ((request.body as { createOptions?: { dryRun?: string[] } }).createOptions?.dryRun?.length ?? 0) > 0;
      return dryRun ? object : decorate(await ctx.store.create({ ...object, kind: spec.kind }));
    },
  );

  app.get<{ Params: Params; Querystring: ListQuery }>(
    collection,
    {
      schema: {
        params: paramsSchema(paramNames(spec, false)),
        querystring: querySchema({
          ...listOptionsQuery,
          ...(spec.kind === 'CronWorkflow'
            ? {}
            : { namePattern: { type: 'string', description: 'Only names containing this.' } }),
        }),
      },
      config: {
        docs: {
          summary: `List ${spec.kind}s`,
          tags,
          operationId: op('List'),
          response: listSchema(spec.kind),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const namePattern = q.namePattern as string | undefined;
      const page = await listFiltered(ctx.store, spec.kind, {
        namespace: request.params.namespace,
        selector: parseSelectors(
          q['listOptions.labelSelector'] as string,
          q['listOptions.fieldSelector'] as string,
        ),
        keep: namePattern ? (o) => o.metadata.name.includes(namePattern) : undefined,
        limit: q['listOptions.limit'] as number | undefined,
        continue: q['listOptions.continue'] as string | undefined,
      });
      const metadata = {
        resourceVersion: page.resourceVersion,
        ...(page.continue ? { continue: page.continue } : {}),
      };
      return { metadata, items: page.items.map(decorate) };
    },
  );

  app.get<{ Params: Params }>(
    item,
    {
      schema: {
        params: paramsSchema(paramNames(spec, true)),
        querystring: querySchema({ 'getOptions.resourceVersion': { type: 'string' } }),
      },
      config: { docs: { summary: `Get a ${spec.kind}`, tags, operationId: op('Get'), response: anyObject } },
    },
    async (request) => decorate(await getStored(ctx.store, spec, request.params)),
  );

  app.put<{ Params: Params; Body: unknown }>(
    item,
    {
      schema: { params: paramsSchema(paramNames(spec, true)), body: bodySchema(spec, false) },
      config: {
        docs: {
          summary: `Lint and replace a ${spec.kind} (needs the resourceVersion read)`,
          tags,
          operationId: op('Update'),
          response: anyObject,
        },
      },
    },
    async (request) => {
      const object = prepare(bodyObject(request.body), request.params, { pathName: request.params.name });
      if (!object.metadata.resourceVersion)
        throw invalidField(
          `${spec.field}.metadata.resourceVersion`,
          'must be specified for an update (the version you read)',
        );
      const stored = await getStored(ctx.store, spec, request.params);
      await assertLintClean(ctx.store, spec.kind, object, request.params.namespace);
      if (spec.ownStatus && stored.status !== undefined) object.status = stored.status;
      return decorate(await ctx.store.update({ ...object, kind: spec.kind }));
    },
  );

  app.delete<{ Params: Params; Querystring: DeleteQuery }>(
    item,
    {
      schema: { params: paramsSchema(paramNames(spec, true)), querystring: querySchema(deleteOptionsQuery) },
      config: {
        docs: { summary: `Delete a ${spec.kind}`, tags, operationId: op('Delete'), response: emptyResponse },
      },
    },
    async (request) => {
      await getStored(ctx.store, spec, request.params);
      const { namespace, name } = request.params;
      await ctx.store.delete({ kind: spec.kind, namespace, name }, preconditionsOf(request.query));
      return {};
    },
  );

  app.post<{ Params: Params; Body: unknown }>(
    `${collection}/lint`,
    {
      schema: { params: paramsSchema(paramNames(spec, false)), body: bodySchema(spec, true) },
      config: {
        docs: {
          summary: `Lint a ${spec.kind}: every problem, each with its field path`,
          tags,
          operationId: op('Lint'),
          response: anyObject,
        },
      },
    },
    async (request) => {
      const object = prepare(bodyObject(request.body), request.params, { requireName: false });
      await assertLintClean(ctx.store, spec.kind, object, request.params.namespace);
      return object;
    },
  );
}
