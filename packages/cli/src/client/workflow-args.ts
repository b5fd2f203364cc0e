/** Parsing of the client's workflow commands (argo's flag names). Pure. */
import { UsageError } from '../errors.js';
import {
  checkParameter,
  clientTopic,
  connectionOf,
  connectionOptions,
  parseFlags,
  parseOutput,
} from './client-args.js';
import type { ClientArgs, FollowFlags, SubmitArgs } from './client-types.js';
import { list, parseList, parseLogs, str, type Values } from './query-args.js';

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

function followFlagsOf(v: Values, topic: string): FollowFlags {
  if (v.wait === true && v.watch === true)
    throw new UsageError('--wait cannot be combined with --watch', topic);
  return { wait: v.wait === true, watch: v.watch === true, log: v.log === true };
}

function exactlyOne(positionals: readonly string[], message: string, topic: string): string {
  if (positionals.length !== 1) throw new UsageError(message, topic);
  return positionals[0] as string;
}
