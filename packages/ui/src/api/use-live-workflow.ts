/**
 * A workflow kept up to date from the watch stream. Changes arriving faster than the screen
 * refreshes are coalesced: the page re-renders at most every `intervalMs`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { getWorkflow } from './endpoints';
import type { Workflow } from './types';
import { watchWorkflows } from './watch';

export interface LiveWorkflow {
  readonly workflow?: Workflow;
  readonly error?: string;
  readonly deleted: boolean;
  /** Adopts a workflow an action returned, before the stream reports it. */
  readonly adopt: (workflow: Workflow) => void;
}

export function useLiveWorkflow(namespace: string, name: string, intervalMs = 250): LiveWorkflow {
  const [state, setState] = useState<{ workflow?: Workflow; error?: string; deleted: boolean }>({
    deleted: false,
  });
  const pending = useRef<Workflow | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const flush = useCallback(() => {
    timer.current = undefined;
    const next = pending.current;
    pending.current = undefined;
    if (next) setState({ workflow: next, deleted: false });
  }, []);
  useEffect(() => {
    const abort = new AbortController();
    setState({ deleted: false });
    getWorkflow(namespace, name).then(
      (workflow) => !abort.signal.aborted && setState((s) => (s.workflow ? s : { workflow, deleted: false })),
      (error: Error) => !abort.signal.aborted && setState((s) => ({ ...s, error: error.message })),
    );
    void watchWorkflows(
      namespace,
      { fieldSelector: `metadata.name=${name}` },
      (event) => {
        if (event.object.metadata.name !== name) return;
        if (event.type === 'DELETED') {
          setState((s) => ({ ...s, deleted: true }));
          return;
        }
        pending.current = event.object;
        timer.current ??= setTimeout(flush, intervalMs);
      },
      abort.signal,
    );
    return () => {
      abort.abort();
      clearTimeout(timer.current);
      timer.current = undefined;
    };
  }, [namespace, name, intervalMs, flush]);
  const adopt = useCallback((workflow: Workflow) => setState({ workflow, deleted: false }), []);
  return { ...state, adopt };
}
