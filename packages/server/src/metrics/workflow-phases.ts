import type { Store, StoredObject } from '@weft/engine';
import type { ObjectEvents } from '../watch/object-events.js';
import type { ServerMetrics } from './server-metrics.js';

/**
 * Keeps the `weft_workflows{phase}` gauge from the events hub: starts listening, then counts the
 * stored workflows (a change seen while counting wins over the listed, older copy). Returns the
 * function that stops listening.
 */
export async function trackWorkflowPhases(
  store: Store,
  events: ObjectEvents,
  metrics: ServerMetrics,
): Promise<() => void> {
  // Versions seen, so an older listed copy cannot undo a newer change; deleted ones are
  // remembered only while listing.
  const versions = new Map<string, number>();
  let listing = true;
  const apply = (object: StoredObject, deleted: boolean): void => {
    const uid = object.metadata.uid;
    const version = Number(object.metadata.resourceVersion);
    if ((versions.get(uid) ?? -1) > version) return;
    if (deleted && !listing) versions.delete(uid);
    else versions.set(uid, version);
    metrics.setWorkflowPhase(uid, deleted ? undefined : phaseOf(object));
  };
  const unsubscribe = events.subscribe((event) => {
    if (event.kind === 'Workflow') apply(event.object, event.type === 'DELETED');
  });
  let token: string | undefined;
  do {
    const page = await store.list('Workflow', { limit: 500, continue: token });
    for (const object of page.items) apply(object, false);
    token = page.continue;
  } while (token);
  listing = false;
  return unsubscribe;
}

function phaseOf(object: StoredObject): string {
  const status = object.status as { phase?: unknown } | undefined;
  return typeof status?.phase === 'string' ? status.phase : 'Pending';
}
