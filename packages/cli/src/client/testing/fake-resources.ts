/** The fake argo-server's WorkflowTemplate and CronWorkflow endpoints, and weft's `runs` extension. */
import type { FastifyRequest } from 'fastify';
import type { FakeArgoServer } from './fake-argo-server.js';
import { page } from './fake-argo-server.js';

type Params = { ns: string; name: string };
type Stored = { metadata: { name: string; namespace?: string; [k: string]: unknown }; [k: string]: unknown };

const kinds = [
  { kind: 'WorkflowTemplate', base: '/api/v1/workflow-templates/:ns', field: 'template' },
  { kind: 'CronWorkflow', base: '/api/v1/cron-workflows/:ns', field: 'cronWorkflow' },
] as const;

export function registerResourceRoutes(fake: FakeArgoServer): void {
  const app = fake.app;
  for (const { kind, base, field } of kinds) {
    const key = (ns: string, name: string) => `${kind}/${ns}/${name}`;
    app.post(base, async (req: FastifyRequest<{ Params: Params }>, reply) => {
      const object = (req.body as Record<string, Stored>)[field] as Stored;
      if (fake.resources.has(key(req.params.ns, object.metadata.name)))
        return reply.code(409).send({ code: 6, message: `${kind} "${object.metadata.name}" already exists` });
      const metadata = {
        ...object.metadata,
        namespace: req.params.ns,
        creationTimestamp: new Date().toISOString(),
      };
      const stored = { ...object, metadata };
      fake.resources.set(key(req.params.ns, object.metadata.name), stored);
      return stored;
    });
    app.post(`${base}/lint`, async (req: FastifyRequest<{ Params: Params }>, reply) => {
      const object = (req.body as Record<string, Stored>)[field] as Stored;
      if (!(object as { spec?: { entrypoint?: string } }).spec?.entrypoint)
        return reply.code(400).send({ code: 3, message: 'spec.entrypoint: is required' });
      return object;
    });
    app.get(base, async (req: FastifyRequest<{ Params: Params }>) => {
      const items = [...fake.resources.entries()]
        .filter(([k]) => k.startsWith(`${kind}/${req.params.ns}/`))
        .map(([, v]) => v);
      return page(items, req.query as Record<string, string>);
    });
    app.get(`${base}/:name`, async (req: FastifyRequest<{ Params: Params }>, reply) => {
      return (
        fake.resources.get(key(req.params.ns, req.params.name)) ?? fake.notFound(reply, kind, req.params.name)
      );
    });
    app.delete(`${base}/:name`, async (req: FastifyRequest<{ Params: Params }>, reply) => {
      if (!fake.resources.delete(key(req.params.ns, req.params.name)))
        return fake.notFound(reply, kind, req.params.name);
      return {};
    });
  }
  app.put(
    '/api/v1/cron-workflows/:ns/:name/:action',
    async (req: FastifyRequest<{ Params: Params & { action: string } }>, reply) => {
      const cron = fake.resources.get(`CronWorkflow/${req.params.ns}/${req.params.name}`) as
        | Stored
        | undefined;
      if (!cron) return fake.notFound(reply, 'CronWorkflow', req.params.name);
      (cron.spec as Record<string, unknown>).suspend = req.params.action === 'suspend';
      return cron;
    },
  );
  // weft's runs: summaries, newest first, paged with `limit` and `continue` (an offset here).
  app.get('/api/v1/workflow-templates/:ns/:name/runs', async (req: FastifyRequest<{ Params: Params }>) => {
    const runs = [...fake.workflows.values()]
      .filter((wf) => wf.metadata.labels?.['workflows.argoproj.io/workflow-template'] === req.params.name)
      .map((wf, i) => ({
        name: wf.metadata.name,
        runNumber: i + 1,
        phase: wf.status?.phase ?? 'Pending',
        startedAt: wf.status?.startedAt,
        finishedAt: wf.status?.finishedAt,
      }))
      .reverse();
    const query = req.query as Record<string, string>;
    return page(runs, {
      'listOptions.limit': query.limit ?? '',
      'listOptions.continue': query.continue ?? '',
    });
  });
}
