/**
 * Argo's lock keys from a `synchronization` block, with each lock's limit:
 *
 *   mutexes[].name                      → `<namespace>/Mutex/<name>`, limit 1
 *   mutexes[] with database: true       → `<namespace>/Database/<name>`, limit 1 (a local mutex in weft)
 *   semaphores[].configMapKeyRef        → `<namespace>/ConfigMap/<name>/<key>`, limit from the ConfigMap
 *   semaphores[].database               → an error: weft has no synchronization database for the limit
 *
 * The namespace is the lock's own `namespace` or the workflow's.
 */
import type { ConfigMap, Mutex, SemaphoreRef, Synchronization } from '../../spec/types.js';
import type { LockRequest } from './lock-manager.js';

export type LockRequestsResult = { readonly requests: readonly LockRequest[] } | { readonly error: string };

/** The deprecated singular `mutex`/`semaphore` and the lists, together. */
export function mutexesOf(sync: Synchronization): Mutex[] {
  return [...(sync.mutex ? [sync.mutex] : []), ...(sync.mutexes ?? [])];
}

export function semaphoresOf(sync: Synchronization): SemaphoreRef[] {
  return [...(sync.semaphore ? [sync.semaphore] : []), ...(sync.semaphores ?? [])];
}

export function hasLocks(sync: Synchronization | undefined): sync is Synchronization {
  return sync !== undefined && (mutexesOf(sync).length > 0 || semaphoresOf(sync).length > 0);
}

export function lockRequests(
  sync: Synchronization,
  workflowNamespace: string,
  configMaps: readonly ConfigMap[],
): LockRequestsResult {
  const requests: LockRequest[] = [];
  for (const mutex of mutexesOf(sync)) {
    if (!mutex.name) return { error: 'invalid mutex with an empty name' };
    const namespace = mutex.namespace || workflowNamespace;
    const kind = mutex.database ? 'Database' : 'Mutex';
    requests.push({ key: `${namespace}/${kind}/${mutex.name}`, limit: 1 });
  }
  for (const semaphore of semaphoresOf(sync)) {
    const found = semaphoreRequest(semaphore, workflowNamespace, configMaps);
    if ('error' in found) return found;
    requests.push(found);
  }
  return { requests: dedupe(requests) };
}

function semaphoreRequest(
  semaphore: SemaphoreRef,
  workflowNamespace: string,
  configMaps: readonly ConfigMap[],
): LockRequest | { error: string } {
  const namespace = semaphore.namespace || workflowNamespace;
  const ref = semaphore.configMapKeyRef;
  if (ref && semaphore.database) return { error: 'invalid semaphore with both ConfigMapKeyRef and Database' };
  if (semaphore.database) {
    return {
      error: `database semaphore ${namespace}/${semaphore.database.key}: weft has no synchronization database to read its limit from; use a configMapKeyRef semaphore`,
    };
  }
  if (!ref?.name || !ref.key)
    return { error: 'semaphore needs configMapKeyRef.name and configMapKeyRef.key' };
  const key = `${namespace}/ConfigMap/${ref.name}/${ref.key}`;
  const limit = semaphoreLimit(ref, configMaps);
  if (typeof limit === 'string') return { error: `failed to get semaphore limit for ${key}: ${limit}` };
  return { key, limit };
}

/** The limit a ConfigMap gives a semaphore, or why there is none. */
export function semaphoreLimit(
  ref: { name: string; key: string },
  configMaps: readonly ConfigMap[],
): number | string {
  const configMap = configMaps.find((c) => c.metadata?.name === ref.name);
  if (!configMap) return `ConfigMap "${ref.name}" not found`;
  const value = configMap.data?.[ref.key];
  if (value === undefined) return `ConfigMap "${ref.name}" has no key "${ref.key}"`;
  const limit = Number(String(value).trim());
  if (!Number.isInteger(limit) || limit < 1)
    return `ConfigMap "${ref.name}" key "${ref.key}" is "${value}", not a positive integer`;
  return limit;
}

function dedupe(requests: LockRequest[]): LockRequest[] {
  const seen = new Set<string>();
  return requests.filter((r) => !seen.has(r.key) && seen.add(r.key));
}
