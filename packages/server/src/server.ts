/**
 * `weft server`: the store, the step runner, the durable controller, the cron scheduler and the
 * REST API, wired together.
 *
 *   store (SQLite | Postgres) ─► WatchedStore ─► ObjectEvents ─► API watch streams, cron, metrics
 *   StepHost ─► step runner process (<data>/runner; steps outlive a restart of the server)
 *   Controller: recover() unfinished workflows, then serve; CronController; Janitor (TTL, retention)
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileMemoCache, openStore, type StepResult, type Store, withSecrets } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import { buildApi } from './api/index.js';
import { ensureAdminToken } from './auth/bootstrap.js';
import { registerSsoRoutes } from './auth/sso/routes.js';
import { SsoService } from './auth/sso/sso-service.js';
import { TokenService } from './auth/tokens.js';
import { Controller } from './controller/controller.js';
import { type DurableRuntime, StepHost } from './controller/step-host.js';
import { templateReferencingFrom } from './controller/template-referencing.js';
import { CronController, nextRunTimesOf } from './cron/index.js';
import { Janitor } from './janitor.js';
import { createServerMetrics, type ServerMetrics } from './metrics/server-metrics.js';
import { ObjectCache } from './object-cache.js';
import type { ServerOptions } from './options.js';
import { sqlitePathOf } from './paths.js';
import { setUpSecrets } from './secrets/set-up-secrets.js';
import { createStepRuntime } from './step-runtime.js';
import { registerUi } from './ui/register-ui.js';
import { ObjectEvents } from './watch/object-events.js';
import { WatchedStore } from './watch/watched-store.js';

export interface RunningServer {
  readonly url: string;
  readonly controller: Controller;
  readonly store: Store;
  /** Every committed change to a stored object. */
  readonly events: ObjectEvents;
  readonly metrics: ServerMetrics;
  /** Stops serving; steps keep running in the step runner unless `shutdownSteps`. */
  close(options?: { shutdownSteps?: boolean }): Promise<void>;
}

export async function startServer(
  options: ServerOptions,
  rawLog: (line: string) => void = (line) => process.stderr.write(`weft server: ${line}\n`),
): Promise<RunningServer> {
  mkdirSync(options.dataDir, { recursive: true });
  // Single sign-on's settings are checked (client secret readable) before anything starts.
  const sso =
    options.sso && options.authMode === 'sso' ? new SsoService(options.sso, options.dataDir) : undefined;
  if (options.authMode === 'sso' && !sso) throw new Error('--auth-mode sso needs the --sso-* settings');
  const events = new ObjectEvents();
  const store = new WatchedStore(await openStore(options.database ?? sqlitePathOf(options.dataDir)), events);
  const secrets = await setUpSecrets({ store, events, dataDir: options.dataDir, log: rawLog });
  const { redactor } = secrets;
  const log = (line: string) => rawLog(redactor.redact(line));
  const metrics = createServerMetrics();
  const objects = await ObjectCache.load(store, events);
  const steps = await StepHost.create(async (onStepExit, onStart): Promise<DurableRuntime> => {
    // What a step reports is redacted again here: a step that exited before a restart, or printed
    // a value of a Secret it was not given, is covered too.
    const onExit = (result: StepResult) => onStepExit(redactor.redactDeep(result));
    const source = (namespace: string, names: readonly string[]) => secrets.vault.data(namespace, names);
    // ConfigMaps for configMapKeyRef and envFrom come along with each step's request.
    const configMaps = (namespace: string, name: string) => objects.data('ConfigMap', namespace, name);
    return withSecrets(await createStepRuntime(options, objects, onExit, onStart), source, log, configMaps);
  });
  const controller = new Controller({
    store,
    steps,
    dataDir: options.dataDir,
    memoCache: new FileMemoCache(join(options.dataDir, 'memo')),
    log,
    openSecrets: (namespace, names) => secrets.vault.data(namespace, names),
    ...(options.templateReferencing
      ? { templateReferencing: templateReferencingFrom(options.templateReferencing) }
      : {}),
    hooks: {
      stepStarting: () => metrics.stepStarted(),
      stepFinished: (phase, seconds) => metrics.stepFinished(phase, seconds),
      queueDepth: (depth) => metrics.setQueueDepth(depth),
      workflowFinished: (workflow, seconds) =>
        metrics.observeSubmitToDone(workflow.status?.phase ?? '', seconds),
    },
  });
  const recovered = await controller.recover();
  if (recovered > 0) log(`going on with ${recovered} unfinished workflow(s)`);
  const cron = new CronController({ store, events, controller, log });
  await cron.start();
  const janitor = new Janitor({ store, events, controller, retentionMs: options.retentionMs, log });
  await janitor.start();
  const authMode = options.authMode ?? 'server';
  const tokens = new TokenService(store);
  if (authMode !== 'server') {
    const admin = await ensureAdminToken(tokens, options.dataDir);
    log(`${admin.created ? 'wrote an admin token to' : 'the admin token is in'} ${admin.path} (mode 0600)`);
  }
  const app: FastifyInstance = await buildApi({
    auth: { mode: authMode, tokens, ...(sso ? { sessions: sso } : {}) },
    tokens,
    secrets: { vault: secrets.vault, ...(secrets.rotateKey ? { rotateKey: secrets.rotateKey } : {}) },
    redact: redactor.redact,
    store,
    events,
    controller,
    dataDir: options.dataDir,
    version: packageVersion(),
    metrics,
    nextCronRuns: (object) => nextRunTimesOf(object as { spec?: unknown }, new Date(), 5),
    // The web UI at `/` (packages/ui/dist), with deep links served its index.html.
    beforeReady: (api) => {
      registerSsoRoutes(api, sso);
      return registerUi(api);
    },
  });
  const address = await app.listen({ port: options.port, host: options.host });
  const url = address.replace('[::1]', 'localhost');
  log(`listening on ${url} (data ${options.dataDir}, steps isolated by ${steps.isolation})`);
  if (options.sso && sso) log(`single sign-on through ${options.sso.issuer}: sign in at ${url}/oauth2/login`);
  if (authMode === 'server')
    log(
      `warning: --auth-mode server: no authentication; anyone who can reach ${url} on this machine can use the API (use --auth-mode client for tokens)`,
    );
  return {
    url,
    controller,
    store,
    events,
    metrics,
    async close(closeOptions = {}) {
      cron.stop();
      janitor.stop();
      secrets.stop();
      await app.close();
      await controller.close();
      if (closeOptions.shutdownSteps) await steps.shutdown();
      else await steps.close();
      await store.close();
    },
  };
}

function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: string;
  };
  return manifest.version ?? 'unknown';
}
