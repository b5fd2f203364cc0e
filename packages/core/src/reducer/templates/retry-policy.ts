/**
 * What a Retry node does after an attempt failed, in the order Argo's controller decides it
 * (processNodeRetries):
 *
 *   workflow stopping / past its deadline ─► give up ("Stopped with strategy …" / "retry exceeded workflow deadline …")
 *   backoff.maxDuration passed since the first attempt started ─► give up ("Max duration limit exceeded")
 *   the backoff would end after maxDuration ─► give up ("Backoff would exceed max duration limit")
 *   backoff not yet waited (and `limit` set and not reached) ─► wait ("Backoff for 2 seconds")
 *   retryPolicy does not cover the attempt's phase ─► give up (the attempt's message)
 *   more attempts than `limit` + 1 ─► give up ("No more retries left")
 *   `expression` false ─► give up ("retryStrategy.expression evaluated to false")
 *   otherwise ─► retry
 *
 * Giving up takes the last attempt's phase. A strategy that cannot be read (a `limit` that is not
 * an integer, a bad duration) makes the Retry node Error, as Argo does. Pure: time comes in as `now`.
 */
import { evaluateExpr } from '../../expr/index.js';
import type { NodeStatus, RetryStrategy } from '../../spec/types.js';
import { goDurationMs } from '../../text/duration.js';
import { isTransientMessage } from './transient-errors.js';

export type RetryDecision =
  | {
      readonly kind: 'retry' /** Argo's executionDeadline: the next attempt's pod must end by then (maxDuration). */;
      readonly deadline?: number;
    }
  | { readonly kind: 'wait'; readonly until: number; readonly message: string }
  | { readonly kind: 'giveUp'; readonly phase: 'Failed' | 'Error'; readonly message: string };

export interface RetryFacts {
  /** The strategy with `{{…}}` already substituted in the template's scope. */
  readonly strategy: RetryStrategy;
  /** The attempts so far, oldest first; the last one has just failed. */
  readonly attempts: readonly NodeStatus[];
  readonly now: number;
  /** When the last attempt ended (epoch ms). */
  readonly lastFinishedAt: number;
  /** When the first attempt started (epoch ms). */
  readonly firstStartedAt: number;
  /** Set when the workflow is being stopped: Argo's message for the Retry node. */
  readonly shutdownMessage?: string;
  /** `TRANSIENT_ERROR_PATTERN`, a regular expression. */
  readonly transientErrorPattern?: string;
  /** The backoff was already waited out for this attempt (the timer fired). */
  readonly backoffDone: boolean;
}

export class RetryStrategyError extends Error {}

/** Decides what follows a failed attempt. Throws RetryStrategyError when the strategy cannot be read. */
export function decideRetry(facts: RetryFacts): RetryDecision {
  const last = facts.attempts[facts.attempts.length - 1] as NodeStatus;
  const phase = last.phase === 'Error' ? 'Error' : 'Failed';
  if (facts.shutdownMessage !== undefined) return { kind: 'giveUp', phase, message: facts.shutdownMessage };
  const { strategy } = facts;
  let deadline: number | undefined;
  if (strategy.backoff) {
    const timing = backoffTiming(facts);
    if (timing.kind !== 'proceed') return timing.kind === 'wait' ? timing : { ...timing, phase };
    deadline = timing.deadline;
  }
  if (!policyAllows(strategy, last, facts.transientErrorPattern))
    return { kind: 'giveUp', phase, message: last.message ?? '' };
  const limit = retryLimit(strategy);
  if (limit !== undefined && facts.attempts.length > limit)
    return { kind: 'giveUp', phase, message: 'No more retries left' };
  if (strategy.expression && !expressionHolds(strategy.expression, facts.attempts))
    return { kind: 'giveUp', phase, message: 'retryStrategy.expression evaluated to false' };
  return deadline === undefined ? { kind: 'retry' } : { kind: 'retry', deadline };
}

type Timing =
  | { readonly kind: 'proceed'; readonly deadline?: number }
  | { readonly kind: 'wait'; readonly until: number; readonly message: string }
  | { readonly kind: 'giveUp'; readonly message: string };

function backoffTiming(facts: RetryFacts): Timing {
  const backoff = facts.strategy.backoff ?? {};
  let maxDeadline: number | undefined;
  if (backoff.maxDuration) {
    maxDeadline = facts.firstStartedAt + durationMs(backoff.maxDuration, 'maxDuration');
    if (facts.now > maxDeadline) return { kind: 'giveUp', message: 'Max duration limit exceeded' };
  }
  if (backoff.duration === undefined || backoff.duration === '')
    throw new RetryStrategyError('no base duration specified for retryStrategy');
  const wait = backoffMs(facts.strategy, facts.attempts.length);
  const until = facts.lastFinishedAt + wait;
  if (maxDeadline !== undefined && until > maxDeadline)
    return { kind: 'giveUp', message: 'Backoff would exceed max duration limit' };
  const limit = facts.strategy.limit;
  const limitNumber = limit === undefined || limit === null ? undefined : Number.parseInt(String(limit), 10);
  const underLimit =
    limitNumber !== undefined && facts.attempts.length <= (Number.isNaN(limitNumber) ? 0 : limitNumber);
  if (!facts.backoffDone && facts.now < until && underLimit)
    return { kind: 'wait', until, message: `Backoff for ${humanDuration(wait)}` };
  return maxDeadline === undefined ? { kind: 'proceed' } : { kind: 'proceed', deadline: maxDeadline };
}

