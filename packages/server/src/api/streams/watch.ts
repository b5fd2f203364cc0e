/**
 * A Kubernetes-style watch over one kind, as argo-server's `/api/v1/workflow-events/{ns}`:
 *
 *   subscribe to the hub ─► no resourceVersion: list the current objects, send each as ADDED
 *                        └► resourceVersion N: send the remembered changes after N (WatchHistory)
 *                        ─► then every change as it is committed, until the client goes away
 *
 * Changes that arrive while listing wait in the queue; a change no newer than what the client
 * already has is dropped. An object that stops matching the selector is sent as DELETED, one that
 * starts matching as ADDED (as Kubernetes' watch cache does).
 */
import type { Store, StoredKind, StoredObject } from '@weft/engine';
import type { ObjectEvent, ObjectEvents } from '../../watch/object-events.js';
import { ApiError, GrpcCode } from '../errors/api-error.js';
import { listFiltered } from '../query/filtered-list.js';
import type { ObjectSelector } from '../query/selectors.js';
import { EventQueue, type WatchEvent } from './event-queue.js';
import type { ResultStream } from './result-stream.js';
import type { WatchHistory } from './watch-history.js';

export interface WatchRequest {
  readonly kind: StoredKind;
  /** undefined: all namespaces. */
  readonly namespace?: string;
  readonly selector: ObjectSelector;
  /** `listOptions.resourceVersion`: resume after it; absent or "0": start with the current objects. */
  readonly resourceVersion?: string;
  /** Least time between two events of one object (a burst of changes is sent once, latest state). */
  readonly minIntervalMs?: number;
  /** The object as the client gets it (e.g. with nodes, through the field mask). */
  readonly render: (object: StoredObject, type: WatchEvent['type']) => Promise<unknown>;
}

export interface WatchSources {
  readonly store: Store;
  readonly events: ObjectEvents;
  readonly history: WatchHistory;
}

/** Parses `listOptions.resourceVersion`; InvalidArgument unless it is a version this store issued. */
export function resumeVersionOf(value: string | undefined): number | undefined {
  if (value === undefined || value === '' || value === '0') return undefined;
  if (!/^\d+$/.test(value))
    throw new ApiError(
      GrpcCode.InvalidArgument,
      `listOptions.resourceVersion: "${value}" is not a resource version`,
    );
  return Number(value);
}

function keyOf(object: StoredObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

/** The changes a resuming watch missed; "too old" (InvalidArgument, as argo-server maps Gone) when forgotten. */
export function missedChanges(history: WatchHistory, version: number): ObjectEvent[] {
  const missed = history.since(version);
  if (!missed) {
    throw new ApiError(
      GrpcCode.InvalidArgument,
      `too old resource version: ${version} (${history.oldestResumable}); list again and watch from the list's resourceVersion`,
    );
  }
  return missed;
}

export async function runWatch(
  sources: WatchSources,
  request: WatchRequest,
  stream: ResultStream,
): Promise<void> {
  const queue = new EventQueue();
  const sentVersion = new Map<string, number>();
  const inScope = (o: StoredObject) =>
    request.namespace === undefined || (o.metadata.namespace ?? '') === request.namespace;
  const accept = (event: ObjectEvent): void => {
    if (event.kind !== request.kind || !inScope(event.object)) return;
    const key = keyOf(event.object);
    const known = sentVersion.has(key);
    if (!request.selector.matchesAll(event.object)) {
      if (known && event.type !== 'DELETED') queue.push({ type: 'DELETED', object: event.object });
      return;
    }
    const type = event.type === 'MODIFIED' && !known ? 'ADDED' : event.type;
    queue.push({ type, object: event.object });
  };
  const unsubscribe = sources.events.subscribe(accept);
  try {
    const resume = resumeVersionOf(request.resourceVersion);
    if (resume === undefined) await sendCurrent(sources.store, request, stream, sentVersion);
    else
      for (const event of missedChanges(sources.history, resume))
        replay(event, request.selector, accept, sentVersion);
    for (;;) {
      const event = await queue.next(stream.signal);
      if (!event) return;
      const key = keyOf(event.object);
      const version = Number(event.object.metadata.resourceVersion);
      if (event.type !== 'DELETED' && (sentVersion.get(key) ?? -1) >= version) continue;
      if (event.type === 'DELETED') sentVersion.delete(key);
      else sentVersion.set(key, version);
      await stream.send({ type: event.type, object: await request.render(event.object, event.type) });
      if (request.minIntervalMs) queue.hold(event.object, Date.now() + request.minIntervalMs);
    }
  } finally {
    unsubscribe();
  }
}

/**
 * A remembered change. A change of an object that existed before is a change of one the client
 * has (MODIFIED stays MODIFIED). Known limit: an object that stopped matching the selector while
 * the client was away is not reported as DELETED (whether it matched before is not remembered).
 */
function replay(
  event: ObjectEvent,
  selector: ObjectSelector,
  accept: (event: ObjectEvent) => void,
  sent: Map<string, number>,
): void {
  if (event.type !== 'ADDED' && selector.matchesAll(event.object)) sent.set(keyOf(event.object), -1);
  accept(event);
}

async function sendCurrent(
  store: Store,
  request: WatchRequest,
  stream: ResultStream,
  sentVersion: Map<string, number>,
): Promise<void> {
  let token: string | undefined;
  do {
    const page = await listFiltered(store, request.kind, {
      namespace: request.namespace,
      selector: request.selector,
      limit: 500,
      continue: token,
    });
    for (const object of page.items) {
      if (stream.closed) return;
      sentVersion.set(keyOf(object), Number(object.metadata.resourceVersion));
      await stream.send({ type: 'ADDED', object: await request.render(object, 'ADDED') });
    }
    token = page.continue;
  } while (token);
}
