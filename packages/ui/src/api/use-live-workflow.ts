/**
 * A workflow kept up to date: its nodes are read in pages, then the watch stream (without nodes)
 * says when something changed and only the nodes written since are read again. Changes arriving
 * faster than `intervalMs` are coalesced. A run that starts over (retry) is read again in full.
 * Node updates render as transitions, so React slices the work of a huge run and input stays responsive.
 */
import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import type { NodeStatus, Workflow } from './types';
import { watchWorkflows } from './watch';
import { readNodePages } from './workflow-nodes';

export interface LiveWorkflow {
  readonly workflow?: Workflow;
  readonly error?: string;
  readonly deleted: boolean;
  /** Reads the workflow again in full, e.g. after an action changed it. */
  readonly reload: () => void;
}

interface State {
  readonly workflow?: Workflow;
  readonly error?: string;
  readonly deleted: boolean;
}

const withNodes = (workflow: Workflow, nodes: Readonly<Record<string, NodeStatus>>): Workflow => ({
  ...workflow,
  status: { ...workflow.status, nodes },
});

export function useLiveWorkflow(namespace: string, name: string, intervalMs = 300): LiveWorkflow {
  const [state, setState] = useState<State>({ deleted: false });
  const [round, setRound] = useState(0);
  const nodes = useRef<Record<string, NodeStatus>>({});
  const reload = useCallback(() => setRound((r) => r + 1), []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `round` asks for a full read again
  useEffect(() => {
    const abort = new AbortController();
    const signal = abort.signal;
    let version: string | undefined;
    let reading: Promise<void> = Promise.resolve();
    let latest: Workflow | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = (changedSince: string | undefined) => {
      reading = reading.then(async () => {
        if (!changedSince) nodes.current = {};
        const at = await readNodePages(namespace, name, { changedSince, signal }, (page) => {
          const merging = performance.now();
          nodes.current = { ...nodes.current, ...page.nodes };
          performance.measure('weft:merge-nodes', { start: merging });
          latest = page.workflow;
          const next = withNodes(page.workflow, nodes.current);
          // Big runs render as a transition: React works in slices, yielding to input.
          if (Object.keys(nodes.current).length <= 3000) setState({ workflow: next, deleted: false });
          else startTransition(() => setState({ workflow: next, deleted: false }));
        }).catch((error: Error) => {
          if (!signal.aborted) setState((s) => ({ ...s, error: error.message }));
          return undefined;
        });
        version = at ?? version;
      });
    };
    read(undefined);
    void watchWorkflows(
      namespace,
      { fieldSelector: `metadata.name=${name}`, fields: '-result.object.status.nodes' },
      (event) => {
        if (event.object.metadata.name !== name) return;
        if (event.type === 'DELETED') return setState((s) => ({ ...s, deleted: true }));
        const restarted = latest?.status?.finishedAt && !event.object.status?.finishedAt;
        latest = event.object;
        timer ??= setTimeout(() => {
          timer = undefined;
          read(restarted ? undefined : version);
        }, intervalMs);
      },
      signal,
    );
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [namespace, name, intervalMs, round]);
  return { ...state, reload };
}
