/**
 * Which command lines go to a weft server, and the flags every such command shares. Pure: argv and
 * the environment in, typed arguments out, UsageError on misuse.
 *
 * - `submit list get watch retry resubmit suspend template cluster-template cron` only exist against
 *   a server; without `--server`/`WEFT_SERVER` they say so.
 * - `logs resume stop terminate delete` go to the server when one is given, else stay local.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { parseSecretArgs, parseTokenArgs } from './access-args.js';
import type { ClientArgs } from './client-types.js';
import { parseResourceArgs } from './resource-args.js';
import { parseWorkflowArgs } from './workflow-args.js';

export const serverOnlyCommands: ReadonlySet<string> = new Set([
  'submit',
  'list',
  'get',
  'watch',
  'retry',
  'resubmit',
  'suspend',
  'template',
  'cluster-template',
  'cron',
  'secret',
  'token',
]);

/** Commands that act on local runs without a server and on the server's workflows with one. */
export const sharedCommands: ReadonlySet<string> = new Set(['logs', 'resume', 'stop', 'terminate', 'delete']);

/** The usage topic of a client command (shared commands get their own, apart from the local ones). */
export function clientTopic(command: string): string {
  return sharedCommands.has(command) ? `client:${command}` : command;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The client command for argv, or undefined when argv is a local command (including a shared one
 * with no server given).
 */
export function parseClientArgs(argv: readonly string[], env: Env): ClientArgs | undefined {
  const [command, ...rest] = argv;
  if (command === undefined) return undefined;
  const serverGiven = hasServerFlag(rest) || Boolean(env.WEFT_SERVER);
  if (sharedCommands.has(command) && !serverGiven) return undefined;
  if (!serverOnlyCommands.has(command) && !sharedCommands.has(command)) return undefined;
  if (command === 'secret') return parseSecretArgs(rest, env);
  if (command === 'token') return parseTokenArgs(rest, env);
  if (command === 'template' || command === 'cluster-template' || command === 'cron')
    return parseResourceArgs(command, rest, env);
  return parseWorkflowArgs(command, rest, env);
}

function hasServerFlag(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--server' || a.startsWith('--server='));
}

/** Where to send requests and as whom; namespace defaults to `default`. */
export interface Connection {
  readonly server: string;
  readonly token?: string;
  readonly namespace: string;
}

export const connectionOptions = {
  server: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
export type ParsedFlags<T extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: true }>
>;

/** parseArgs in strict mode with messages a user can act on. */
export function parseFlags<T extends OptionsConfig>(
  argv: readonly string[],
  options: T,
  topic: string,
): ParsedFlags<T> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    const missing = /^Option '(-\w, )?(--[\w-]+) <value>' argument missing/.exec(message);
    if (unknown) throw new UsageError(`unknown flag "${unknown[1]}"`, topic);
    if (missing) throw new UsageError(`${missing[2]} needs a value`, topic);
    throw new UsageError(message, topic);
  }
}

/** The connection from `--server`/`WEFT_SERVER`, `WEFT_TOKEN` and `-n`; a usage error without a server. */
export function connectionOf(
  values: { server?: string | boolean; namespace?: string | boolean },
  env: Env,
  command: string,
  topic: string,
): Connection {
  const given = typeof values.server === 'string' ? values.server : env.WEFT_SERVER;
  if (!given)
    throw new UsageError(
      `weft ${command} talks to a weft server: give --server URL or set WEFT_SERVER (e.g. http://localhost:2746)`,
      topic,
    );
  const namespace = typeof values.namespace === 'string' ? values.namespace : 'default';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace))
    throw new UsageError(`--namespace must be a Kubernetes namespace name (got "${namespace}")`, topic);
  return {
    server: normalizeServer(given, topic),
    namespace,
    ...(env.WEFT_TOKEN ? { token: env.WEFT_TOKEN } : {}),
  };
}

/** `host:port` becomes `http://host:port`; a trailing slash is dropped; anything else must be an http(s) URL. */
export function normalizeServer(text: string, topic: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`the server must be a URL like http://localhost:2746 (got "${text}")`, topic);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`the server URL must start with http:// or https:// (got "${text}")`, topic);
  return url.href.replace(/\/+$/, '');
}

/** `NAME=VALUE` kept as the string argo's API takes; the name must not be empty. */
export function checkParameter(text: string, topic: string): string {
  if (text.indexOf('=') <= 0) throw new UsageError(`parameter "${text}" must look like NAME=VALUE`, topic);
  return text;
}

export const OutputFormats = ['name', 'json', 'yaml', 'wide'] as const;
export type ClientOutput = (typeof OutputFormats)[number];

export function parseOutput(value: string | undefined, topic: string): ClientOutput | undefined {
  if (value === undefined) return undefined;
  if ((OutputFormats as readonly string[]).includes(value)) return value as ClientOutput;
  throw new UsageError(`--output must be one of ${OutputFormats.join(', ')} (got "${value}")`, topic);
}

/** A whole number ≥ min given to `flag`. */
export function parseCount(
  value: string | undefined,
  flag: string,
  topic: string,
  min = 1,
): number | undefined {
  if (value === undefined) return undefined;
  const count = Number(value);
  if (!/^-?\d+$/.test(value) || count < min)
    throw new UsageError(`${flag} must be a whole number of at least ${min} (got "${value}")`, topic);
  return count;
}
