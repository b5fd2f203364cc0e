/** Parsing of `weft template|cluster-template|cron SUBCOMMAND …` (argo's flag names). Pure. */
import { UsageError } from '../errors.js';
import { ResourceKind } from './api.js';
import { connectionOf, connectionOptions, parseCount, parseFlags, parseOutput } from './client-args.js';
import type { ClientArgs } from './client-types.js';

type Env = Readonly<Record<string, string | undefined>>;
type Group = 'template' | 'cluster-template' | 'cron';

const kindOf: Readonly<Record<Group, ResourceKind>> = {
  template: ResourceKind.WorkflowTemplate,
  'cluster-template': ResourceKind.ClusterWorkflowTemplate,
  cron: ResourceKind.CronWorkflow,
};

const common = ['create', 'list', 'get', 'delete', 'lint', 'runs'];
const subcommandsOf: Readonly<Record<Group, readonly string[]>> = {
  template: common,
  'cluster-template': common,
  cron: [...common, 'suspend', 'resume'],
};

const subOptions = {
  output: { type: 'string', short: 'o' },
  selector: { type: 'string', short: 'l' },
  all: { type: 'boolean' },
  limit: { type: 'string' },
} as const;

/** Which of subOptions each subcommand takes. */
const allowedFlags: Readonly<Record<string, readonly string[]>> = {
  create: ['output'],
  lint: [],
  list: ['output', 'selector'],
  get: ['output'],
  delete: ['all'],
  runs: ['output', 'limit'],
  suspend: [],
  resume: [],
};

export function parseResourceArgs(group: Group, argv: readonly string[], env: Env): ClientArgs {
  const [sub, ...rest] = argv;
  const subcommands = subcommandsOf[group];
  if (sub === undefined || sub === '-h' || sub === '--help') return { action: 'help', topic: group };
  if (!subcommands.includes(sub))
    throw new UsageError(`unknown ${group} subcommand "${sub}" (one of ${subcommands.join(', ')})`, group);
  const { values, positionals } = parseFlags(rest, { ...connectionOptions, ...subOptions }, group);
  if (values.help) return { action: 'help', topic: group };
  for (const flag of Object.keys(subOptions)) {
    if (values[flag as keyof typeof subOptions] !== undefined && !allowedFlags[sub]?.includes(flag))
      throw new UsageError(`weft ${group} ${sub} takes no --${flag}`, group);
  }
  const connection = connectionOf(values, env, `${group} ${sub}`, group);
  const output = parseOutput(values.output, group);
  const kind = kindOf[group];
  if (sub === 'runs') {
    if (positionals.length !== 1) throw new UsageError(`weft ${group} runs needs one NAME`, group);
    const limit = parseCount(values.limit, '--limit', group);
    return { action: 'runs', kind, connection, name: positionals[0] as string, limit, output };
  }
  if (sub === 'suspend' || sub === 'resume') {
    if (positionals.length === 0) throw new UsageError(`weft cron ${sub} needs at least one NAME`, group);
    return { action: sub === 'suspend' ? 'cron-suspend' : 'cron-resume', connection, names: positionals };
  }
  checkOperands(group, sub, positionals, values.all === true);
  return {
    action: `resource-${sub}` as 'resource-create',
    kind,
    connection,
    operands: positionals,
    all: values.all === true,
    labels: values.selector,
    output,
  };
}

function checkOperands(group: Group, sub: string, operands: readonly string[], all: boolean): void {
  const need = (what: string) => new UsageError(`weft ${group} ${sub} needs ${what}`, group);
  if (sub === 'create' || sub === 'lint') {
    if (operands.length === 0) throw need('at least one FILE');
  } else if (sub === 'get') {
    if (operands.length === 0) throw need('at least one NAME');
  } else if (sub === 'delete') {
    if (all && operands.length > 0) throw new UsageError('give names or --all, not both', group);
    if (!all && operands.length === 0) throw need('at least one NAME (or --all)');
  } else if (sub === 'list' && operands.length > 0) {
    throw new UsageError(`weft ${group} list takes no arguments (got ${operands.join(' ')})`, group);
  }
}
