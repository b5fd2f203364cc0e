import type { ObjectKey, Store } from '@weft/engine';
import { ApiError, GrpcCode, notFound } from '../errors/api-error.js';

export interface DeleteQuery {
  readonly 'deleteOptions.preconditions.uid'?: string;
  readonly 'deleteOptions.preconditions.resourceVersion'?: string;
}

/** Kubernetes' delete preconditions for deletes the controller carries out: checked against the stored object. */
export async function checkDeletePreconditions(
  store: Store,
  key: ObjectKey,
  query: DeleteQuery,
): Promise<void> {
  const uid = query['deleteOptions.preconditions.uid'];
  const resourceVersion = query['deleteOptions.preconditions.resourceVersion'];
  const stored = await store.get(key);
  if (!stored) throw notFound(`${key.kind} "${key.name}" not found in namespace "${key.namespace}"`);
  if (uid && stored.metadata.uid !== uid)
    throw new ApiError(
      GrpcCode.AlreadyExists,
      `${key.kind} "${key.name}": precondition failed: uid ${uid} is not ${stored.metadata.uid}`,
    );
  if (resourceVersion && stored.metadata.resourceVersion !== resourceVersion)
    throw new ApiError(
      GrpcCode.AlreadyExists,
      `${key.kind} "${key.name}": precondition failed: resourceVersion ${resourceVersion} is not ${stored.metadata.resourceVersion}`,
    );
}

/** The same preconditions as the store takes them. */
export function preconditionsOf(query: DeleteQuery): { uid?: string; resourceVersion?: string } {
  return {
    uid: query['deleteOptions.preconditions.uid'] || undefined,
    resourceVersion: query['deleteOptions.preconditions.resourceVersion'] || undefined,
  };
}
