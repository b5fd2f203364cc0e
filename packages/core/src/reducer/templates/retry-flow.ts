/**
 * Carrying out a Retry node's decisions (retry-policy.ts decides): start the next attempt, wait out
 * a backoff with a timer, or give up. Also the strategy a template runs with (its own, else the
 * workflow's `spec.retryStrategy`, as Argo applies it to every template) and the `{{retries}}` /
 * `{{lastRetry.*}}` variables an attempt sees.
 */
import type { NodeStatus, RetryStrategy, Template } from '../../spec/types.js';
import { isoSeconds } from '../format.js';
import { type Exec, getNode, setPhase } from '../nodes.js';
import type { LaunchSpec, RetryScope, WorkflowState } from '../state.js';
import { SubstitutionError, substituteDeep } from '../substitute.js';
import { setTimer } from '../timers.js';
import { variablesFor } from '../variables.js';
import { launchAttempt } from './retry.js';
import { decideRetry, lastRetryValues, RetryStrategyError } from './retry-policy.js';

/** The template's retryStrategy, else the workflow's (Argo applies `spec.retryStrategy` to every template). */
export function effectiveRetryStrategy(state: WorkflowState, template: Template): RetryStrategy | undefined {
  return template.retryStrategy ?? state.spec.retryStrategy ?? undefined;
}

/** The strategy with `{{…}}` (e.g. `limit: "{{inputs.parameters.n}}"`) substituted in the template's scope. */
export function substituteStrategy(
  ex: Exec,
  spec: LaunchSpec,
  nodeId: string,
): { strategy: RetryStrategy } | { error: string } {
  const strategy = effectiveRetryStrategy(ex.state, spec.template) as RetryStrategy;
  const frame = {
    template: spec.template,
    home: spec.home,
    inputs: spec.inputs,
    nodeId,
    nodeName: spec.name,
  };
  try {
    const vars = variablesFor({ state: ex.state, frame, extra: { 'node.name': spec.name } });
    return { strategy: substituteDeep(strategy, vars) };
  } catch (error) {
    if (!(error instanceof SubstitutionError)) throw error;
    return { error: error.message };
  }
}

/** `{{retries}}` and `{{lastRetry.exitCode|status|duration|message}}` for attempt `spec`. */
export function retryVariables(ex: Exec, spec: LaunchSpec): Record<string, string> {
  const retryNode = ex.state.nodes.get(spec.parentIds[0] ?? '');
  const children = retryNode?.children ?? [];
  const previous = children
    .map((id) => ex.state.nodes.get(id))
    .filter((node): node is NodeStatus => node !== undefined && node.name !== spec.name)
    .pop();
  const last = lastRetryValues(previous);
  if (!previous) last.exitCode = '0';
  const out: Record<string, string> = { retries: String(spec.retryAttempt ?? 0) };
  for (const [key, value] of Object.entries(last)) out[`lastRetry.${key}`] = value;
  return out;
}

/** An attempt failed (or its backoff was waited out): retry, wait, or give up as Argo would. */
export function afterFailedAttempt(ex: Exec, scope: RetryScope, backoffDone: boolean): void {
  const node = getNode(ex, scope.nodeId);
  const attempts = (node.children ?? [])
    .map((id) => ex.state.nodes.get(id))
    .filter((child): child is NodeStatus => child !== undefined);
  const first = attempts[0];
  const last = attempts[attempts.length - 1];
  if (!first || !last) return;
  let decision: ReturnType<typeof decideRetry>;
  try {
    decision = decideRetry({
      strategy: scope.strategy,
      attempts,
      now: ex.ctx.now,
      lastFinishedAt: backoffDone ? parseOr(last.finishedAt, ex.ctx.now) : ex.ctx.now,
      firstStartedAt: parseOr(first.startedAt, ex.ctx.now),
      shutdownMessage: shutdownMessage(ex.state),
      transientErrorPattern: ex.ctx.transientErrorPattern,
      backoffDone,
    });
  } catch (error) {
    if (!(error instanceof RetryStrategyError)) throw error;
    setPhase(ex, scope.nodeId, 'Error', error.message);
    return;
  }
  switch (decision.kind) {
    case 'retry':
      clearMessage(ex, node);
      scope.deadline = decision.deadline;
      launchAttempt(ex, scope);
      return;
    case 'wait':
      node.message = decision.message;
      ex.state.changed.add(node.id);
      setTimer(ex, {
        id: `retry:${scope.nodeId}:${scope.attempts}`,
        at: decision.until,
        action: { kind: 'retryBackoff', retryNodeId: scope.nodeId },
      });
      return;
    case 'giveUp':
      setPhase(ex, scope.nodeId, decision.phase, decision.message);
      return;
  }
}

/** A backoff timer fired. */
export function onRetryBackoffDone(ex: Exec, retryNodeId: string): void {
  const scope = ex.state.scopes.get(retryNodeId);
  const node = ex.state.nodes.get(retryNodeId);
  if (scope?.kind !== 'retry' || !node || (node.phase !== 'Running' && node.phase !== 'Pending')) return;
  afterFailedAttempt(ex, scope, true);
}

/** Argo's Retry node message when the workflow is shutting down or past its deadline. */
function shutdownMessage(state: WorkflowState): string | undefined {
  if (!state.stopping) return undefined;
  if (state.deadlineExceeded) {
    const started = parseOr(state.startedAt, 0);
    const deadline = started + Number(state.spec.activeDeadlineSeconds ?? 0) * 1000;
    return `retry exceeded workflow deadline ${goTimeString(deadline)}`;
  }
  return `Stopped with strategy '${state.stopping === 'stop' ? 'Stop' : 'Terminate'}'`;
}

/** Go's time.Time String() for a UTC time with whole seconds: `2024-01-02 03:04:05 +0000 UTC`. */
export function goTimeString(epochMs: number): string {
  return `${isoSeconds(epochMs).slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

function clearMessage(ex: Exec, node: NodeStatus): void {
  if (node.message === undefined) return;
  delete node.message;
  ex.state.changed.add(node.id);
}

function parseOr(iso: string | undefined, fallback: number): number {
  const parsed = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(parsed) ? fallback : parsed;
}
