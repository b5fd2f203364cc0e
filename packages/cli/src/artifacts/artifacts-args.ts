/** Parsing of `weft artifacts get RUN_DIR NODE NAME [-o PATH]` and `weft delete RUN_DIR`. */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

export interface ArtifactsGetArgs {
  readonly command: 'artifacts-get';
  readonly runDir: string;
  /** A node's id or display name. */
  readonly node: string;
  readonly name: string;
  /** Where to write the file or directory (default: the artifact's name in the current directory). */
  readonly output?: string;
  /** Files with Secret manifests for the repository's credentials. */
  readonly secretFiles: readonly string[];
}

export interface DeleteArgs {
  readonly command: 'delete';
  readonly runDir: string;
  readonly secretFiles: readonly string[];
}

type HelpArgs = { readonly command: 'help'; readonly topic?: string };

function parse(
  argv: readonly string[],
  options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>,
  topic: string,
) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const unknown = /^Unknown option '([^']+)'/.exec(message);
    throw new UsageError(unknown ? `unknown flag "${unknown[1]}"` : message, topic);
  }
}

/** `weft artifacts SUBCOMMAND …`: only `get` so far. */
export function parseArtifactsArgs(argv: readonly string[]): ArtifactsGetArgs | HelpArgs {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') return { command: 'help', topic: 'artifacts' };
  if (sub !== 'get') throw new UsageError(`unknown artifacts subcommand "${sub}" (only "get")`, 'artifacts');
  const options = {
    output: { type: 'string', short: 'o' },
    secret: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const { values, positionals } = parse(rest, options, 'artifacts');
  if (values.help) return { command: 'help', topic: 'artifacts' };
  if (positionals.length !== 3)
    throw new UsageError('weft artifacts get needs RUN_DIR NODE NAME', 'artifacts');
  const [runDir, node, name] = positionals as [string, string, string];
  return {
    command: 'artifacts-get',
    runDir,
    node,
    name,
    ...(typeof values.output === 'string' ? { output: values.output } : {}),
    secretFiles: (values.secret as string[] | undefined) ?? [],
  };
}

/** `weft delete RUN_DIR`: removes a local run, deleting its OnWorkflowDeletion artifacts first. */
export function parseDeleteArgs(argv: readonly string[]): DeleteArgs | HelpArgs {
  const options = {
    secret: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const { values, positionals } = parse(argv, options, 'delete');
  if (values.help) return { command: 'help', topic: 'delete' };
  if (positionals.length !== 1) throw new UsageError('weft delete needs one RUN_DIR', 'delete');
  return {
    command: 'delete',
    runDir: positionals[0] as string,
    secretFiles: (values.secret as string[] | undefined) ?? [],
  };
}

/** Bytes from `100`, `10Ki`, `5Mi`, `1Gi`, `2G` (Kubernetes quantity suffixes). */
export function parseByteSize(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(Ki|Mi|Gi|Ti|K|M|G|T|k)?B?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} must be a size like 500Mi or 2Gi (got "${text}")`, 'run');
  const factors: Record<string, number> = {
    '': 1,
    k: 1e3,
    K: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
  };
  return Math.floor(Number(match[1]) * (factors[match[2] ?? ''] ?? 1));
}
