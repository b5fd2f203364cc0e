/** Parsing of `weft logs` (Argo's `argo logs WORKFLOW [POD]` flags, for a local run). Pure. */
import { parseArgs } from 'node:util';
import { goDurationMs } from '@weft/core';
import { UsageError } from './errors.js';

export interface LogsArgs {
  readonly command: 'logs';
  /** A run directory, or a run's name under `.weft-runs/`; absent: the most recent run there. */
  readonly run?: string;
  /** `--node NAME` or the second positional (Argo's POD). */
  readonly node?: string;
  /** `-c/--container`; absent: `main` (or the main containers of a Pod without one). */
  readonly container?: string;
  readonly follow: boolean;
  readonly timestamps: boolean;
  readonly grep?: RegExp;
  readonly tail?: number;
  /** `--since`: milliseconds before now. */
  readonly sinceMs?: number;
  /** `--since-time`: epoch milliseconds. */
  readonly sinceTime?: number;
  readonly noColor: boolean;
}

const logsOptions = {
  node: { type: 'string' },
  container: { type: 'string', short: 'c' },
  follow: { type: 'boolean', short: 'f' },
  timestamps: { type: 'boolean' },
  grep: { type: 'string' },
  tail: { type: 'string' },
  since: { type: 'string' },
  'since-time': { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A Go duration (`5s`, `2m`, `1h30m`, `500ms`, `1.5h`) in milliseconds; a positive one with a unit. */
export function parseGoDuration(text: string): number {
  if (text === '') throw new UsageError('--since needs a duration like 5s, 2m or 3h', 'logs');
  const ms = /^[+-]/.test(text) ? undefined : goDurationMs(text);
  if (ms === undefined || text === '0')
    throw new UsageError(`--since must be a duration like 5s, 2m or 3h (got "${text}")`, 'logs');
  return ms;
}

function parseTail(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const count = Number(text);
  if (!Number.isInteger(count)) throw new UsageError(`--tail must be a whole number (got "${text}")`, 'logs');
  // Argo's default, -1, means all lines.
  return count < 0 ? undefined : count;
}

function parseGrep(text: string | undefined): RegExp | undefined {
  if (text === undefined) return undefined;
  try {
    return new RegExp(text);
  } catch (error) {
    throw new UsageError(`--grep is not a valid regular expression: ${(error as Error).message}`, 'logs');
  }
}

function parseSinceTime(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (!/^\d{4}-\d\d-\d\dT/.test(text) || Number.isNaN(time))
    throw new UsageError(`--since-time must be an RFC 3339 time (got "${text}")`, 'logs');
  return time;
}

/** Parses the arguments after `weft logs`. */
export function parseLogsArgs(argv: readonly string[]): LogsArgs | { command: 'help'; topic: string } {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof logsOptions; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: logsOptions, strict: true, allowPositionals: true });
  } catch (error) {
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message);
    throw new UsageError(unknown ? `unknown flag "${unknown[1]}"` : (error as Error).message, 'logs');
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help', topic: 'logs' };
  if (positionals.length > 2)
    throw new UsageError(`expected RUN [NODE], got ${positionals.join(' ')}`, 'logs');
  if (positionals[1] !== undefined && values.node !== undefined)
    throw new UsageError('give the node either as NODE or as --node, not both', 'logs');
  if (values.since !== undefined && values['since-time'] !== undefined)
    throw new UsageError('only one of --since and --since-time may be used', 'logs');
  return {
    command: 'logs',
    run: positionals[0],
    node: values.node ?? positionals[1],
    container: values.container,
    follow: values.follow ?? false,
    timestamps: values.timestamps ?? false,
    grep: parseGrep(values.grep),
    tail: parseTail(values.tail),
    sinceMs: values.since === undefined ? undefined : parseGoDuration(values.since),
    sinceTime: parseSinceTime(values['since-time']),
    noColor: values['no-color'] ?? false,
  };
}
