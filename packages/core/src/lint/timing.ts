/**
 * Retry and timing fields, checked as Argo's validator and controller read them:
 * `retryStrategy` (limit, retryPolicy, backoff durations and factor), template `timeout`
 * (leaf templates only, a Go duration, never a bare number) and `activeDeadlineSeconds`
 * (leaf templates only, a non-negative integer or an Argo variable).
 */
import { parseDurationMs } from '../reducer/templates/retry-policy.js';
import type { RetryStrategy, Template, WorkflowSpec } from '../spec/types.js';
import { isRecord, type LintRun, report } from './context.js';

const policies = ['Always', 'OnFailure', 'OnError', 'OnTransientError'];

/** A whole `{{…}}` tag, resolved at run time. */
function isTag(value: unknown): boolean {
  return typeof value === 'string' && value.trim().startsWith('{{') && value.trim().endsWith('}}');
}

function isInteger(value: unknown): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  return typeof value === 'string' && /^[+-]?\d+$/.test(value.trim());
}

/** Checks `retryStrategy` at `path` (a template's, or `spec.retryStrategy`). */
export function checkRetryStrategy(run: LintRun, strategy: unknown, path: string): void {
  if (strategy === undefined || strategy === null) return;
  if (!isRecord(strategy)) {
    report(run, 'invalid-retry-strategy', path, 'retryStrategy must be an object');
    return;
  }
  const { limit, retryPolicy, backoff } = strategy as RetryStrategy;
  if (limit !== undefined && limit !== null && !isInteger(limit) && !isTag(limit))
    report(
      run,
      'invalid-retry-limit',
      `${path}.limit`,
      `retryStrategy.limit must be an integer or a {{…}} expression, got ${JSON.stringify(limit)}`,
    );
  if (retryPolicy !== undefined && !policies.includes(retryPolicy as string))
    report(
      run,
      'invalid-retry-policy',
      `${path}.retryPolicy`,
      `${String(retryPolicy)} is not a valid RetryPolicy`,
    );
  if (backoff === undefined || backoff === null) return;
  for (const field of ['duration', 'maxDuration', 'cap'] as const) {
    const value = backoff[field];
    if (value === undefined || value === '' || isTag(value)) continue;
    if (parseDurationMs(value) === undefined)
      report(
        run,
        'invalid-duration',
        `${path}.backoff.${field}`,
        `unable to parse ${JSON.stringify(value)} as a duration: use seconds ("30") or a Go duration ("1m30s")`,
      );
  }
  if (backoff.factor !== undefined && !isInteger(backoff.factor) && !isTag(backoff.factor))
    report(run, 'invalid-backoff-factor', `${path}.backoff.factor`, 'backoff.factor must be an integer');
}

/** Checks a template's retryStrategy, `timeout` and `activeDeadlineSeconds`; `kind` is its template type. */
export function checkTemplateTiming(run: LintRun, template: Template, path: string, kind: string): void {
  checkRetryStrategy(run, template.retryStrategy, `${path}.retryStrategy`);
  const leaf = kind !== 'steps' && kind !== 'dag';
  const typeName = kind === 'dag' ? 'DAG' : 'Steps';
  const timeout = template.timeout as unknown;
  if (timeout !== undefined && timeout !== '') {
    if (!leaf)
      report(
        run,
        'unsupported-timeout',
        `${path}.timeout`,
        `${typeName} template doesn't support timeout field`,
      );
    else if (isInteger(timeout))
      report(
        run,
        'invalid-timeout',
        `${path}.timeout`,
        `${template.name ?? ''} has invalid duration format in timeout: write a Go duration such as "${String(timeout).trim()}s"`,
      );
    else if (!isTag(timeout) && parseDurationMs(String(timeout)) === undefined)
      report(
        run,
        'invalid-timeout',
        `${path}.timeout`,
        `unable to parse ${JSON.stringify(timeout)} as a duration`,
      );
  }
  checkActiveDeadline(run, template.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`, leaf, template);
}

function checkActiveDeadline(
  run: LintRun,
  value: unknown,
  path: string,
  leaf: boolean,
  template: Template,
): void {
  if (value === undefined || value === null) return;
  const name = template.name ?? '';
  if (!leaf) {
    report(
      run,
      'unsupported-deadline',
      path,
      `templates.${name}.activeDeadlineSeconds is only valid for leaf templates`,
    );
    return;
  }
  if ((!isInteger(value) && !isTag(value)) || (isInteger(value) && Number(value) < 0))
    report(
      run,
      'invalid-deadline',
      path,
      `templates.${name}.activeDeadlineSeconds must be a positive integer > 0 or an argo variable`,
    );
}

/** `spec.retryStrategy` and `spec.activeDeadlineSeconds`. */
export function checkWorkflowTiming(run: LintRun, spec: WorkflowSpec, specPath: string): void {
  checkRetryStrategy(run, spec.retryStrategy, `${specPath}.retryStrategy`);
  const deadline = spec.activeDeadlineSeconds as unknown;
  if (deadline !== undefined && deadline !== null && !isInteger(deadline))
    report(
      run,
      'invalid-deadline',
      `${specPath}.activeDeadlineSeconds`,
      `activeDeadlineSeconds must be an integer number of seconds, got ${JSON.stringify(deadline)}`,
    );
}
