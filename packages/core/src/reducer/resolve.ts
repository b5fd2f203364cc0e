/** Finding templates by name or templateRef, and binding a caller's arguments to a template's inputs. */
import type { Arguments, ConfigMap, Parameter, Invocation as StepLike, Template } from '../spec/types.js';
import { parameterString } from './format.js';
import type { ArtifactRef, ResolvedInputs, TemplateHome, TemplateLibrary } from './state.js';

export interface FoundTemplate {
  readonly template: Template;
  readonly home: TemplateHome;
}

export class ResolveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResolveError';
  }
}

/** Looks a template up from a step/task (template, templateRef or inline) in the caller's home. */
export function findTemplate(library: TemplateLibrary, home: TemplateHome, step: StepLike): FoundTemplate {
  if (step.inline)
    return { template: withDefaults(library, { ...step.inline, name: step.inline.name ?? step.name }), home };
  if (step.templateRef) {
    const ref = step.templateRef;
    const kind = ref.clusterScope ? 'cluster' : 'namespaced';
    const pool = (kind === 'cluster' ? library.cluster : library.namespaced).get(ref.name);
    const what = kind === 'cluster' ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
    if (!pool) throw new ResolveError(`${what} "${ref.name}" not found`);
    const template = pool.get(ref.template);
    if (!template) throw new ResolveError(`template "${ref.template}" not found in ${what} "${ref.name}"`);
    return { template: withDefaults(library, template), home: { kind, name: ref.name } };
  }
  if (step.template === undefined) throw new ResolveError(`step "${step.name}" names no template`);
  return findByName(library, home, step.template);
}

export function findByName(library: TemplateLibrary, home: TemplateHome, name: string): FoundTemplate {
  const pool =
    home.kind === 'local'
      ? library.local
      : (home.kind === 'cluster' ? library.cluster : library.namespaced).get(home.name);
  const template = pool?.get(name);
  if (!template) throw new ResolveError(`template "${name}" not found`);
  return { template: withDefaults(library, template), home };
}

/** Argo's templateDefaults: the template's own fields win, objects merge one level deep. */
function withDefaults(library: TemplateLibrary, template: Template): Template {
  const defaults = library.defaults;
  if (!defaults) return template;
  const merged: Record<string, unknown> = { ...defaults };
  for (const [key, value] of Object.entries(template)) {
    const base = merged[key];
    merged[key] = isPlainObject(base) && isPlainObject(value) ? { ...base, ...value } : value;
  }
  return merged as Template;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Binds arguments to a template's inputs (Argo's ProcessArgs): argument value, else the input's
 * value, default, or configMapKeyRef; a parameter with none is an error; `enum` is enforced.
 */
export function bindInputs(
  template: Template,
  args: Arguments | undefined,
  configMaps: readonly ConfigMap[],
  resolveArtifact: (artifact: NonNullable<Arguments['artifacts']>[number]) => ArtifactRef | undefined,
): ResolvedInputs {
  const parameters: Record<string, string> = {};
  const parameterList: Parameter[] = [];
  for (const input of template.inputs?.parameters ?? []) {
    const value = inputParameterValue(input, args, configMaps);
    if (input.enum && !input.enum.map(parameterString).includes(value)) {
      throw new ResolveError(
        `inputs.parameters.${input.name}: value "${value}" is not one of the enum values [${input.enum.join(', ')}]`,
      );
    }
    parameters[input.name] = value;
    parameterList.push({ ...input, value });
  }
  const artifacts: Record<string, ArtifactRef> = {};
  for (const input of template.inputs?.artifacts ?? []) {
    const given = args?.artifacts?.find((a) => a.name === input.name);
    const bound = given ? resolveArtifact(given) : undefined;
    const source = bound ?? (hasLocation(input) ? input : undefined);
    if (!source) {
      if (input.optional) continue;
      throw new ResolveError(`inputs.artifacts.${input.name} was not supplied`);
    }
    artifacts[input.name] = { ...source, ...pickDefined(input), name: input.name };
  }
  return { parameters, artifacts, parameterList };
}

function pickDefined(input: ArtifactRef): Partial<ArtifactRef> {
  const out: Record<string, unknown> = {};
  for (const key of ['path', 'mode', 'optional', 'archive', 'subPath'] as const) {
    if (input[key] !== undefined) out[key] = input[key];
  }
  return out as Partial<ArtifactRef>;
}

function inputParameterValue(
  input: Parameter,
  args: Arguments | undefined,
  configMaps: readonly ConfigMap[],
): string {
  const given = args?.parameters?.find((p) => p.name === input.name);
  if (given) {
    const value = valueOfParameter(given, configMaps);
    if (value !== undefined) return value;
  }
  const own = valueOfParameter(input, configMaps);
  if (own !== undefined) return own;
  throw new ResolveError(`inputs.parameters.${input.name} was not supplied`);
}

/** A parameter's literal value, default, or ConfigMap reference; undefined when it has none. */
export function valueOfParameter(parameter: Parameter, configMaps: readonly ConfigMap[]): string | undefined {
  if (parameter.value !== undefined) return parameterString(parameter.value);
  const ref = parameter.valueFrom?.configMapKeyRef;
  if (ref) {
    const value = configMaps.find((c) => c.metadata.name === ref.name)?.data?.[ref.key];
    if (value !== undefined) return value;
    if (parameter.default === undefined && !ref.optional) {
      throw new ResolveError(
        `ConfigMap "${ref.name}" has no key "${ref.key}" (parameter "${parameter.name}")`,
      );
    }
  }
  if (parameter.default !== undefined) return parameterString(parameter.default);
  return undefined;
}

const locationKinds = ['raw', 's3', 'gcs', 'oss', 'azure', 'hdfs', 'artifactory', 'http', 'git'] as const;

/** Whether an artifact says where its bytes are (raw data, a URL, a repository location or key). */
export function hasLocation(artifact: { readonly [kind: string]: unknown }): boolean {
  return locationKinds.some((kind) => artifact[kind] !== undefined);
}

/** Which kind of template this is; Argo allows exactly one. */
export function templateKind(template: Template): string {
  for (const kind of [
    'container',
    'script',
    'steps',
    'dag',
    'suspend',
    'containerSet',
    'resource',
    'http',
    'data',
    'plugin',
  ]) {
    if (template[kind] !== undefined) return kind;
  }
  return 'unknown';
}
