/** Command-line parsing with `node:util` parseArgs. Pure: argv in, a typed command out, UsageError on misuse. */
import { parseArgs } from 'node:util';
import { parseImageAliases } from '@weft/engine';
import {
  type ArtifactsGetArgs,
  type DeleteArgs,
  parseArtifactsArgs,
  parseByteSize,
  parseDeleteArgs,
} from './artifacts/artifacts-args.js';
import {
  type ControlArgs,
  parseControlArgs,
  parseScheduledResume,
  parseSuppliedValue,
  type ScheduledResume,
  type SuppliedValue,
} from './control-args.js';
import { UsageError } from './errors.js';
import { type LogsArgs, parseLogsArgs } from './logs-args.js';

export const OutputFormat = { json: 'json', yaml: 'yaml', wide: 'wide' } as const;
export type OutputFormat = (typeof OutputFormat)[keyof typeof OutputFormat];

export interface Parameter {
  readonly name: string;
  readonly value: string;
}

export interface RunArgs {
  readonly command: 'run';
  readonly files: readonly string[];
  readonly parameters: readonly Parameter[];
  readonly parameterFile?: string;
  readonly entrypoint?: string;
  readonly output?: OutputFormat;
  readonly runtime: 'host' | 'podman';
  /** `--image-alias FROM=TO` / `local` (podman runtime): images run instead of the ones named. */
  readonly imageAliases?: Readonly<Record<string, string>>;
  readonly runDir?: string;
  /** `--resume-after SECONDS[:NODE]`, in order given. */
  readonly resumeAfter: readonly ScheduledResume[];
  /** `--set NODE:NAME=VALUE`: supplied outputs given with those resumes. */
  readonly supplied: readonly SuppliedValue[];
  /** `--artifact-size-limit SIZE` in bytes. */
  readonly artifactSizeLimit?: number;
}

export interface LintArgs {
  readonly command: 'lint';
  readonly files: readonly string[];
}

export interface HelpArgs {
  readonly command: 'help';
  readonly topic?: string;
}

export interface VersionArgs {
  readonly command: 'version';
}

export type CliArgs =
  | RunArgs
  | LintArgs
  | HelpArgs
  | VersionArgs
  | ControlArgs
  | LogsArgs
  | ArtifactsGetArgs
  | DeleteArgs;

/** Parses the arguments after `weft` (i.e. `process.argv.slice(2)`). */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help') return { command: 'help' };
  if (first === 'help') return { command: 'help', topic: rest[0] };
  if (first === 'version' || first === '--version') return { command: 'version' };
  if (first === 'run') return parseRunArgs(rest);
  if (first === 'lint') return parseLintArgs(rest);
  if (first === 'logs') return parseLogsArgs(rest);
  if (first === 'artifacts') return parseArtifactsArgs(rest);
  if (first === 'delete') return parseDeleteArgs(rest);
  if (first === 'resume' || first === 'stop' || first === 'terminate') return parseControlArgs(first, rest);
  if (first === 'node') return parseNodeArgs(rest);
  if (first.startsWith('-')) throw new UsageError(`unknown flag "${first}"`);
  throw new UsageError(`unknown command "${first}"`);
}

function parseStrict<T extends Parameters<typeof parseArgs>[0]>(config: T, command: string) {
  try {
    return parseArgs({ ...config, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(describeParseError(error), command);
  }
}

/** parseArgs' messages, shortened to what a user needs. */
function describeParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  return unknown ? `unknown flag "${unknown[1]}"` : message;
}

const runOptions = {
  parameter: { type: 'string', short: 'p', multiple: true },
  'parameter-file': { type: 'string', short: 'f' },
  entrypoint: { type: 'string' },
  output: { type: 'string', short: 'o' },
  runtime: { type: 'string' },
  'image-alias': { type: 'string', multiple: true },
  'run-dir': { type: 'string' },
  'resume-after': { type: 'string', multiple: true },
  set: { type: 'string', multiple: true },
  'artifact-size-limit': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseRunArgs(argv: readonly string[]): RunArgs | HelpArgs {
  const { values, positionals } = parseStrict({ args: [...argv], options: runOptions }, 'run');
  if (values.help) return { command: 'help', topic: 'run' };
  if (positionals.length === 0) throw new UsageError('weft run needs at least one FILE', 'run');
  return {
    command: 'run',
    files: positionals,
    parameters: (values.parameter ?? []).map(splitParameter),
    parameterFile: values['parameter-file'],
    entrypoint: values.entrypoint,
    output: parseOutput(values.output),
    runtime: parseRuntime(values.runtime),
    ...imageAliasesOf(values['image-alias']),
    runDir: values['run-dir'],
    resumeAfter: (values['resume-after'] ?? []).map(parseScheduledResume),
    supplied: (values.set ?? []).map(parseSuppliedValue),
    ...(values['artifact-size-limit'] === undefined
      ? {}
      : { artifactSizeLimit: parseByteSize(values['artifact-size-limit'], '--artifact-size-limit') }),
  };
}

/** `weft node set ...`: the only `node` subcommand so far. */
function parseNodeArgs(argv: readonly string[]): ControlArgs | HelpArgs {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') return { command: 'help', topic: 'node' };
  if (sub !== 'set') throw new UsageError(`unknown node subcommand "${sub}" (only "set")`, 'node');
  return parseControlArgs('node-set', rest);
}

export function parseLintArgs(argv: readonly string[]): LintArgs | HelpArgs {
  const options = { help: { type: 'boolean', short: 'h' } } as const;
  const { values, positionals } = parseStrict({ args: [...argv], options }, 'lint');
  if (values.help) return { command: 'help', topic: 'lint' };
  if (positionals.length === 0) throw new UsageError('weft lint needs at least one FILE', 'lint');
  return { command: 'lint', files: positionals };
}

/** Splits `NAME=VALUE` on the first `=`; the value may itself contain `=` or be empty. */
export function splitParameter(text: string): Parameter {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`parameter "${text}" must look like NAME=VALUE`, 'run');
  return { name: text.slice(0, at), value: text.slice(at + 1) };
}

function parseOutput(value: string | undefined): OutputFormat | undefined {
  if (value === undefined) return undefined;
  if (Object.hasOwn(OutputFormat, value)) return value as OutputFormat;
  throw new UsageError(`--output must be one of json, yaml, wide (got "${value}")`, 'run');
}

function parseRuntime(value: string | undefined): 'host' | 'podman' {
  if (value === undefined || value === 'host' || value === 'podman') return value ?? 'host';
  throw new UsageError(`--runtime must be "host" or "podman" (got "${value}")`, 'run');
}

/** Aliases apply to every podman step: all with --runtime podman, else those annotated weft.dev/runtime: podman. */
function imageAliasesOf(entries: readonly string[] | undefined): {
  imageAliases?: Readonly<Record<string, string>>;
} {
  if (entries === undefined) return {};
  const table = parseImageAliases(entries);
  if (typeof table === 'string') throw new UsageError(table, 'run');
  return { imageAliases: table };
}
