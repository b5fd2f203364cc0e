/** retryStrategy: a Retry node whose children `name(0)`, `name(1)`… are the attempts. */
import { createLaunchNode, launch } from '../launch.js';
import { type Exec, getNode, markRunning, setPhase } from '../nodes.js';
import type { LaunchSpec, RetryScope } from '../state.js';
import { setTimer } from '../timers.js';
import { daemonRetryNode } from './daemon.js';
import { afterFailedAttempt, substituteStrategy } from './retry-flow.js';

export function startRetry(ex: Exec, spec: LaunchSpec, ownerId: string | undefined): string {
  const node = createLaunchNode(ex, { ...spec, inputs: { ...spec.inputs, artifacts: {} } }, 'Retry', ownerId);
  const substituted = substituteStrategy(ex, spec, node.id);
  if ('error' in substituted) {
    setPhase(ex, node.id, 'Error', substituted.error);
    return node.id;
  }
  const scope: RetryScope = {
    kind: 'retry',
    nodeId: node.id,
    launch: spec,
    attempts: 0,
    strategy: substituted.strategy,
  };
  ex.state.scopes.set(node.id, scope);
  markRunning(ex, node.id);
  launchAttempt(ex, scope);
  return node.id;
}

export function launchAttempt(ex: Exec, scope: RetryScope): void {
  const n = scope.attempts++;
  const spec = scope.launch;
  const attemptId = launch(
    ex,
    {
      ...spec,
      name: `${spec.name}(${n})`,
      displayName: `${spec.displayName}(${n})`,
      retryAttempt: n,
      parentIds: [scope.nodeId],
    },
    scope.nodeId,
  );
  if (scope.deadline !== undefined) limitAttemptPod(ex, attemptId, scope.deadline);
}

/** backoff.maxDuration: the attempt's pod is killed at the deadline ("Step exceeded its deadline", as Argo's executor). */
function limitAttemptPod(ex: Exec, attemptId: string, deadline: number): void {
  if (!ex.state.pods.has(attemptId)) return;
  setTimer(ex, {
    id: `maxDuration:${attemptId}`,
    at: deadline,
    action: { kind: 'templateTimeout', nodeId: attemptId },
  });
}

/** An attempt is fulfilled: succeed, retry (maybe after a backoff), or give up with its phase. */
export function onRetryChild(ex: Exec, scope: RetryScope, childId: string): void {
  const child = getNode(ex, childId);
  const node = getNode(ex, scope.nodeId);
  if (child.daemoned) {
    daemonRetryNode(ex, scope.nodeId);
    return;
  }
  if (child.outputs) node.outputs = child.outputs;
  if (child.phase === 'Succeeded' || child.phase === 'Skipped') {
    setPhase(ex, scope.nodeId, child.phase);
    return;
  }
  afterFailedAttempt(ex, scope, false);
}
