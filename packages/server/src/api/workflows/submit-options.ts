/** Argo's `SubmitOpts` (submit-from bodies) and what the controller's SubmitOptions takes of them. */
import type { SubmitOptions } from '../../controller/types.js';
import { type FieldViolation, invalidArgument } from '../errors/api-error.js';
import { generateNameSchema, objectNameSchema } from '../schemas/names.js';

export interface SubmitOpts {
  readonly annotations?: string;
  readonly artifacts?: readonly string[];
  readonly dryRun?: boolean;
  readonly entryPoint?: string;
  readonly generateName?: string;
  readonly labels?: string;
  readonly name?: string;
  readonly ownerReference?: unknown;
  readonly parameters?: readonly string[];
  readonly podPriorityClassName?: string;
  readonly priority?: number;
  readonly serverDryRun?: boolean;
  readonly serviceAccount?: string;
}

export const submitOptsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    annotations: { type: 'string', description: '`a=b,c=d`' },
    artifacts: { type: 'array', items: { type: 'string' }, description: 'Not supported by weft yet.' },
    dryRun: { type: 'boolean' },
    entryPoint: { type: 'string' },
    generateName: generateNameSchema,
    labels: { type: 'string', description: '`a=b,c=d`' },
    name: objectNameSchema(63),
    ownerReference: { type: 'object', description: 'Not supported by weft.' },
    parameters: { type: 'array', items: { type: 'string' }, description: '`NAME=VALUE` each' },
    podPriorityClassName: { type: 'string', description: 'Not supported by weft.' },
    priority: { type: 'integer', description: 'Not supported by weft.' },
    serverDryRun: { type: 'boolean' },
    serviceAccount: { type: 'string' },
  },
} as const;

function pairsProblems(value: string | undefined, field: string): FieldViolation[] {
  if (!value) return [];
  return value
    .split(',')
    .filter((pair) => !/^[^=]+=/.test(pair.trim()))
    .map((pair) => ({ field, description: `"${pair}" is not NAME=VALUE` }));
}

function unsupported(opts: SubmitOpts): FieldViolation[] {
  const out: FieldViolation[] = [];
  const say = (field: string) =>
    out.push({ field: `submitOptions.${field}`, description: 'is not supported by weft' });
  if ((opts.artifacts?.length ?? 0) > 0) say('artifacts');
  if (opts.ownerReference !== undefined) say('ownerReference');
  if (opts.podPriorityClassName) say('podPriorityClassName');
  if (opts.priority !== undefined) say('priority');
  return out;
}

export function submitOptionsOf(opts: SubmitOpts | undefined): SubmitOptions {
  if (!opts) return {};
  const problems = [
    ...unsupported(opts),
    ...(opts.parameters ?? []).flatMap((p, i) =>
      p.includes('=')
        ? []
        : [{ field: `submitOptions.parameters[${i}]`, description: `"${p}" is not NAME=VALUE` }],
    ),
    ...pairsProblems(opts.labels, 'submitOptions.labels'),
    ...pairsProblems(opts.annotations, 'submitOptions.annotations'),
  ];
  if (problems.length > 0) throw invalidArgument(problems);
  return {
    parameters: opts.parameters,
    entryPoint: opts.entryPoint || undefined,
    labels: opts.labels || undefined,
    annotations: opts.annotations || undefined,
    name: opts.name || undefined,
    generateName: opts.generateName || undefined,
    serviceAccount: opts.serviceAccount || undefined,
    dryRun: opts.dryRun === true || opts.serverDryRun === true,
  };
}
