/**
 * Parsing of the commands that act on a running `weft run` (Argo's `resume`, `stop`, `terminate`,
 * `node set`) and of `weft run`'s scripted-resume flags (`--resume-after`, `--set`).
 */
import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

export type ControlCommand = 'resume' | 'stop' | 'terminate' | 'node-set';

export interface ControlArgs {
  readonly command: ControlCommand;
  /** A run directory, or a run's name under `.weft-runs/`; absent: the only running run there. */
  readonly run?: string;
  /** Display name (or name, or id) of the suspended node to act on. */
  readonly node?: string;
  /** Supplied output parameters to set, by name. */
  readonly values: Readonly<Record<string, string>>;
}

/** `--resume-after SECONDS[:NODE]`: once NODE (or anything) is suspended, wait, then resume it. */
export interface ScheduledResume {
  readonly seconds: number;
  readonly node?: string;
}

/** `--set NODE:NAME=VALUE`: a supplied output parameter given when NODE is resumed by `--resume-after`. */
export interface SuppliedValue {
  readonly node: string;
  readonly name: string;
  readonly value: string;
}

const controlOptions = {
  node: { type: 'string' },
  parameter: { type: 'string', short: 'p', multiple: true },
  'output-parameter': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses `weft resume|stop|terminate ...` and `weft node set ...` (argv after the command word(s)). */
export function parseControlArgs(
  command: ControlCommand,
  argv: readonly string[],
): ControlArgs | { command: 'help'; topic: string } {
  const topic = command === 'node-set' ? 'node' : command;
  let parsed: ReturnType<typeof parseArgs<{ options: typeof controlOptions; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: controlOptions, strict: true, allowPositionals: true });
  } catch (error) {
    const unknown = /^Unknown option '([^']+)'/.exec((error as Error).message);
    throw new UsageError(unknown ? `unknown flag "${unknown[1]}"` : (error as Error).message, topic);
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help', topic };
  if (positionals.length > 1)
    throw new UsageError(`expected at most one RUN, got ${positionals.join(' ')}`, topic);
  const given = [...(values.parameter ?? []), ...(values['output-parameter'] ?? [])];
  if ((command === 'stop' || command === 'terminate') && (given.length > 0 || values.node !== undefined))
    throw new UsageError(`weft ${command} takes no --node or -p`, topic);
  if (command === 'node-set' && (values.node === undefined || given.length === 0))
    throw new UsageError('weft node set needs --node NAME and at least one -p NAME=VALUE', topic);
  return {
    command,
    ...(positionals[0] !== undefined ? { run: positionals[0] } : {}),
    ...(values.node !== undefined ? { node: values.node } : {}),
    values: Object.fromEntries(given.map((text) => splitNameValue(text, topic))),
  };
}

function splitNameValue(text: string, topic: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`"${text}" must look like NAME=VALUE`, topic);
  return [text.slice(0, at), text.slice(at + 1)];
}

/** `SECONDS[:NODE]`, SECONDS a non-negative number. */
export function parseScheduledResume(text: string): ScheduledResume {
  const at = text.indexOf(':');
  const seconds = at < 0 ? text : text.slice(0, at);
  const node = at < 0 ? undefined : text.slice(at + 1);
  if (!/^\d+(\.\d+)?$/.test(seconds) || node === '')
    throw new UsageError(`--resume-after must look like SECONDS or SECONDS:NODE (got "${text}")`, 'run');
  return { seconds: Number(seconds), ...(node !== undefined ? { node } : {}) };
}

/** `NODE:NAME=VALUE`; the value may hold `:` and `=`. */
export function parseSuppliedValue(text: string): SuppliedValue {
  const match = /^([^:=]+):([^=]+)=(.*)$/s.exec(text);
  if (!match) throw new UsageError(`--set must look like NODE:NAME=VALUE (got "${text}")`, 'run');
  return { node: match[1] as string, name: match[2] as string, value: match[3] as string };
}
