import type { NodePhase, NodeStatus, NodeType } from '@weft/core';
import type { ObjectInput, Store, StoreContext } from './types.js';

/** What a backend gives the shared suite: fresh locations, opening, and a newer-schema database. */
export interface StoreSuiteBackend {
  /** A fresh, empty location (a file path, a database URL). */
  newLocation(): Promise<string>;
  open(location: string, context: StoreContext): Promise<Store>;
  /** Makes the store at `location` look written by a newer weft; returns the versions involved. */
  markNewerSchema(location: string): Promise<{ readonly found: number; readonly supported: number }>;
}

let contexts = 0;

/** A clock that advances one second per read and ids that say where they came from. */
export function testContext(start = Date.UTC(2025, 0, 2, 3, 4, 5)): StoreContext & { uids: string[] } {
  const context = ++contexts;
  let ticks = 0;
  let ids = 0;
  const uids: string[] = [];
  return {
    uids,
    now: () => new Date(start + 1000 * ticks++),
    newUid: () => uids.shift() ?? `uid-${context}-${ids++}-${Math.random().toString(36).slice(2, 8)}`,
    nameSuffix: () => `x${ids++}`,
  };
}

export interface ObjectOptions {
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  readonly status?: Record<string, unknown>;
}

export function workflow(name: string, options: ObjectOptions = {}): ObjectInput {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: {
      name,
      ...(options.namespace ? { namespace: options.namespace } : {}),
      ...(options.labels ? { labels: options.labels } : {}),
    },
    spec: { entrypoint: 'main', templates: [{ name: 'main', container: { image: 'alpine' } }] },
    ...(options.status ? { status: options.status } : {}),
  };
}

export function configMap(name: string, options: ObjectOptions = {}): ObjectInput {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: options.namespace, labels: options.labels },
    data: { key: name },
  };
}

export function node(id: string, phase: NodePhase = 'Running', type: NodeType = 'Pod'): NodeStatus {
  return { id, name: `wf.${id}`, displayName: id, type, phase, templateName: 'main' };
}

/** Nodes `n00000`, `n00001`, … in id order. */
export function nodes(count: number, phase: NodePhase = 'Running'): NodeStatus[] {
  return Array.from({ length: count }, (_, index) => node(`n${String(index).padStart(5, '0')}`, phase));
}

export function names(items: readonly { metadata: { name: string } }[]): string[] {
  return items.map((item) => item.metadata.name);
}

/** Median milliseconds of `rounds` runs of `body`. */
export async function medianMillis(rounds: number, body: (round: number) => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    await body(round);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
