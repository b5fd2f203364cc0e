import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RunnerHostOptions } from './runner.js';

export interface RunnerArguments {
  readonly dir: string;
  /** Volumes other than emptyDir (default `$TMPDIR/weft-volumes`, as the host runtime's). */
  readonly volumesDir: string;
  readonly idleExitMs: number;
  readonly host: Omit<RunnerHostOptions, 'volumesDir'>;
  /** A pipe to write `ready` to once the socket listens. */
  readonly readyFd?: number;
}

export const defaultIdleExitMs = 60_000;

const isolationModes = ['auto', 'overlay', 'none'];

/** The runner's command line, or a sentence naming the bad option. */
export function parseRunnerArguments(argv: readonly string[]): RunnerArguments | string {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i] ?? '';
    const value = argv[i + 1];
    if (!['--dir', '--volumes', '--idle-exit-ms', '--host-options', '--ready-fd'].includes(name))
      return `unknown option ${JSON.stringify(name)}`;
    if (value === undefined) return `${name}: missing value`;
    values.set(name, value);
  }
  const dir = values.get('--dir');
  if (dir === undefined) return '--dir: required';
  const idleExitMs = wholeNumber(values.get('--idle-exit-ms') ?? String(defaultIdleExitMs));
  if (idleExitMs === undefined) return '--idle-exit-ms: not a whole number of milliseconds';
  const readyFd = values.has('--ready-fd') ? wholeNumber(values.get('--ready-fd') ?? '') : undefined;
  if (values.has('--ready-fd') && readyFd === undefined) return '--ready-fd: not a file descriptor';
  const host = parseHostOptions(values.get('--host-options') ?? '{}');
  if (typeof host === 'string') return host;
  return {
    dir: resolve(dir),
    volumesDir: resolve(values.get('--volumes') ?? join(tmpdir(), 'weft-volumes')),
    idleExitMs,
    host,
    ...(readyFd === undefined ? {} : { readyFd }),
  };
}

function wholeNumber(text: string): number | undefined {
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** The JSON of `--host-options`: isolation, killGraceMs, sidecarGraceMs, stdoutLimit, keepFilesystem. */
function parseHostOptions(json: string): Omit<RunnerHostOptions, 'volumesDir'> | string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return '--host-options: not JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return '--host-options: not an object';
  const options = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(options)) {
    const problem = hostOptionProblem(key, field);
    if (problem !== undefined) return `--host-options.${key}: ${problem}`;
  }
  return options as Omit<RunnerHostOptions, 'volumesDir'>;
}

function hostOptionProblem(key: string, value: unknown): string | undefined {
  switch (key) {
    case 'isolation':
      return isolationModes.includes(value as string) ? undefined : `one of ${isolationModes.join(', ')}`;
    case 'killGraceMs':
    case 'sidecarGraceMs':
    case 'stdoutLimit':
      return Number.isInteger(value) && (value as number) >= 0 ? undefined : 'not a whole number';
    case 'keepFilesystem':
      return typeof value === 'boolean' ? undefined : 'not a boolean';
    default:
      return 'unknown option';
  }
}
