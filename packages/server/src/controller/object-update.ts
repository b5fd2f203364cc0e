/**
 * The controller's changes to a stored Workflow's metadata, spec or status. They are
 * unconditional (no resourceVersion precondition): the controller owns these fields, and a
 * concurrent edit of the object (e.g. a label set through the API) must not make them fail.
 */
import type { Store, StoredObject } from '@weft/engine';

export interface ObjectChange {
  readonly labels?: Readonly<Record<string, string>>;
  readonly spec?: Readonly<Record<string, unknown>>;
  readonly status?: Readonly<Record<string, unknown>>;
}

export function updateWorkflowObject(
  store: Store,
  object: StoredObject,
  change: ObjectChange,
): Promise<StoredObject> {
  return store.update({
    ...object,
    ...(change.spec ? { spec: change.spec } : {}),
    ...(change.status ? { status: change.status } : {}),
    metadata: {
      ...object.metadata,
      ...(change.labels ? { labels: { ...change.labels } } : {}),
      resourceVersion: undefined,
    },
  });
}
