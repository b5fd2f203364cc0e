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
import { connectRunner, createHostRuntime, FileMemoCache, openStore, type Store } from '@weft/engine';
import type { FastifyInstance } from 'fastify';
import { buildApi } from './api/index.js';
import { Controller } from './controller/controller.js';
import { type DurableRuntime, StepHost } from './controller/step-host.js';
import { CronController, nextRunTimesOf } from './cron/index.js';
import { Janitor } from './janitor.js';
import { createServerMetrics, type ServerMetrics } from './metrics/server-metrics.js';
import type { ServerOptions } from './options.js';
import { runnerDirOf, sqlitePathOf } from './paths.js';
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
  log: (line: string) => void = (line) => process.stderr.write(`weft server: ${line}\n`),
): Promise<RunningServer> {
  mkdirSync(options.dataDir, { recursive: true });
  const events = new ObjectEvents();
  const store = new WatchedStore(await openStore(options.database ?? sqlitePathOf(options.dataDir)), events);
  const metrics = createServerMetrics();
  const volumesDir = join(options.dataDir, 'volumes');
  const steps = await StepHost.create(async (onExit, onStart): Promise<DurableRuntime> => {
    if (options.inProcessSteps) return createHostRuntime({ onExit, onStart, volumesDir });
    return connectRunner({ dir: runnerDirOf(options.dataDir), onExit, onStart, volumesDir });
  });
  const controller = new Controller({
    store,
    steps,
    dataDir: options.dataDir,
    memoCache: new FileMemoCache(join(options.dataDir, 'memo')),
    log,
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
  const app: FastifyInstance = await buildApi({
    store,
    events,
    controller,
    dataDir: options.dataDir,
    version: packageVersion(),
    metrics,
    nextCronRuns: (object) => nextRunTimesOf(object as { spec?: unknown }, new Date(), 5),
  });
  const address = await app.listen({ port: options.port, host: options.host });
  const url = address.replace('[::1]', 'localhost');
  log(`listening on ${url} (data ${options.dataDir}, steps isolated by ${steps.isolation})`);
  if (options.host !== '127.0.0.1' && options.host !== 'localhost' && options.host !== '::1')
    log(`warning: listening on ${options.host} without authentication`);
  return {
    url,
    controller,
    store,
    events,
    metrics,
    async close(closeOptions = {}) {
      cron.stop();
      janitor.stop();
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
