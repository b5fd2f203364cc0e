/**
 * `weft lint`: one validator for lint, submit and the engine. Returns every problem found in a
 * Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow, as data.
 *
 * ```
 * object ─► spec ─► arguments (-p, enum) ─► global scope ─► entrypoint / onExit ─► each template
 *                                                                                   ├─ steps: calls, earlier groups
 *                                                                                   ├─ dag: depends, cycles, target
 *                                                                                   └─ leaf: {{…}} against its scope
 * ```
 */
import type { Issue } from '../issues/issue.js';
import type { WorkflowSpec } from '../spec/types.js';
import { indexTemplates, isRecord, type LintContext, type LintInput, type LintRun } from './context.js';
import { lintEntrypoint } from './entrypoint.js';
import { buildGlobalScope } from './globals.js';
import { checkArguments, effectiveWorkflowArguments } from './parameters.js';
import { emptyGlobalScope } from './scope.js';
import { lintSynchronization } from './synchronization.js';
import { lintTemplates } from './templates.js';
import { checkWorkflowTiming } from './timing.js';

export type { LintContext, LintInput, LintKind } from './context.js';

/**
 * Returns every problem found, each with a path like `spec.templates[2].dag.tasks[0].depends` and a
 * message naming the thing. An empty array means valid.
 *
 * @example
 * lintObject({ kind: 'Workflow', object: manifest }, { templates: [], configMaps: [] })
 * // [{ code: 'unknown-template', path: 'spec.entrypoint', message: 'template "mian" not found in spec.templates' }]
 */
export function lintObject(input: LintInput, context: LintContext): Issue[] {
  const run = createRun(input, context);
  if (!run)
    return [
      { code: 'missing-spec', path: specPathOf(input), message: `${input.kind} has no ${specPathOf(input)}` },
    ];
  const cron = input.kind === 'CronWorkflow';
  checkArguments(run, run.spec.arguments, `${run.specPath}.arguments`, {
    allowEmpty: !cron,
    workflowLevel: true,
  });
  const args = effectiveWorkflowArguments(run);
  run.global = buildGlobalScope(run, args);
  lintEntrypoint(run, args);
  checkWorkflowTiming(run, run.spec, run.specPath);
  lintTemplates(run);
  lintSynchronization(run);
  return run.issues;
}

function specPathOf(input: LintInput): string {
  return input.kind === 'CronWorkflow' ? 'spec.workflowSpec' : 'spec';
}

function createRun(input: LintInput, context: LintContext): LintRun | undefined {
  const object = isRecord(input.object) ? input.object : {};
  const outer = isRecord(object.spec) ? object.spec : undefined;
  const spec = input.kind === 'CronWorkflow' ? outer?.workflowSpec : outer;
  if (!isRecord(spec)) return undefined;
  const workflowSpec = spec as WorkflowSpec;
  return {
    kind: input.kind,
    specPath: specPathOf(input),
    spec: workflowSpec,
    metadata: isRecord(object.metadata) ? object.metadata : {},
    context,
    locals: indexTemplates(workflowSpec),
    global: emptyGlobalScope(),
    issues: [],
  };
}

export { localRunNotes } from './local-run-notes.js';
