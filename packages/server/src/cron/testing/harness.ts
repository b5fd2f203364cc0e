import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type StoredObject, systemStoreContext } from '@weft/engine';
import { ObjectEvents } from '../../watch/object-events.js';
import { WatchedStore } from '../../watch/watched-store.js';
import { cronWorkflowLabel } from '../argo-names.js';
import { CronController } from '../controller.js';
import { asCronWorkflow, type CronWorkflowObject, type CronWorkflowSpec } from '../types.js';
import { FakeClock } from './fake-clock.js';
import { FakeWorkflowController } from './fake-workflow-controller.js';

/** A real SQLite store on a temp file behind a WatchedStore, a fake clock and a fake WorkflowController. */
export interface CronHarness {
  readonly clock: FakeClock;
  readonly store: WatchedStore;
  readonly events: ObjectEvents;
  readonly workflows: FakeWorkflowController;
  readonly logs: string[];
  /** A CronController on this harness (not started), its timezone default UTC. */
  newController(): CronController;
  /** Advances the clock, letting `controller` finish what each timer starts. */
  advanceTo(to: string, controller: CronController): Promise<void>;
  createCron(name: string, spec: CronWorkflowSpec, namespace?: string): Promise<StoredObject>;
  updateSpec(name: string, change: Partial<CronWorkflowSpec>): Promise<void>;
  getCron(name: string): Promise<CronWorkflowObject>;
  /** Names of the CronWorkflow's runs in the store, sorted. */
  runs(name: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function openCronHarness(start: string): Promise<CronHarness> {
  const directory = mkdtempSync(join(tmpdir(), 'weft-cron-'));
  const clock = new FakeClock(start);
  const events = new ObjectEvents();
  const inner = await openSqliteStore(join(directory, 'store.db'), {
    context: { ...systemStoreContext, now: () => clock.now() },
  });
  const store = new WatchedStore(inner, events);
  const workflows = new FakeWorkflowController(store, clock);
  const logs: string[] = [];
  const getCron = async (name: string) => {
    const object = await store.get({ kind: 'CronWorkflow', namespace: 'default', name });
    if (!object) throw new Error(`no CronWorkflow ${name}`);
    return asCronWorkflow(object);
  };
  return {
    clock,
    store,
    events,
    workflows,
    logs,
    newController: () =>
      new CronController({
        store,
        events,
        controller: workflows,
        clock,
        log: (line) => logs.push(line),
        defaultTimezone: 'UTC',
      }),
    advanceTo: (to, controller) => clock.advanceTo(to, () => controller.whenIdle()),
    createCron: (name, spec, namespace = 'default') =>
      store.create({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'CronWorkflow',
        metadata: { name, namespace },
        spec: { workflowSpec: { entrypoint: 'main', templates: [{ name: 'main' }] }, ...spec },
      }),
    async updateSpec(name, change) {
      const cron = await getCron(name);
      await store.update({ ...cron, spec: { ...cron.spec, ...change } });
    },
    getCron,
    async runs(name) {
      const list = await store.list('Workflow', { labelSelector: `${cronWorkflowLabel}=${name}` });
      return list.items.map((item) => item.metadata.name).sort();
    },
    async close() {
      await store.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
