/**
 * Lines as `argo logs` prints them: `<name>: <text>`, or `<name>: <time> <text>` with timestamps,
 * the name colored per step on a terminal. Argo prefixes the pod name; weft prefixes the node's
 * display name, which carries the attempt of a retried step (`build(1)`), and `/<container>` when
 * the line is not from `main`.
 */
import type { LogEntry } from './log-query.js';

export interface LogFormatOptions {
  /** Put each line's time (RFC 3339, nanoseconds) before its text, as `--timestamps`. */
  readonly timestamps?: boolean;
  /** Color the prefix with ANSI escapes. */
  readonly color?: boolean;
}

/** Red, green, yellow, blue, magenta, cyan: one per step, chosen by its name. */
const COLORS = [31, 32, 33, 34, 35, 36] as const;

function colorOf(name: string): number {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) >>> 0;
  return COLORS[hash % COLORS.length] as number;
}

/** The name a line is shown under: the display name, plus `/<container>` for other containers. */
export function logPrefix(entry: Pick<LogEntry, 'attempt' | 'container'>): string {
  const name = entry.attempt.displayName;
  return entry.container === 'main' ? name : `${name}/${entry.container}`;
}

/** One entry as a line of text, without its newline. */
export function formatLogEntry(entry: LogEntry, options: LogFormatOptions = {}): string {
  const prefix = logPrefix(entry);
  const shown = options.color ? `\u001b[${colorOf(prefix)}m${prefix}\u001b[0m` : prefix;
  const text = options.timestamps ? `${entry.record.time} ${entry.record.text}` : entry.record.text;
  return `${shown}: ${text}`;
}
