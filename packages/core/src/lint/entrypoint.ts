/**
 * The templates a workflow starts with: `spec.entrypoint` (or the one of the WorkflowTemplate named by
 * `workflowTemplateRef`), and `spec.onExit`; for a Workflow, their inputs must be supplied by the
 * workflow's arguments.
 */
import type { Arguments, Template, WorkflowSpec } from '../spec/types.js';
import { checkHooks } from './calls.js';
import { findWorkflowTemplate, isRecord, type LintRun, report } from './context.js';
import { checkSupplied, resolveLocal } from './invocations.js';

export function lintEntrypoint(run: LintRun, args: Arguments): void {
  checkHooks(run, run.spec.hooks, `${run.specPath}.hooks`);
  if (run.spec.workflowTemplateRef != null) {
    lintReferencedEntrypoint(run, args);
    return;
  }
  const entrypoint = run.context.entrypoint ?? run.spec.entrypoint;
  const path = `${run.specPath}.entrypoint`;
  if (typeof entrypoint !== 'string' || entrypoint === '') {
    if (startsRuns(run)) report(run, 'missing-entrypoint', path, 'spec.entrypoint is required');
  } else {
    supplyStart(run, resolveLocal(run, entrypoint, path), args);
  }
  if (typeof run.spec.onExit === 'string' && run.spec.onExit !== '') {
    supplyStart(run, resolveLocal(run, run.spec.onExit, `${run.specPath}.onExit`), args);
  }
}

/** Workflows and CronWorkflows run their entrypoint with their own arguments; templates wait for a caller. */
function startsRuns(run: LintRun): boolean {
  return run.kind === 'Workflow' || run.kind === 'CronWorkflow';
}

function supplyStart(run: LintRun, target: Template | undefined, args: Arguments): void {
  if (target && startsRuns(run))
    checkSupplied(run, target, args, `${run.specPath}.arguments.parameters`, false);
}

function lintReferencedEntrypoint(run: LintRun, args: Arguments): void {
  const path = `${run.specPath}.workflowTemplateRef`;
  const ref = run.spec.workflowTemplateRef;
  if (!isRecord(ref) || typeof ref.name !== 'string' || ref.name === '') {
    report(run, 'invalid-workflow-template-ref', path, 'workflowTemplateRef.name is required');
    return;
  }
  if (Array.isArray(run.spec.templates) && run.spec.templates.length > 0) {
    report(
      run,
      'templates-with-workflow-template-ref',
      `${run.specPath}.templates`,
      'spec.templates cannot be set together with workflowTemplateRef',
    );
  }
  const kind = ref.clusterScope === true ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
  const owner = findWorkflowTemplate(run.context, ref.name, ref.clusterScope === true);
  if (!owner) {
    report(run, 'unknown-workflow-template', path, `workflowTemplateRef: ${kind} "${ref.name}" not found`);
    return;
  }
  const ownEntrypoint = run.context.entrypoint ?? run.spec.entrypoint;
  const entrypoint = ownEntrypoint ?? owner.spec?.entrypoint;
  const where = `${kind} "${ref.name}"`;
  if (typeof entrypoint !== 'string' || entrypoint === '') {
    report(
      run,
      'missing-entrypoint',
      `${run.specPath}.entrypoint`,
      `spec.entrypoint is required: neither the workflow nor ${where} sets one`,
    );
    return;
  }
  const at = ownEntrypoint != null ? `${run.specPath}.entrypoint` : path;
  supplyStart(run, findIn(run, owner.spec, entrypoint, at, where), args);
  const onExit = run.spec.onExit ?? owner.spec?.onExit;
  if (typeof onExit === 'string' && onExit !== '') {
    const onExitAt = run.spec.onExit != null ? `${run.specPath}.onExit` : path;
    supplyStart(run, findIn(run, owner.spec, onExit, onExitAt, where), args);
  }
}

function findIn(
  run: LintRun,
  spec: WorkflowSpec | undefined,
  name: string,
  path: string,
  where: string,
): Template | undefined {
  const template = (Array.isArray(spec?.templates) ? spec.templates : []).find((t) => t?.name === name);
  if (!template) report(run, 'unknown-template', path, `template "${name}" not found in ${where}`);
  return template;
}
