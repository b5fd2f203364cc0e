/**
 * A small stand-in for argo-server in the client's tests: Fastify on port 0 with the endpoints the
 * client uses, argo's paths, bodies, error shape (`{code, message}`) and streams (SSE `data:` lines).
 * Workflows change only when a test says so (`update`), and every request is recorded.
 */
import type { Workflow } from '@weft/core';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { registerResourceRoutes } from './fake-resources.js';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}

export interface FakeLogLine {
  readonly podName: string;
  readonly content: string;
}

const PHASE_LABEL = 'workflows.argoproj.io/phase';

type Watcher = {
  readonly namespace: string;
  readonly name: string;
  readonly reply: FastifyReply;
  sent: number;
};

export class FakeArgoServer {
  readonly app: FastifyInstance = Fastify({ forceCloseConnections: true });
  readonly requests: RecordedRequest[] = [];
  readonly workflows = new Map<string, Workflow>();
  readonly resources = new Map<string, Record<string, unknown>>();
  logLines: FakeLogLine[] = [];
  /** Called after a workflow is created (by create, submit, resubmit): tests script its run here. */
  onCreate: (workflow: Workflow) => unknown = () => {};
  /** Close each watch stream after this many events (to test reconnects); Infinity keeps them open. */
  dropWatchAfter = Number.POSITIVE_INFINITY;
  /** Answer every request with this error instead (status and argo's JSON body). */
  failWith: { status: number; code: number; message: string } | undefined;
  url = '';
  #version = 100;
  #watchers = new Set<Watcher>();

  async start(): Promise<this> {
    this.app.addHook('onRequest', async (request, reply) => {
      const { method, url, query, headers } = request;
      this.requests.push({ method, url, query: query as Record<string, string>, headers, body: undefined });
      if (this.failWith) {
        const { status, code, message } = this.failWith;
        return reply.code(status).send({ code, message });
      }
    });
    this.app.addHook('preHandler', async (request) => {
      const last = this.requests.at(-1);
      if (last && last.url === request.url) Object.assign(last, { body: request.body });
    });
    this.#routes();
    registerResourceRoutes(this);
    this.url = await this.app.listen({ port: 0, host: '127.0.0.1' });
    return this;
  }

  close(): Promise<void> {
    return this.app.close();
  }

  nextVersion(): string {
    this.#version += 1;
    return String(this.#version);
  }

  /** Stores a workflow as the API server would on create, and tells onCreate. */
  create(namespace: string, workflow: Workflow): Workflow {
    const { generateName, name } = workflow.metadata ?? {};
    const metadata = {
      ...workflow.metadata,
      name: name || `${generateName ?? 'wf-'}${this.workflows.size + 1}x`,
      namespace,
      creationTimestamp: new Date().toISOString(),
      resourceVersion: this.nextVersion(),
    };
    const stored = { ...workflow, metadata, status: { phase: 'Pending' as const } } as Workflow;
    this.workflows.set(`${namespace}/${metadata.name}`, stored);
    queueMicrotask(() => this.onCreate(stored));
    return stored;
  }

  /** Changes a workflow's status (a new resourceVersion) and sends it to its watchers. */
  update(namespace: string, name: string, status: Workflow['status']): Workflow {
    const current = this.workflows.get(`${namespace}/${name}`);
    if (!current) throw new Error(`fake: no workflow ${namespace}/${name}`);
    // As argo's controller, the phase is also a label (what `argo list --status` selects on).
    const labels = { ...current.metadata.labels, ...(status?.phase ? { [PHASE_LABEL]: status.phase } : {}) };
    const next = {
      ...current,
      metadata: { ...current.metadata, labels, resourceVersion: this.nextVersion() },
      status,
    };
    this.workflows.set(`${namespace}/${name}`, next);
    for (const watcher of this.#watchers) {
      if (watcher.namespace !== namespace || watcher.name !== name) continue;
      sendEvent(watcher.reply, { type: 'MODIFIED', object: next });
      watcher.sent += 1;
      if (watcher.sent >= this.dropWatchAfter) this.#drop(watcher);
    }
    return next;
  }

  get watcherCount(): number {
    return this.#watchers.size;
  }

  notFound(reply: FastifyReply, what: string, name: string) {
    return reply.code(404).send({ code: 5, message: `${what} "${name}" not found` });
  }

  #drop(watcher: Watcher): void {
    this.#watchers.delete(watcher);
    watcher.reply.raw.end();
  }

