/**
 * Arguments: the workflow's `spec.arguments` (with CLI `-p` overrides) and those a step or task passes.
 */
import type { Arguments, Parameter } from '../spec/types.js';
import { findWorkflowTemplate, isRecord, type LintRun, report } from './context.js';
import { artifactHasSource, checkEnum } from './invocations.js';
import { paramNameProblem } from './names.js';

interface ArgumentRules {
  /** Whether a parameter may have neither value nor valueFrom (workflow arguments while linting). */
  readonly allowEmpty: boolean;
  /** Whether valueFrom is limited to configMapKeyRef, supplied and event (workflow arguments). */
  readonly workflowLevel: boolean;
}

/** Checks names, values, valueFrom and enum of a list of arguments at `path` (`….arguments`). */
export function checkArguments(
  run: LintRun,
  args: Arguments | undefined,
  path: string,
  rules: ArgumentRules,
): void {
  if (!isRecord(args)) return;
  const seen = new Set<string>();
  (Array.isArray(args.parameters) ? args.parameters : []).forEach((parameter, index) => {
    const at = `${path}.parameters[${index}]`;
    if (!checkName(run, parameter, at, seen)) return;
    checkParameterValue(run, parameter, at, rules);
  });
  seen.clear();
  (Array.isArray(args.artifacts) ? args.artifacts : []).forEach((artifact, index) => {
    const at = `${path}.artifacts[${index}]`;
    if (!checkName(run, artifact, at, seen)) return;
    if (!artifactHasSource(artifact as unknown as Record<string, unknown>)) {
      report(
        run,
        'missing-value',
        at,
        `argument artifact "${artifact.name}" needs from, fromExpression, an artifact location or key`,
      );
    }
  });
}

/** Reports missing, invalid and duplicate names in a list of parameters or artifacts at `path`. */
export function checkNames(run: LintRun, list: unknown, path: string): void {
  const seen = new Set<string>();
  if (!Array.isArray(list)) return;
  list.forEach((entry, index) => {
    checkName(run, entry, `${path}[${index}]`, seen);
  });
}

function checkName(
  run: LintRun,
  entry: { name?: unknown } | undefined,
  at: string,
  seen: Set<string>,
): boolean {
  if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name === '') {
    report(run, 'missing-name', `${at}.name`, 'name is required');
    return false;
  }
  const problem = paramNameProblem(entry.name);
  if (problem) report(run, 'invalid-name', `${at}.name`, `"${entry.name}" is invalid: ${problem}`);
  if (seen.has(entry.name)) report(run, 'duplicate-name', `${at}.name`, `"${entry.name}" is not unique`);
  seen.add(entry.name);
  return true;
}

function checkParameterValue(run: LintRun, parameter: Parameter, at: string, rules: ArgumentRules): void {
  const name = parameter.name;
  if (parameter.value == null && parameter.valueFrom == null && !rules.allowEmpty) {
    report(run, 'missing-value', at, `parameter "${name}" needs value or valueFrom`);
  }
  const from = parameter.valueFrom;
  if (rules.workflowLevel && isRecord(from)) {
    const allowed = from.configMapKeyRef != null || from.supplied != null || (from.event ?? '') !== '';
    const other = ['path', 'jsonPath', 'parameter', 'expression'].some((key) => (from[key] ?? '') !== '');
    if (!allowed || other) {
      report(
        run,
        'invalid-value-from',
        `${at}.valueFrom`,
        `parameter "${name}": valueFrom only allows default, configMapKeyRef, supplied and event`,
      );
    }
  }
  if (Array.isArray(parameter.enum) && parameter.enum.length === 0) {
    report(
      run,
      'enum-violation',
      `${at}.enum`,
      `parameter "${name}": enum should contain at least one value`,
    );
  } else if (parameter.value != null) {
    checkEnum(run, parameter, parameter.value, `${at}.value`, `parameter "${name}"`);
  }
}

/**
 * The workflow's arguments as the entrypoint sees them: its own, then those of the referenced
 * WorkflowTemplate, with CLI `-p` overrides applied; reports overrides naming unknown parameters.
 */
export function effectiveWorkflowArguments(run: LintRun): Arguments {
  const own = run.spec.arguments;
  const parameters: Parameter[] = Array.isArray(own?.parameters) ? own.parameters.filter(isRecord) : [];
  const artifacts = Array.isArray(own?.artifacts) ? [...own.artifacts] : [];
  for (const inherited of referencedArguments(run)) {
    if (!parameters.some((p) => p.name === inherited.name)) parameters.push(inherited);
  }
  const merged = parameters.map((p) => ({ ...p }));
  for (const override of run.context.parameters ?? []) {
    const target = merged.find((p) => p.name === override.name);
    const path = `${run.specPath}.arguments.parameters`;
    if (!target) {
      report(
        run,
        'unknown-parameter',
        path,
        `unknown parameter "${override.name}" (-p ${override.name}=…): not in spec.arguments.parameters`,
      );
      continue;
    }
    target.value = override.value;
    checkEnum(run, target, override.value, path, `parameter "${override.name}" (-p)`);
  }
  return { parameters: merged, artifacts };
}

function referencedArguments(run: LintRun): Parameter[] {
  const ref = run.spec.workflowTemplateRef;
  if (!isRecord(ref) || typeof ref.name !== 'string') return [];
  const owner = findWorkflowTemplate(run.context, ref.name, ref.clusterScope === true);
  const params = owner?.spec?.arguments?.parameters;
  return Array.isArray(params) ? params.filter(isRecord) : [];
}
