/** retryStrategy: a Retry node whose children `name(0)`, `name(1)`… are the attempts. */
import { evaluateExpr } from '../../expr/index.js';
import type { RetryStrategy } from '../../spec/types.js';
import { createLaunchNode, launch } from '../launch.js';
import { type Exec, getNode, markRunning, setPhase } from '../nodes.js';
import type { LaunchSpec, RetryScope } from '../state.js';
import { setTimer } from '../timers.js';
import { durationSeconds } from './pod.js';

export function startRetry(ex: Exec, spec: LaunchSpec, ownerId: string | undefined): string {
  const node = createLaunchNode(ex, { ...spec, inputs: { ...spec.inputs, artifacts: {} } }, 'Retry', ownerId);
  const scope: RetryScope = { kind: 'retry', nodeId: node.id, launch: spec, attempts: 0 };
  ex.state.scopes.set(node.id, scope);
  markRunning(ex, node.id);
  launchAttempt(ex, scope);
  return node.id;
}

export function launchAttempt(ex: Exec, scope: RetryScope): void {
  const n = scope.attempts++;
  const spec = scope.launch;
  launch(
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
}

/** An attempt is fulfilled: succeed, retry (maybe after a backoff), or give up with its phase. */
export function onRetryChild(ex: Exec, scope: RetryScope, childId: string): void {
  const child = getNode(ex, childId);
  const node = getNode(ex, scope.nodeId);
  if (child.outputs) node.outputs = child.outputs;
  if (child.phase === 'Succeeded' || child.phase === 'Skipped') {
    setPhase(ex, scope.nodeId, child.phase);
    return;
  }
  const strategy = scope.launch.template.retryStrategy as RetryStrategy;
  if (!ex.state.stopping && shouldRetry(strategy, scope, child)) {
    const delay = backoffSeconds(strategy, scope.attempts);
    if (delay > 0) {
      setTimer(ex, {
        id: `retry:${scope.nodeId}:${scope.attempts}`,
        at: ex.ctx.now + delay * 1000,
        action: { kind: 'retryBackoff', retryNodeId: scope.nodeId },
      });
      return;
    }
    launchAttempt(ex, scope);
    return;
  }
  const message = scope.attempts > retryLimit(strategy) ? 'No more retries left' : child.message;
  setPhase(ex, scope.nodeId, child.phase === 'Error' ? 'Error' : 'Failed', message);
}

function retryLimit(strategy: RetryStrategy): number {
  if (strategy.limit === undefined || strategy.limit === null) return Number.POSITIVE_INFINITY;
  const n = Number(strategy.limit);
  return Number.isFinite(n) ? n : 0;
}

function shouldRetry(
  strategy: RetryStrategy,
  scope: RetryScope,
  child: {
    phase: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
    outputs?: { exitCode?: string };
  },
): boolean {
  if (scope.attempts > retryLimit(strategy)) return false;
  const policy = strategy.retryPolicy ?? 'OnFailure';
  if (policy === 'OnFailure' && child.phase !== 'Failed') return false;
  if ((policy === 'OnError' || policy === 'OnTransientError') && child.phase !== 'Error') return false;
  if (strategy.expression) {
    const duration =
      child.startedAt && child.finishedAt
        ? (Date.parse(child.finishedAt) - Date.parse(child.startedAt)) / 1000
        : 0;
    const env = {
      lastRetry: {
        exitCode: child.outputs?.exitCode ?? '-1',
        status: child.phase,
        duration: String(duration),
        message: child.message ?? '',
      },
      inputs: { parameters: { ...scope.launch.inputs.parameters } },
    };
    try {
      return evaluateExpr(strategy.expression, env) === true;
    } catch {
      return false;
    }
  }
  return true;
}

function backoffSeconds(strategy: RetryStrategy, attempt: number): number {
  const base = durationSeconds(strategy.backoff?.duration);
  if (base === undefined) return 0;
  const factor = Number(strategy.backoff?.factor ?? 1) || 1;
  let delay = base * factor ** Math.max(0, attempt - 1);
  const cap = durationSeconds(strategy.backoff?.cap);
  if (cap !== undefined) delay = Math.min(delay, cap);
  return delay;
}
