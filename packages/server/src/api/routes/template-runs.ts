/**
 * weft extension: one template's (or cron's) runs, newest first, for a per-template history.
 *
 *   GET /api/v1/workflow-templates/{ns}/{name}/runs?limit=N&continue=T
 *   GET /api/v1/cluster-workflow-templates/{name}/runs?…
 *   GET /api/v1/cron-workflows/{ns}/{name}/runs?…
 *
 * Runs are the workflows labelled `workflows.argoproj.io/workflow-template=<name>` (resp.
 * `cluster-workflow-template`, `cron-workflow`), ordered by the `weft.dev/run-number` annotation the
 * controller sets (then by creation time), newest first. `continue` is the last run's position.
 * Reads every run of the template per page (the store cannot sort by annotation).
 */
import type { Store, StoredObject } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../deps.js';
import { invalidField } from '../errors/api-error.js';
import { paramsSchema, querySchema } from '../schemas/queries.js';

export const runNumberAnnotation = 'weft.dev/run-number';

interface RunsRoute {
  readonly path: string;
  readonly label: string;
  readonly namespaced: boolean;
  readonly tag: string;
}

const routes: readonly RunsRoute[] = [
  {
    path: '/api/v1/workflow-templates/:namespace/:name/runs',
    label: 'workflow-template',
    namespaced: true,
    tag: 'WorkflowTemplateService',
  },
  {
    path: '/api/v1/cluster-workflow-templates/:name/runs',
    label: 'cluster-workflow-template',
    namespaced: false,
    tag: 'ClusterWorkflowTemplateService',
  },
  {
    path: '/api/v1/cron-workflows/:namespace/:name/runs',
    label: 'cron-workflow',
    namespaced: true,
    tag: 'CronWorkflowService',
  },
];

export interface RunSummary {
  readonly name: string;
  readonly namespace?: string;
  readonly uid: string;
  readonly runNumber?: number;
  readonly phase: string;
  readonly creationTimestamp: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  /** Seconds from start to finish (to now while running); absent before it starts. */
  readonly duration?: number;
  readonly progress?: string;
  readonly message?: string;
}

function summaryOf(workflow: StoredObject, now: number): RunSummary {
  const status = (workflow.status ?? {}) as Record<string, string | undefined>;
  const number = Number(workflow.metadata.annotations?.[runNumberAnnotation]);
  const started = status.startedAt ? Date.parse(status.startedAt) : undefined;
  const finished = status.finishedAt ? Date.parse(status.finishedAt) : undefined;
  return {
    name: workflow.metadata.name,
    ...(workflow.metadata.namespace ? { namespace: workflow.metadata.namespace } : {}),
    uid: workflow.metadata.uid,
    ...(Number.isSafeInteger(number) ? { runNumber: number } : {}),
    phase: status.phase ?? 'Pending',
    creationTimestamp: workflow.metadata.creationTimestamp,
    startedAt: status.startedAt,
    finishedAt: status.finishedAt,
    ...(started !== undefined ? { duration: Math.max(0, ((finished ?? now) - started) / 1000) } : {}),
    progress: status.progress,
    message: status.message,
  };
}

/** Newest first: by run number, then creation time, then name (a stable total order). */
function newestFirst(a: RunSummary, b: RunSummary): number {
  const byNumber = (b.runNumber ?? -1) - (a.runNumber ?? -1);
  if (byNumber !== 0) return byNumber;
  const byTime = b.creationTimestamp.localeCompare(a.creationTimestamp);
  return byTime !== 0 ? byTime : a.name.localeCompare(b.name);
}

async function allRuns(store: Store, route: RunsRoute, namespace: string | undefined, name: string) {
  const runs: StoredObject[] = [];
  let token: string | undefined;
  let resourceVersion = '';
  do {
    const page = await store.list('Workflow', {
      namespace,
      labelSelector: `workflows.argoproj.io/${route.label}=${name}`,
      limit: 1000,
      continue: token,
    });
    resourceVersion ||= page.resourceVersion;
    runs.push(...page.items);
    token = page.continue;
  } while (token);
  return { runs, resourceVersion };
}

export function registerTemplateRunsRoutes(app: FastifyInstance, ctx: ApiContext): void {
  for (const route of routes) {
    app.get<{
      Params: { namespace?: string; name: string };
      Querystring: { limit?: number; continue?: string };
    }>(
      route.path,
      {
        schema: {
          params: paramsSchema(route.namespaced ? ['namespace', 'name'] : ['name']),
          querystring: querySchema({
            limit: { type: 'integer', minimum: 1, description: 'Page size; absent: every run.' },
            continue: { type: 'string', description: "The previous page's `metadata.continue`." },
          }),
        },
        config: {
          docs: {
            summary: `Runs of a ${route.label.replace(/-/g, ' ')}, newest first`,
            tags: [route.tag],
            weft: true,
          },
        },
      },
      async (request) => {
        const { runs, resourceVersion } = await allRuns(
          ctx.store,
          route,
          request.params.namespace,
          request.params.name,
        );
        const now = Date.now();
        const ordered = runs.map((w) => summaryOf(w, now)).sort(newestFirst);
        const start = startOf(ordered, request.query.continue);
        const limit = request.query.limit ?? ordered.length;
        const items = ordered.slice(start, start + limit);
        const more = start + limit < ordered.length;
        const last = items[items.length - 1];
        return { metadata: { resourceVersion, ...(more && last ? { continue: tokenOf(last) } : {}) }, items };
      },
    );
  }
}

function tokenOf(run: RunSummary): string {
  return Buffer.from(JSON.stringify([run.runNumber ?? -1, run.creationTimestamp, run.name])).toString(
    'base64url',
  );
}

/** Where the page after `token` starts: after the run it names (or where it would sort). */
function startOf(ordered: readonly RunSummary[], token: string | undefined): number {
  if (!token) return 0;
  let position: RunSummary;
  try {
    const [runNumber, creationTimestamp, name] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    position = { runNumber: runNumber === -1 ? undefined : runNumber, creationTimestamp, name } as RunSummary;
    if (typeof creationTimestamp !== 'string' || typeof name !== 'string') throw new Error('bad token');
  } catch {
    throw invalidField('continue', `"${token}" is not a continue token of this list`);
  }
  const index = ordered.findIndex((run) => newestFirst(position, run) < 0);
  return index === -1 ? ordered.length : index;
}
