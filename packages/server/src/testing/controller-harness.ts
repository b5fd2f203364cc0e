/** A real controller on a temp SQLite store with the host runtime, for tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Workflow } from '@weft/core';
import { createHostRuntime, FileMemoCache, openStore, type Store } from '@weft/engine';
import { Controller, type ControllerDeps } from '../controller/controller.js';
import { StepHost } from '../controller/step-host.js';
import { ObjectEvents } from '../watch/object-events.js';
import { WatchedStore } from '../watch/watched-store.js';

export interface ControllerHarness {
  readonly controller: Controller;
  readonly store: Store;
  readonly events: ObjectEvents;
  readonly dataDir: string;
  readonly storeLocation: string;
  /** Resolves with the workflow once it has finished (completed label set). */
  finished(namespace: string, name: string, timeoutMs?: number): Promise<Workflow>;
  close(): Promise<void>;
}

/**
 * `storeLocation`: a postgres:// URL, or (default) SQLite in the data directory. Opening the same
 * data directory and location again is a restart of the server. `extra`: optional controller deps.
 */
export async function startControllerHarness(
  dataDir = mkdtempSync(join(tmpdir(), 'weft-ctl-')),
  storeLocation = join(dataDir, 'weft.db'),
  extra: Pick<ControllerDeps, 'templateReferencing'> = {},
): Promise<ControllerHarness> {
  const events = new ObjectEvents();
  const store = new WatchedStore(await openStore(storeLocation), events);
  const steps = await StepHost.create((onExit, onStart) =>
    createHostRuntime({ onExit, onStart, volumesDir: join(dataDir, 'volumes') }),
  );
  const lines: string[] = [];
  const controller = new Controller({
    store,
    steps,
    dataDir,
    memoCache: new FileMemoCache(join(dataDir, 'memo')),
    log: (line) => lines.push(line),
    ...extra,
  });
  await controller.recover();
  return {
    controller,
    store,
    events,
    dataDir,
    storeLocation,
    finished: (namespace, name, timeoutMs = 20_000) =>
      waitFinished(controller, events, namespace, name, timeoutMs),
    async close() {
      await controller.close();
      await steps.close();
      await store.close();
    },
  };
}

async function waitFinished(
  controller: Controller,
  events: ObjectEvents,
  namespace: string,
  name: string,
  timeoutMs: number,
): Promise<Workflow> {
  const done = (workflow: Workflow) =>
    workflow.metadata.labels?.['workflows.argoproj.io/completed'] === 'true';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`workflow ${name} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    const check = async () => {
      const workflow = await controller.get(namespace, name).catch(() => undefined);
      if (workflow && done(workflow)) {
        clearTimeout(timer);
        stop();
        resolve(workflow);
      }
    };
    const stop = events.subscribe((event) => {
      if (event.kind === 'Workflow' && event.object.metadata.name === name) void check();
    });
    void check();
  });
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
