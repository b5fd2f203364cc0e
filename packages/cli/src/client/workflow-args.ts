/** Parsing of the client's workflow commands (argo's flag names). Pure. */
import { goDurationMs } from '@weft/core';
import { UsageError } from '../errors.js';
import {
  checkParameter,
  clientTopic,
  connectionOf,
  connectionOptions,
  parseCount,
  parseFlags,
  parseOutput,
} from './client-args.js';
import type { ClientArgs, ClientLogsArgs, FollowFlags, ListArgs, SubmitArgs } from './client-types.js';

type Env = Readonly<Record<string, string | undefined>>;

const followOptions = {
  wait: { type: 'boolean', short: 'w' },
  watch: { type: 'boolean' },
  log: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  parameter: { type: 'string', short: 'p', multiple: true },
} as const;

const optionsOf = {
  submit: {
    ...followOptions,
    from: { type: 'string' },
    'parameter-file': { type: 'string', short: 'f' },
    entrypoint: { type: 'string' },
    labels: { type: 'string', short: 'l' },
    'generate-name': { type: 'string' },
    name: { type: 'string' },
  },
  list: {
    status: { type: 'string', multiple: true },
    phase: { type: 'string', multiple: true },
    selector: { type: 'string', short: 'l' },
    template: { type: 'string' },
    since: { type: 'string' },
    limit: { type: 'string' },
    'chunk-size': { type: 'string' },
    output: { type: 'string', short: 'o' },
  },
  get: { output: { type: 'string', short: 'o' } },
  watch: {},
  logs: {
    node: { type: 'string' },
    container: { type: 'string', short: 'c' },
    follow: { type: 'boolean', short: 'f' },
    grep: { type: 'string' },
    timestamps: { type: 'boolean' },
    since: { type: 'string' },
    'since-time': { type: 'string' },
    tail: { type: 'string' },
    'no-color': { type: 'boolean' },
  },
  retry: {
    ...followOptions,
    'node-field-selector': { type: 'string' },
    'restart-successful': { type: 'boolean' },
  },
  resubmit: { ...followOptions, memoized: { type: 'boolean' } },
  stop: { message: { type: 'string' }, 'node-field-selector': { type: 'string' } },
  terminate: {},
  suspend: {},
  resume: { 'node-field-selector': { type: 'string' } },
  delete: { all: { type: 'boolean' } },
} as const;

type WorkflowCommand = keyof typeof optionsOf;
type Values = Record<string, string | boolean | string[] | undefined>;

export function parseWorkflowArgs(command: string, argv: readonly string[], env: Env): ClientArgs {
  const topic = clientTopic(command);
  if (!Object.hasOwn(optionsOf, command)) throw new UsageError(`unknown command "${command}"`);
  const options = { ...connectionOptions, ...optionsOf[command as WorkflowCommand] };
  const { values, positionals } = parseFlags(argv, options, topic);
  if (values.help) return { action: 'help', topic };
  const connection = connectionOf(values, env, command, topic);
  const v = values as Values;
  const one = (what: string) => exactlyOne(positionals, `weft ${command} needs one ${what}`, topic);
  switch (command as WorkflowCommand) {
    case 'submit':
      return { connection, ...parseSubmit(v, positionals, topic) };
    case 'list':
      return { connection, ...parseList(v, positionals, topic) };
    case 'get':
      return { action: 'get', connection, name: one('WORKFLOW'), output: parseOutput(str(v.output), topic) };
    case 'watch':
      return { action: 'watch', connection, name: one('WORKFLOW') };
    case 'logs':
      return { connection, ...parseLogs(v, positionals, topic) };
    case 'retry':
      return {
        action: 'retry',
        connection,
        name: one('WORKFLOW'),
        ...followFlagsOf(v, topic),
        nodeFieldSelector: str(v['node-field-selector']),
        restartSuccessful: v['restart-successful'] === true,
        parameters: list(v.parameter).map((p) => checkParameter(p, topic)),
        output: parseOutput(str(v.output), topic),
      };
    case 'resubmit':
      return {
        action: 'resubmit',
        connection,
        name: one('WORKFLOW'),
        ...followFlagsOf(v, topic),
        memoized: v.memoized === true,
        parameters: list(v.parameter).map((p) => checkParameter(p, topic)),
        output: parseOutput(str(v.output), topic),
      };
    case 'delete':
      if (v.all === true && positionals.length > 0)
        throw new UsageError('give workflow names or --all, not both', topic);
      if (v.all !== true && positionals.length === 0)
        throw new UsageError('weft delete needs at least one WORKFLOW (or --all)', topic);
      return { action: 'delete', connection, names: positionals, all: v.all === true };
    default: {
      if (positionals.length === 0)
        throw new UsageError(`weft ${command} needs at least one WORKFLOW`, topic);
      const action = command as 'stop' | 'terminate' | 'suspend' | 'resume';
      return {
        action,
        connection,
        names: positionals,
        nodeFieldSelector: str(v['node-field-selector']),
        message: str(v.message),
      };
    }
  }
}

