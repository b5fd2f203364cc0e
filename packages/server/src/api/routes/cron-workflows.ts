/**
 * argo-server's CronWorkflowService: CRUD and lint (./stored-resources.ts) plus suspend/resume,
 * which set `spec.suspend`. The status belongs to the cron controller. When the cron module gives
 * `nextCronRuns`, objects carry `status.nextScheduledRunTime` (weft: Argo's clients compute it).
 */
import { ConflictError, type StoredObject } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../deps.js';
import { anyObject } from '../schemas/objects.js';
import { paramsSchema } from '../schemas/queries.js';
import {
  getStored,
  paramNames,
  type ResourceSpec,
  registerResourceRoutes,
  resourcePaths,
} from './stored-resources.js';

function cronSpec(ctx: ApiContext): ResourceSpec {
  return {
    kind: 'CronWorkflow',
    base: '/api/v1/cron-workflows',
    namespaced: true,
    field: 'cronWorkflow',
    service: 'CronWorkflowService',
    plural: 'cronworkflows',
    operation: 'CronWorkflow',
    ownStatus: true,
    decorate: ctx.nextCronRuns ? (cron) => withNextRun(cron, ctx.nextCronRuns) : undefined,
  };
}

function withNextRun(cron: StoredObject, nextCronRuns: ApiContext['nextCronRuns']): StoredObject {
  const next = nextCronRuns?.(cron)[0];
  if (!next) return cron;
  const status = {
    ...(cron.status as Record<string, unknown> | undefined),
    nextScheduledRunTime: next.toISOString(),
  };
  return { ...cron, status };
}

/** Sets `spec.suspend`, retrying when the cron controller wrote the object meanwhile. */
async function setSuspend(
  ctx: ApiContext,
  spec: ResourceSpec,
  params: { namespace: string; name: string },
  suspend: boolean,
) {
  for (let attempt = 0; ; attempt++) {
    const stored = await getStored(ctx.store, spec, params);
    const specField = { ...(stored.spec as Record<string, unknown> | undefined), suspend };
    try {
      return await ctx.store.update({ ...stored, spec: specField });
    } catch (error) {
      if (!(error instanceof ConflictError) || attempt >= 4) throw error;
    }
  }
}

export function registerCronWorkflowRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const spec = cronSpec(ctx);
  registerResourceRoutes(app, ctx, spec);
  const { item } = resourcePaths(spec);
  for (const [action, suspend] of [
    ['suspend', true],
    ['resume', false],
  ] as const) {
    app.put<{ Params: { namespace: string; name: string } }>(
      `${item}/${action}`,
      {
        schema: {
          params: paramsSchema(paramNames(spec, true)),
          body: {
            type: 'object',
            additionalProperties: false,
            properties: { name: { type: 'string' }, namespace: { type: 'string' } },
          },
        },
        config: {
          docs: {
            summary: suspend
              ? 'Suspend a CronWorkflow (spec.suspend: true)'
              : 'Resume a CronWorkflow (spec.suspend: false)',
            tags: [spec.service],
            operationId: `${spec.service}_${suspend ? 'Suspend' : 'Resume'}CronWorkflow`,
            response: anyObject,
          },
        },
      },
      async (request) => {
        const updated = await setSuspend(ctx, spec, request.params, suspend);
        return spec.decorate ? spec.decorate(updated) : updated;
      },
    );
  }
}
