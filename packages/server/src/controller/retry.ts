/**
 * Argo's retry of a finished workflow, as a rewrite of its event log: the exits of the nodes to
 * run again are dropped (with the stop request, if any), and every later event that answered
 * something no longer asked for (exits of steps that will not have started, timers not set) is
 * dropped too — found by replaying the kept records as they are chosen. Replaying the new log
 * leaves the dropped steps outstanding, so the controller starts them again under their own ids,
 * as Argo re-creates the deleted pods; everything that succeeded stays as it was.
 */
import { createLocalLockManager, type NodeStatus, type WorkflowState } from '@weft/core';
import { applyRecord, InvalidRequestError, Outstanding } from '@weft/engine';
import { parseNodeFieldSelector } from './node-selector.js';
import type { EventRecord, InitRecord } from './records.js';
import { withParameters } from './submission.js';
import type { RetryOptions } from './types.js';
import { initialState } from './workflow-run.js';

export interface RetryPlan {
  readonly init: InitRecord;
  readonly events: EventRecord[];
  readonly reset: ReadonlySet<string>;
}

export function planRetry(
  init: InitRecord,
  events: readonly EventRecord[],
  final: WorkflowState,
  options: RetryOptions,
): RetryPlan {
  const reset = nodesToReset(final, options);
  const newInit = options.parameters?.length
    ? {
        ...init,
        workflow: { ...init.workflow, spec: withParameters(init.workflow.spec, options.parameters) },
      }
    : init;
  const state = initialState(newInit, createLocalLockManager());
  const outstanding = new Outstanding();
  const kept: EventRecord[] = [];
  for (const record of events) {
    const { event } = record;
    if (event.type === 'StopRequested') continue;
    if (event.type === 'StepExited' && reset.has(event.nodeId)) continue;
    if (!outstanding.answers(event)) continue;
    kept.push(record);
    outstanding.answer(event);
    for (const command of applyRecord(state, record, {})) outstanding.record(command);
  }
  return { init: newInit, events: kept, reset };
}

function nodesToReset(final: WorkflowState, options: RetryOptions): Set<string> {
  const phase = final.phase;
  const selected = options.nodeFieldSelector ? parseNodeFieldSelector(options.nodeFieldSelector) : undefined;
  if (phase === 'Succeeded' && !(options.restartSuccessful && selected)) {
    throw new InvalidRequestError(
      'to retry a succeeded workflow, set restartSuccessful and nodeFieldSelector',
    );
  }
  if (phase !== 'Failed' && phase !== 'Error' && phase !== 'Succeeded') {
    throw new InvalidRequestError(`cannot retry a workflow in phase ${phase}`);
  }
  const reset = new Set<string>();
  for (const node of final.nodes.values()) {
    if (!isLeaf(node)) continue;
    const failed = node.phase === 'Failed' || node.phase === 'Error';
    const chosen = selected?.(node) === true;
    // Argo resets every failed node, and the selected succeeded ones when restartSuccessful is set.
    if (failed || (chosen && options.restartSuccessful)) reset.add(node.id);
  }
  return reset;
}

function isLeaf(node: NodeStatus): boolean {
  return node.type === 'Pod' || node.type === 'HTTP' || node.type === 'Container';
}
