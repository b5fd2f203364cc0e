/**
 * The reducer: `advance(state, event, ctx) → { state, commands }`. One handler per event type.
 * The state is mutated in place (so a node change costs O(1)); `state.changed` lists what changed.
 */

import { drainFulfilled } from './complete.js';
import { resumeWorkflow, setOutputs } from './control.js';
import type { AdvanceContext, WorkflowCommand, WorkflowEvent } from './events.js';
import { launch } from './launch.js';
import { type Exec, nowIso } from './nodes.js';
import { isFulfilled } from './phase.js';
import { bindInputs, findByName, hasLocation, ResolveError } from './resolve.js';
import type { WorkflowState } from './state.js';
import { stopWorkflow } from './stop.js';
import { onLockAvailable, onMemoAnswer, settleWorkflowLocks } from './sync/sync-handlers.js';
import { takeWorkflowLocks } from './sync/workflow-locks.js';
import { onStepStarted } from './templates/daemon.js';
import { onArtifactsListed } from './templates/data.js';
import { onHttpResponded } from './templates/http.js';
import { killGraceMs, onPodExited } from './templates/pod.js';
import { onRetryBackoffDone } from './templates/retry-flow.js';
import { resumeSuspend } from './templates/suspend.js';
import { setTimer } from './timers.js';

export interface AdvanceResult {
  readonly state: WorkflowState;
  readonly commands: readonly WorkflowCommand[];
}

type Handlers = {
  [K in WorkflowEvent['type']]: (ex: Exec, event: Extract<WorkflowEvent, { type: K }>) => void;
};

const handlers: Handlers = {
  WorkflowStarted: (ex) => startWorkflow(ex),
  StepExited: (ex, event) => onPodExited(ex, event.nodeId, event.result),
  TimerFired: (ex, event) => onTimer(ex, event.timerId),
  StopRequested: (ex, event) => stopWorkflow(ex, event.mode, event.message),
  ResumeRequested: (ex, event) => {
    if (resumeWorkflow(ex, event.nodeFilter, event.values)) launchEntrypoint(ex);
  },
  NodeOutputsSet: (ex, event) => setOutputs(ex, event.nodeFilter, event.values),
  MemoLookedUp: (ex, event) => onMemoAnswer(ex, event),
  LockAvailable: (ex) => onLockAvailable(ex, startWorkflow),
  StepStarted: (ex, event) => onStepStarted(ex, event.nodeId),
  HttpResponded: (ex, event) => onHttpResponded(ex, event.nodeId, event.response, event.error),
  ArtifactsListed: (ex, event) => onArtifactsListed(ex, event.nodeId, event.keys, event.error),
};

export function advance(state: WorkflowState, event: WorkflowEvent, ctx: AdvanceContext): AdvanceResult {
  const ex: Exec = { state, ctx, commands: [], fulfilled: [] };
  (handlers[event.type] as (ex: Exec, event: WorkflowEvent) => void)(ex, event);
  drainFulfilled(ex);
  settleWorkflowLocks(ex);
  return { state, commands: ex.commands };
}

function startWorkflow(ex: Exec): void {
  const { state } = ex;
  if (state.phase !== 'Pending') return;
  if (!takeWorkflowLocks(ex)) return;
  state.phase = 'Running';
  state.startedAt = nowIso(ex);
  const deadline = state.spec.activeDeadlineSeconds;
  if (deadline !== undefined && Number(deadline) >= 0) {
    setTimer(ex, {
      id: 'workflow:deadline',
      at: ex.ctx.now + Number(deadline) * 1000,
      action: { kind: 'workflowDeadline' },
    });
  }
  if (state.spec.suspend === true) {
    state.workflowSuspended = true;
    return;
  }
  launchEntrypoint(ex);
}

function launchEntrypoint(ex: Exec): void {
  const { state } = ex;
  const name = state.workflow.metadata.name ?? '';
  const home = { kind: 'local' as const, name: '' };
  try {
    const found = findByName(state.library, home, state.spec.entrypoint ?? '');
    const args = {
      parameters: [...state.globalParameters].map(([n, value]) => ({ name: n, value })),
      artifacts: state.spec.arguments?.artifacts,
    };
    const inputs = bindInputs(found.template, args, state.configMaps, (a) =>
      hasLocation(a) ? a : undefined,
    );
    launch(
      ex,
      {
        template: found.template,
        home: found.home,
        inputs,
        name,
        displayName: name,
        boundaryId: '',
        parentIds: [],
      },
      undefined,
    );
  } catch (error) {
    if (!(error instanceof ResolveError)) throw error;
    state.mainPhase = 'Error';
    state.phase = 'Error';
    state.message = error.message;
    state.finishedAt = nowIso(ex);
    ex.commands.push({ type: 'WorkflowCompleted', phase: 'Error' });
  }
}

function onTimer(ex: Exec, timerId: string): void {
  const timer = ex.state.timers.get(timerId);
  if (!timer) return;
  ex.state.timers.delete(timerId);
  const action = timer.action;
  switch (action.kind) {
    case 'suspendExpired':
      resumeSuspend(ex, action.nodeId);
      return;
    case 'podDeadline':
      killPod(ex, action.nodeId, 'Failed', 'Pod was active on the node longer than the specified deadline');
      return;
    case 'templateTimeout':
      killPod(ex, action.nodeId, 'Failed', 'Step exceeded its deadline');
      return;
    case 'retryBackoff':
      onRetryBackoffDone(ex, action.retryNodeId);
      return;
    case 'workflowDeadline':
      ex.state.deadlineExceeded = true;
      stopWorkflow(ex, 'stop', 'Step exceeded its deadline');
      return;
  }
}

function killPod(ex: Exec, nodeId: string, phase: 'Failed' | 'Error', message: string): void {
  const node = ex.state.nodes.get(nodeId);
  if (!node || isFulfilled(node.phase)) return;
  ex.state.killReasons.set(nodeId, { phase, message });
  ex.commands.push({ type: 'KillStep', nodeId, graceMs: killGraceMs(ex, nodeId), reason: message });
}
