/**
 * Template-level checks: names (required, valid, unique), exactly one template type, and the body of
 * each template checked by its kind (steps, dag, or a leaf whose tags are resolved against its scope).
 */
import type { Template } from '../spec/types.js';
import { isRecord, type LintRun, report, templatePath } from './context.js';
import { lintDag } from './dag.js';
import { fieldNameProblem } from './names.js';
import { checkNames } from './parameters.js';
import { checkReferences } from './references.js';
import { type ItemScope, type Scope, templateScope } from './scope.js';
import { lintSteps } from './steps.js';
import { checkTemplateTiming } from './timing.js';

export const TEMPLATE_TYPES = [
  'container',
  'script',
  'steps',
  'dag',
  'suspend',
  'resource',
  'containerSet',
  'http',
  'data',
  'plugin',
] as const;

/** Checks every template of the spec. */
export function lintTemplates(run: LintRun): void {
  const templates = run.spec.templates;
  if (templates == null) return;
  if (!Array.isArray(templates)) {
    report(run, 'invalid-templates', `${run.specPath}.templates`, 'templates must be a list');
    return;
  }
  const seen = new Set<string>();
  templates.forEach((template, index) => {
    const path = templatePath(run, index);
    if (!isRecord(template)) {
      report(run, 'invalid-template', path, 'template must be an object');
      return;
    }
    checkTemplateName(run, template, path, seen);
    lintTemplate(run, template, path);
  });
}

function checkTemplateName(run: LintRun, template: Template, path: string, seen: Set<string>): void {
  const name = template.name;
  if (typeof name !== 'string' || name === '') {
    report(run, 'missing-name', `${path}.name`, 'template name is required');
    return;
  }
  const problem = fieldNameProblem(name);
  if (problem) report(run, 'invalid-name', `${path}.name`, `template name "${name}" is invalid: ${problem}`);
  if (seen.has(name))
    report(run, 'duplicate-template', `${path}.name`, `template name "${name}" is not unique`);
  seen.add(name);
}

/** Checks one template (a local one, or an inline one inside a step or task, which also sees its loop item). */
export function lintTemplate(run: LintRun, template: Template, path: string, item?: ItemScope): void {
  const types = TEMPLATE_TYPES.filter((type) => template[type] != null);
  const name = `template "${template.name ?? ''}"`;
  if (types.length === 0) {
    report(
      run,
      'missing-template-type',
      path,
      `${name} has no type: choose one of ${TEMPLATE_TYPES.join(', ')}`,
    );
    return;
  }
  if (types.length > 1) {
    report(
      run,
      'multiple-template-types',
      path,
      `${name} has several types (${types.join(', ')}): choose one`,
    );
    return;
  }
  checkNames(run, template.inputs?.parameters, `${path}.inputs.parameters`);
  checkNames(run, template.inputs?.artifacts, `${path}.inputs.artifacts`);
  checkNames(run, template.outputs?.parameters, `${path}.outputs.parameters`);
  checkNames(run, template.outputs?.artifacts, `${path}.outputs.artifacts`);
  checkTemplateTiming(run, template, path, types[0] as string);
  const scope: Scope = { ...templateScope(template, run.global), item };
  if (types[0] === 'steps') lintSteps(run, template, path, scope, lintTemplate);
  else if (types[0] === 'dag') lintDag(run, template, path, scope, lintTemplate);
  else checkReferences(run, template, path, scope);
}
