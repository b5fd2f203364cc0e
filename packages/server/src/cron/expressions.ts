import { compileExpr, evaluateWhen, exprResultToString } from '@weft/core';
import type { CronWorkflowObject } from './types.js';

/**
 * The `cronworkflow.*` variables Argo gives a CronWorkflow's `when` and `stopStrategy.expression`
 * (docs/variables.md "CronWorkflows"), plus `now()` from the controller's clock.
 */
export function cronExpressionEnv(cron: CronWorkflowObject, now: Date): Record<string, unknown> {
  const labels = cron.metadata.labels ?? {};
  const annotations = cron.metadata.annotations ?? {};
  const last = cron.status?.lastScheduledTime;
  const variables = {
    name: cron.metadata.name,
    namespace: cron.metadata.namespace ?? 'default',
    labels: { ...labels, json: JSON.stringify(labels) },
    annotations: { ...annotations, json: JSON.stringify(annotations) },
    failed: cron.status?.failed ?? 0,
    succeeded: cron.status?.succeeded ?? 0,
    lastScheduledTime: last ? new Date(last) : null,
  };
  return { cronworkflow: variables, now: () => now };
}

/** Flat `cronworkflow.<name>` keys, as `{{…}}` tags look them up. */
function flatVariables(env: Record<string, unknown>): Map<string, unknown> {
  const flat = new Map<string, unknown>();
  const visit = (prefix: string, value: unknown) => {
    flat.set(prefix, value);
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      for (const [key, inner] of Object.entries(value)) visit(`${prefix}.${key}`, inner);
    }
  };
  visit('cronworkflow', env.cronworkflow);
  return flat;
}

const tagPattern = /\{\{(=?)([\s\S]*?)\}\}/g;

/**
 * Argo's evalWhen: substitutes `{{cronworkflow.…}}` and `{{= expr }}` tags (every tag must resolve;
 * a simple tag must name a string), then evaluates the text as a govaluate `when`. An empty `when`
 * is true. Throws an Error whose message says what failed.
 *
 * @example
 * evaluateCronWhen("{{= cronworkflow.lastScheduledTime == nil }}", cron, now) // true before the first run
 */
export function evaluateCronWhen(when: string, cron: CronWorkflowObject, now: Date): boolean {
  if (when === '') return true;
  const env = cronExpressionEnv(cron, now);
  const flat = flatVariables(env);
  const substituted = when.replace(tagPattern, (_whole, isExpression: string, body: string) => {
    if (isExpression === '=') return expressionTag(body, env);
    const name = body.trim();
    if (!flat.has(name)) throw new Error(`failed to resolve {{${body}}}`);
    const value = flat.get(name);
    if (typeof value !== 'string') throw new Error(`failed to resolve {{${body}}} to string`);
    return value;
  });
  return evaluateWhen(substituted);
}

function expressionTag(body: string, env: Record<string, unknown>): string {
  let value: unknown;
  try {
    value = compileExpr(body).evaluate(env);
  } catch (error) {
    throw new Error(`failed to evaluate expression: ${(error as Error).message}`);
  }
  if (value === undefined || value === null) throw new Error(`failed to evaluate expression "${body}"`);
  return exprResultToString(value);
}

/**
 * Argo's stopping condition: `stopStrategy.expression` (expr-lang) over `cronworkflow.*`; must be a
 * boolean. No stopStrategy: false. Throws an Error with Argo's wording when it cannot be evaluated.
 *
 * @example
 * evaluateStopStrategy({ expression: 'cronworkflow.failed >= 3' }, cron, now)
 */
export function evaluateStopStrategy(
  stopStrategy: { expression?: string } | undefined,
  cron: CronWorkflowObject,
  now: Date,
): boolean {
  if (!stopStrategy) return false;
  const expression = stopStrategy.expression ?? '';
  let result: unknown;
  try {
    result = compileExpr(expression).evaluate(cronExpressionEnv(cron, now));
  } catch (error) {
    throw new Error(`failed to evaluate stop expression: ${(error as Error).message}`);
  }
  if (typeof result !== 'boolean') {
    throw new Error(
      `failed to evaluate stop expression: unable to cast expression result '${String(result)}' to bool`,
    );
  }
  return result;
}
