/**
 * Follows argo-server's workflow watch stream, reconnecting (after a second) from the last
 * resourceVersion seen, until `signal` aborts.
 */
import { readStream } from './client';
import { watchUrl } from './endpoints';
import type { Workflow } from './types';

export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: Workflow;
}

export interface WatchQuery {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  /** argo-server's `fields` mask, e.g. to leave `status.nodes` out of a list's events. */
  readonly fields?: string;
}

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

export async function watchWorkflows(
  namespace: string | undefined,
  query: WatchQuery,
  onEvent: (event: WatchEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  let resourceVersion: string | undefined;
  while (!signal.aborted) {
    try {
      await readStream<WatchEvent>(
        watchUrl(namespace, { ...query, resourceVersion }),
        (event) => {
          resourceVersion = event.object?.metadata?.resourceVersion ?? resourceVersion;
          onEvent(event);
        },
        signal,
      );
    } catch {
      // Dropped or refused (e.g. a resourceVersion too old to resume): start over from the current state.
      resourceVersion = undefined;
    }
    await pause(1000, signal);
  }
}
