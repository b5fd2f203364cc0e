/** Parsing of `weft list` and `weft logs` (argo's flag names). Pure. */
import { goDurationMs } from '@weft/core';
import { UsageError } from '../errors.js';
import { parseCount, parseOutput } from './client-args.js';
import type { ClientLogsArgs, ListArgs } from './client-types.js';

/** parseArgs' values, loosely typed for the helpers below. */
export type Values = Record<string, string | boolean | string[] | undefined>;

const phases = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error'];

export function parseList(
  v: Values,
  positionals: readonly string[],
  topic: string,
): Omit<ListArgs, 'connection'> {
  if (positionals.length > 0)
    throw new UsageError(`weft list takes no arguments (got ${positionals.join(' ')})`, topic);
  const statuses = [...list(v.status), ...list(v.phase)].flatMap((s) => s.split(',')).filter(Boolean);
  for (const status of statuses)
    if (!phases.includes(status))
      throw new UsageError(`--status must be one of ${phases.join(', ')} (got "${status}")`, topic);
  const since = str(v.since);
  return {
    action: 'list',
    statuses,
    labels: str(v.selector),
    template: str(v.template),
    ...(since === undefined ? {} : { sinceMs: parseSince(since, '--since', topic) }),
    limit: parseCount(str(v.limit), '--limit', topic),
    chunkSize: parseCount(str(v['chunk-size']), '--chunk-size', topic, 0),
    output: parseOutput(str(v.output), topic),
  };
}

export function parseLogs(
  v: Values,
  positionals: readonly string[],
  topic: string,
): Omit<ClientLogsArgs, 'connection'> {
  if (positionals.length === 0 || positionals.length > 2)
    throw new UsageError('weft logs needs WORKFLOW [POD_OR_NODE]', topic);
  if (positionals[1] !== undefined && v.node !== undefined)
    throw new UsageError('give the node either as POD_OR_NODE or as --node, not both', topic);
  if (v.since !== undefined && v['since-time'] !== undefined)
    throw new UsageError('only one of --since and --since-time may be used', topic);
  const since = str(v.since);
  const sinceTime = str(v['since-time']);
  if (
    sinceTime !== undefined &&
    (!/^\d{4}-\d\d-\d\dT/.test(sinceTime) || Number.isNaN(Date.parse(sinceTime)))
  )
    throw new UsageError(`--since-time must be an RFC 3339 time (got "${sinceTime}")`, topic);
  const grep = str(v.grep);
  if (grep !== undefined) checkRegExp(grep, topic);
  const tail = str(v.tail);
  return {
    action: 'logs',
    name: positionals[0] as string,
    podName: positionals[1] ?? str(v.node),
    container: str(v.container),
    follow: v.follow === true,
    grep,
    timestamps: v.timestamps === true,
    ...(since === undefined ? {} : { sinceSeconds: Math.ceil(parseSince(since, '--since', topic) / 1000) }),
    sinceTime,
    // argo's default, -1, means every line.
    ...(tail === undefined || tail === '-1' ? {} : { tail: parseCount(tail, '--tail', topic, 0) }),
    noColor: v['no-color'] === true,
  };
}

/** A Go duration (`90s`, `2h30m`) or argo's days (`3d`), in milliseconds, more than zero. */
export function parseSince(text: string, flag: string, topic: string): number {
  const days = /^(\d+)d$/.exec(text);
  const ms = days ? Number(days[1]) * 86_400_000 : /^[+-]/.test(text) ? undefined : goDurationMs(text);
  if (ms === undefined || ms <= 0)
    throw new UsageError(`${flag} must be a duration like 10m, 3h or 2d (got "${text}")`, topic);
  return ms;
}

function checkRegExp(text: string, topic: string): void {
  try {
    new RegExp(text);
  } catch (error) {
    throw new UsageError(`--grep is not a valid regular expression: ${(error as Error).message}`, topic);
  }
}

export function str(value: Values[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function list(value: Values[string]): string[] {
  return Array.isArray(value) ? value : [];
}
