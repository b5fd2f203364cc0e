/**
 * Steps and tasks call a template: exactly one of `template`, `templateRef` or `inline`, naming a
 * template that exists, with the arguments the template needs.
 */
import type { Arguments, Invocation, Parameter, Template } from '../spec/types.js';
import { isRecord, type LintRun, report, resolveTemplateRef } from './context.js';
import { hasTag } from './names.js';

/** What an invocation calls: a known template, or `undefined` when it is unknown or only known at run time. */
export function resolveInvocation(run: LintRun, invocation: Invocation, path: string): Template | undefined {
  const set = (['template', 'templateRef', 'inline'] as const).filter((key) => invocation[key] != null);
  if (set.length === 0) {
    report(run, 'missing-template', path, 'must set one of template, templateRef or inline');
    return undefined;
  }
  if (set.length > 1) {
    report(
      run,
      'multiple-templates',
      path,
      `must set only one of template, templateRef or inline, not ${set.join(' and ')}`,
    );
    return undefined;
  }
  if (isRecord(invocation.inline)) return invocation.inline as Template;
  if (invocation.templateRef != null) return resolveRef(run, invocation, `${path}.templateRef`);
  return resolveLocal(run, String(invocation.template), `${path}.template`);
}

/** A template of this spec by name, reporting `unknown-template` when there is none. */
export function resolveLocal(run: LintRun, name: string, path: string): Template | undefined {
  if (hasTag(name)) return undefined;
  const local = run.locals.get(name);
  if (!local) report(run, 'unknown-template', path, `template "${name}" not found in spec.templates`);
  return local?.template;
}

function resolveRef(run: LintRun, invocation: Invocation, path: string): Template | undefined {
  const ref = invocation.templateRef;
  if (!isRecord(ref)) {
    report(run, 'invalid-template-ref', path, 'templateRef must be an object with name and template');
    return undefined;
  }
  if (typeof ref.name !== 'string' || ref.name === '') {
    report(run, 'invalid-template-ref', `${path}.name`, 'templateRef.name is required');
    return undefined;
  }
  if (typeof ref.template !== 'string' || ref.template === '') {
    report(run, 'invalid-template-ref', `${path}.template`, 'templateRef.template is required');
    return undefined;
  }
  if (hasTag(ref.name) || hasTag(ref.template)) return undefined;
  const resolved = resolveTemplateRef(run.context, ref);
  if (resolved.found) return resolved.template;
  report(run, 'unknown-template-ref', path, resolved.message);
  return undefined;
}

/** The caller's parameter named `name`, if any. */
export function argumentParameter(args: Arguments | undefined, name: string): Parameter | undefined {
  return Array.isArray(args?.parameters) ? args.parameters.find((p) => p?.name === name) : undefined;
}

const ARTIFACT_LOCATIONS = [
  's3',
  'git',
  'http',
  'artifactory',
  'hdfs',
  'raw',
  'oss',
  'gcs',
  'azure',
  'plugin',
];

/** Whether an artifact says where it comes from (a location, `from` or `fromExpression`). */
export function artifactHasSource(artifact: Record<string, unknown>): boolean {
  return ['from', 'fromExpression', ...ARTIFACT_LOCATIONS].some(
    (key) => artifact[key] != null && artifact[key] !== '',
  );
}

function inputHasValue(input: Parameter): boolean {
  return input.value != null || input.default != null || input.valueFrom?.configMapKeyRef != null;
}

/**
 * Reports the target's inputs that the caller does not supply (Argo: "inputs.parameters.x was not
 * supplied"). A workflow argument with neither value nor valueFrom supplies nothing (`emptySupplies`
 * false); a step's such argument is reported on its own, so it counts as given.
 */
export function checkSupplied(
  run: LintRun,
  target: Template,
  args: Arguments | undefined,
  path: string,
  emptySupplies = true,
): void {
  const who = `template "${target.name}"`;
  for (const input of Array.isArray(target.inputs?.parameters) ? target.inputs.parameters : []) {
    if (!isRecord(input)) continue;
    const given = argumentParameter(args, input.name);
    const supplied = given
      ? emptySupplies || given.value != null || given.valueFrom != null
      : inputHasValue(input);
    if (!supplied) {
      report(
        run,
        'missing-argument',
        path,
        `inputs.parameters.${input.name} was not supplied (${who} has no default for it)`,
      );
    } else if (given?.value != null) {
      checkEnum(run, input, given.value, path, `argument "${input.name}" of ${who}`);
    }
  }
  for (const input of Array.isArray(target.inputs?.artifacts) ? target.inputs.artifacts : []) {
    if (!isRecord(input) || input.optional === true || artifactHasSource(input)) continue;
    const given = Array.isArray(args?.artifacts) && args.artifacts.some((a) => a?.name === input.name);
    if (!given)
      report(
        run,
        'missing-argument',
        path,
        `inputs.artifacts.${input.name} was not supplied (${who} needs it)`,
      );
  }
}

/** Reports a literal value that is not one of `parameter.enum` (values with `{{…}}` are only known at run time). */
export function checkEnum(
  run: LintRun,
  parameter: Parameter,
  value: unknown,
  path: string,
  what: string,
): void {
  if (!Array.isArray(parameter.enum) || parameter.enum.length === 0) return;
  const text = String(value);
  if (hasTag(text)) return;
  if (parameter.enum.some((allowed) => String(allowed) === text)) return;
  const allowed = parameter.enum.map((v) => JSON.stringify(String(v))).join(', ');
  report(run, 'enum-violation', path, `${what}: value "${text}" is not one of the enum values ${allowed}`);
}