/** duration × factor^(attempts − 1), at most `cap` (Argo counts the attempts made so far). */
export function backoffMs(strategy: RetryStrategy, attempts: number): number {
  const backoff = strategy.backoff ?? {};
  const base = durationMs(backoff.duration, 'duration');
  let wait = base;
  const factor = backoff.factor === undefined ? undefined : integerOf(backoff.factor, 'backoff.factor');
  if (factor !== undefined && factor > 0) wait = base * factor ** Math.max(0, attempts - 1);
  if (backoff.cap) wait = Math.min(wait, durationMs(backoff.cap, 'cap'));
  return wait;
}

/** `limit` as Argo reads it: absent means unlimited; otherwise an integer (a number or a numeric string). */
export function retryLimit(strategy: RetryStrategy): number | undefined {
  if (strategy.limit === undefined || strategy.limit === null) return undefined;
  return integerOf(strategy.limit, 'limit');
}

function integerOf(value: number | string, _field: string): number {
  if (typeof value === 'number') return Math.trunc(value);
  if (/^[+-]?\d+$/.test(value.trim())) return Number.parseInt(value, 10);
  throw new RetryStrategyError(`value '${value}' cannot be resolved to an int`);
}

/** Argo's ParseStringToDuration: a whole number is seconds, else a Go duration (`1m30s`). */
export function durationMs(value: string | number | undefined, field: string): number {
  const ms = parseDurationMs(value);
  if (ms === undefined)
    throw new RetryStrategyError(`unable to parse ${String(value)} as a duration (${field})`);
  return ms;
}

export function parseDurationMs(value: string | number | undefined): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value * 1000 : undefined;
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^[+-]?\d+$/.test(text)) return Number.parseInt(text, 10) * 1000;
  return goDurationMs(text);
}

function policyAllows(
  strategy: RetryStrategy,
  last: NodeStatus,
  transientPattern: string | undefined,
): boolean {
  const policy = strategy.retryPolicy || (strategy.expression ? 'Always' : 'OnFailure');
  switch (policy) {
    case 'Always':
      return true;
    case 'OnFailure':
      return last.phase === 'Failed';
    case 'OnError':
      return last.phase === 'Error';
    case 'OnTransientError':
      return isTransientMessage(last.message ?? '', transientPattern);
    default:
      throw new RetryStrategyError(`${String(policy)} is not a valid RetryPolicy`);
  }
}

/** The `lastRetry.*` values Argo gives a retry expression (and the retried template). */
export function lastRetryValues(last: NodeStatus | undefined): Record<string, string> {
  if (!last) return { exitCode: '0', status: '', duration: '0', message: '' };
  const started = last.startedAt ? Date.parse(last.startedAt) : Number.NaN;
  const finished = last.finishedAt ? Date.parse(last.finishedAt) : Number.NaN;
  const seconds = Number.isNaN(started) || Number.isNaN(finished) ? 0 : (finished - started) / 1000;
  return {
    exitCode: last.outputs?.exitCode ?? '-1',
    status: last.phase,
    duration: String(seconds),
    message: last.message ?? '',
  };
}

function expressionHolds(expression: string, attempts: readonly NodeStatus[]): boolean {
  const env = {
    retries: String(attempts.length - 1),
    lastRetry: lastRetryValues(attempts[attempts.length - 1]),
  };
  let result: unknown;
  try {
    result = evaluateExpr(expression, env);
  } catch (error) {
    throw new RetryStrategyError(`retryStrategy.expression: ${(error as Error).message}`);
  }
  if (typeof result !== 'boolean')
    throw new RetryStrategyError(
      `retryStrategy.expression must evaluate to a boolean, got ${JSON.stringify(result)}`,
    );
  return result;
}

/**
 * Argo's humanize.Duration, as in its "Backoff for …" message: `5 seconds`, `1 minute 30 seconds`,
 * `2 hours 0 minutes`, `1 day 3 hours`.
 */
export function humanDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return unitText(seconds);
  if (seconds < 3600) return `${unitText(seconds)} ${Math.floor(seconds % 60)} seconds`;
  if (seconds < 86_400) return `${unitText(seconds)} ${Math.floor((seconds / 60) % 60)} minutes`;
  return `${unitText(seconds)} ${Math.floor((seconds / 3600) % 24)} hours`;
}

/** go-humanize's relative time with Argo's magnitudes, truncated to one unit. */
function unitText(seconds: number): string {
  const steps: readonly [number, string, number][] = [
    [1, '0 seconds', 0],
    [2, '1 second', 0],
    [60, '%d seconds', 1],
    [120, '1 minute', 0],
    [3600, '%d minutes', 60],
    [7200, '1 hour', 0],
    [86_400, '%d hours', 3600],
    [172_800, '1 day', 0],
    [604_800, '%d days', 86_400],
  ];
  for (const [below, format, divideBy] of steps) {
    if (seconds < below) return format.replace('%d', String(Math.floor(seconds / (divideBy || 1))));
  }
  return `${Math.floor(seconds / 86_400)} days`;
}