const fromKinds: Readonly<Record<string, string>> = {
  workflowtemplate: 'WorkflowTemplate',
  workflowtemplates: 'WorkflowTemplate',
  wftmpl: 'WorkflowTemplate',
  clusterworkflowtemplate: 'ClusterWorkflowTemplate',
  clusterworkflowtemplates: 'ClusterWorkflowTemplate',
  cwftmpl: 'ClusterWorkflowTemplate',
  cronworkflow: 'CronWorkflow',
  cronworkflows: 'CronWorkflow',
  cronwf: 'CronWorkflow',
};

/** `kind/name` of `--from`, the kind in any of argo's spellings. */
export function parseFrom(text: string, topic: string): { kind: string; name: string } {
  const at = text.indexOf('/');
  const kind = fromKinds[text.slice(0, Math.max(at, 0)).toLowerCase()];
  const name = text.slice(at + 1);
  if (at <= 0 || !name || !kind)
    throw new UsageError(
      `--from must be KIND/NAME with KIND workflowtemplate, clusterworkflowtemplate or cronworkflow (got "${text}")`,
      topic,
    );
  return { kind, name };
}

function parseSubmit(v: Values, files: readonly string[], topic: string): Omit<SubmitArgs, 'connection'> {
  const from = str(v.from);
  if (from !== undefined && files.length > 0)
    throw new UsageError('cannot combine --from with FILE arguments', topic);
  if (from === undefined && files.length === 0)
    throw new UsageError('weft submit needs FILE... or --from KIND/NAME', topic);
  return {
    action: 'submit',
    files,
    ...(from === undefined ? {} : { from: parseFrom(from, topic) }),
    ...followFlagsOf(v, topic),
    parameters: list(v.parameter).map((p) => checkParameter(p, topic)),
    parameterFile: str(v['parameter-file']),
    entrypoint: str(v.entrypoint),
    labels: str(v.labels),
    generateName: str(v['generate-name']),
    name: str(v.name),
    output: parseOutput(str(v.output), topic),
  };
}

const phases = ['Pending', 'Running', 'Succeeded', 'Failed', 'Error'];

function parseList(v: Values, positionals: readonly string[], topic: string): Omit<ListArgs, 'connection'> {
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

function parseLogs(
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

function followFlagsOf(v: Values, topic: string): FollowFlags {
  if (v.wait === true && v.watch === true)
    throw new UsageError('--wait cannot be combined with --watch', topic);
  return { wait: v.wait === true, watch: v.watch === true, log: v.log === true };
}

function checkRegExp(text: string, topic: string): void {
  try {
    new RegExp(text);
  } catch (error) {
    throw new UsageError(`--grep is not a valid regular expression: ${(error as Error).message}`, topic);
  }
}

function exactlyOne(positionals: readonly string[], message: string, topic: string): string {
  if (positionals.length !== 1) throw new UsageError(message, topic);
  return positionals[0] as string;
}

function str(value: Values[string]): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function list(value: Values[string]): string[] {
  return Array.isArray(value) ? value : [];
}