  #routes(): void {
    type Params = { ns: string; name: string; action: string };
    const app = this.app;
    app.post('/api/v1/workflows/:ns', async (req: FastifyRequest<{ Params: Params }>) => {
      const { workflow } = req.body as { workflow: Workflow };
      return this.create(req.params.ns, workflow);
    });
    app.get('/api/v1/workflows/:ns', async (req: FastifyRequest<{ Params: Params }>) => {
      const query = req.query as Record<string, string>;
      const selector = query['listOptions.labelSelector'] ?? '';
      const items = [...this.workflows.values()].filter(
        (wf) => wf.metadata.namespace === req.params.ns && matches(selector, wf.metadata.labels ?? {}),
      );
      return page(items, query);
    });
    app.get('/api/v1/workflows/:ns/:name', async (req: FastifyRequest<{ Params: Params }>, reply) => {
      const wf = this.workflows.get(`${req.params.ns}/${req.params.name}`);
      return wf ?? this.notFound(reply, 'workflows.argoproj.io', req.params.name);
    });
    app.delete('/api/v1/workflows/:ns/:name', async (req: FastifyRequest<{ Params: Params }>, reply) => {
      if (!this.workflows.delete(`${req.params.ns}/${req.params.name}`))
        return this.notFound(reply, 'workflows.argoproj.io', req.params.name);
      return {};
    });
    app.put('/api/v1/workflows/:ns/:name/:action', async (req: FastifyRequest<{ Params: Params }>, reply) => {
      const { ns, name, action } = req.params;
      const wf = this.workflows.get(`${ns}/${name}`);
      if (!wf) return this.notFound(reply, 'workflows.argoproj.io', name);
      if (action === 'resubmit') return this.create(ns, { ...wf, metadata: { generateName: `${name}-` } });
      if (action === 'retry') return this.update(ns, name, { phase: 'Running' });
      return wf;
    });
    app.post('/api/v1/workflows/:ns/submit', async (req: FastifyRequest<{ Params: Params }>, reply) => {
      const body = req.body as { resourceKind: string; resourceName: string; submitOptions?: object };
      const template = this.resources.get(`${body.resourceKind}/${req.params.ns}/${body.resourceName}`);
      if (!template) return this.notFound(reply, 'workflowtemplates.argoproj.io', body.resourceName);
      const labels = { 'workflows.argoproj.io/workflow-template': body.resourceName };
      const spec = { workflowTemplateRef: { name: body.resourceName } };
      const workflow = {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Workflow',
        metadata: { generateName: `${body.resourceName}-`, labels },
        spec,
      };
      return this.create(req.params.ns, workflow as unknown as Workflow);
    });
    app.get('/api/v1/workflow-events/:ns', (req: FastifyRequest<{ Params: Params }>, reply) => {
      const selector = (req.query as Record<string, string>)['listOptions.fieldSelector'] ?? '';
      const name = selector.replace(/^metadata\.name=/, '');
      reply.hijack();
      reply.raw.writeHead(200, { 'Content-Type': 'text/event-stream' });
      reply.raw.flushHeaders();
      const watcher: Watcher = { namespace: req.params.ns, name, reply, sent: 0 };
      this.#watchers.add(watcher);
      reply.raw.on('close', () => this.#watchers.delete(watcher));
    });
    app.get('/api/v1/workflows/:ns/:name/log', (req: FastifyRequest<{ Params: Params }>, reply) => {
      if (!this.workflows.has(`${req.params.ns}/${req.params.name}`))
        return this.notFound(reply, 'workflows.argoproj.io', req.params.name);
      reply.hijack();
      reply.raw.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const pod = (req.query as Record<string, string>).podName;
      for (const line of this.logLines) if (!pod || line.podName === pod) sendEvent(reply, line);
      reply.raw.end();
    });
  }
}

function sendEvent(reply: FastifyReply, result: unknown): void {
  reply.raw.write(`data: ${JSON.stringify({ result })}\n\n`);
}

/** `a=b` and `a in (x,y)` clauses, the two kinds the client sends. */
function matches(selector: string, labels: Record<string, string>): boolean {
  const clauses = selector.match(/[^,(]+\([^)]*\)|[^,]+/g) ?? [];
  return clauses.every((clause) => {
    const set = /^\s*(\S+)\s+in\s+\(([^)]*)\)\s*$/.exec(clause);
    if (set) return set[2]?.split(',').includes(labels[set[1] ?? ''] ?? '\0') ?? false;
    const [key, value] = clause.split('=');
    return labels[key ?? ''] === value;
  });
}

/** Keyset-free paging good enough for tests: `continue` is the offset. */
export function page<T>(items: readonly T[], query: Record<string, string>) {
  const offset = Number(query['listOptions.continue'] ?? 0);
  const limit = Number(query['listOptions.limit'] ?? 0) || items.length;
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? String(offset + limit) : undefined;
  return { metadata: next ? { continue: next } : {}, items: slice.length > 0 ? slice : null };
}
