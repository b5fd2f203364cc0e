/**
 * Follows one workflow on the server until it has finished, reconnecting when the watch drops.
 *
 *   GET the workflow ─► finished? done
 *   ┌─► watch from its resourceVersion ─► each newer event: update ─► finished? done
 *   └── stream ended or network/5xx error ─► wait (backoff) ─► GET again ─┘
 *
 * Kubernetes' list-then-watch: a server that replays changes after a resourceVersion (argo's, weft's)
 * misses nothing; reading the workflow again before each reconnect covers one that cannot.
 */
import type { Workflow } from '@weft/core';
import type { ArgoApi, WatchEvent } from './api.js';
import { ServerError, ServerUnreachableError } from './errors.js';

export interface FollowOptions {
  /** Called with every newer state of the workflow, the first one included. */
  readonly onUpdate?: (workflow: Workflow) => void;
  /** Called before each reconnect with why the previous watch ended. */
  readonly onReconnect?: (reason: string) => void;
  readonly signal?: AbortSignal;
  /** Delay before the n-th consecutive reconnect (default 200 ms doubling to 5 s). */
  readonly backoffMs?: (attempt: number) => number;
  /** Consecutive failed reconnects before giving up (default 10). */
  readonly maxAttempts?: number;
}

const finalPhases = new Set(['Succeeded', 'Failed', 'Error']);

/** Whether the workflow has finished (argo's test: `finishedAt` is set), or has a final phase. */
export function isFinished(workflow: Workflow): boolean {
  return Boolean(workflow.status?.finishedAt) || finalPhases.has(workflow.status?.phase ?? '');
}

/** Resolves with the finished workflow. Server errors (404 after deletion, 401) end the follow at once. */
export async function followWorkflow(
  api: ArgoApi,
  namespace: string,
  name: string,
  options: FollowOptions = {},
): Promise<Workflow> {
  const backoff = options.backoffMs ?? ((n) => Math.min(5000, 200 * 2 ** (n - 1)));
  const maxAttempts = options.maxAttempts ?? 10;
  let latest: Workflow | undefined;
  let failures = 0;
  const accept = (workflow: Workflow) => {
    if (latest && isOlder(workflow, latest)) return;
    latest = workflow;
    options.onUpdate?.(workflow);
  };
  let reconnecting = false;
  for (;;) {
    // Aborted when this connection is done with, so an unread stream never lingers.
    const connection = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, connection.signal]) : connection.signal;
    try {
      if (!latest || reconnecting) accept(await api.getWorkflow(namespace, name, options.signal));
      if (latest && isFinished(latest)) return latest;
      const resourceVersion = latest?.metadata?.resourceVersion;
      const events = await api.watchWorkflow(namespace, name, resourceVersion, signal);
      for await (const value of events) {
        failures = 0;
        const event = value as WatchEvent;
        if (event.type === 'DELETED') throw new ServerError(`workflow "${name}" was deleted`, 404);
        if (event.object) accept(event.object);
        if (latest && isFinished(latest)) return latest;
      }
      failures++;
      options.onReconnect?.('the watch ended');
    } catch (error) {
      if (!isTransient(error) || options.signal?.aborted) throw error;
      failures++;
      if (failures > maxAttempts) throw error;
      options.onReconnect?.((error as Error).message);
    } finally {
      connection.abort();
    }
    reconnecting = true;
    await sleep(backoff(failures), options.signal);
  }
}

/** Network trouble and 5xx answers are worth a reconnect; 4xx answers are not. */
function isTransient(error: unknown): boolean {
  if (error instanceof ServerUnreachableError) return true;
  if (error instanceof ServerError) return error.status >= 500;
  return false;
}

/** Compares resourceVersions when both are integers (weft's and Kubernetes' in practice). */
function isOlder(candidate: Workflow, current: Workflow): boolean {
  const a = candidate.metadata?.resourceVersion;
  const b = current.metadata?.resourceVersion;
  if (!a || !b || !/^\d+$/.test(a) || !/^\d+$/.test(b)) return false;
  return BigInt(a) < BigInt(b);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
