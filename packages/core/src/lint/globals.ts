/**
 * The workflow-wide variables a spec offers: `workflow.parameters.*`, labels, annotations, global
 * outputs (`globalName`), `workflow.failures` (with an exit handler) and `workflow.priority`.
 */
import type { Arguments, Template, TemplateRef, WorkflowSpec } from '../spec/types.js';
import { findWorkflowTemplate, isRecord, type LintRun, resolveTemplateRef } from './context.js';
import { hasTag } from './names.js';
import type { GlobalScope } from './scope.js';

export function buildGlobalScope(run: LintRun, args: Arguments): GlobalScope {
  const referenced = referencedSpec(run);
  const labels = new Set<string>();
  const annotations = new Set<string>();
  addKeys(labels, run.metadata.labels);
  addKeys(annotations, run.metadata.annotations);
  for (const spec of [run.spec, referenced]) {
    const meta = spec?.workflowMetadata;
    if (!isRecord(meta)) continue;
    addKeys(labels, meta.labels);
    addKeys(labels, meta.labelsFrom);
    addKeys(annotations, meta.annotations);
  }
  const outputs = globalOutputs(run, referenced);
  const parameters = new Set((args.parameters ?? []).map((p) => p.name));
  return {
    parameters,
    anyParameter: run.kind === 'WorkflowTemplate' || run.kind === 'ClusterWorkflowTemplate',
    labels,
    annotations,
    ...outputs,
    failures: run.spec.onExit != null || referenced?.onExit != null,
    priority: run.spec.priority != null,
  };
}

function addKeys(into: Set<string>, value: unknown): void {
  if (isRecord(value)) for (const key of Object.keys(value)) into.add(key);
}

function referencedSpec(run: LintRun): WorkflowSpec | undefined {
  const ref = run.spec.workflowTemplateRef;
  if (!isRecord(ref) || typeof ref.name !== 'string') return undefined;
  return findWorkflowTemplate(run.context, ref.name, ref.clusterScope === true)?.spec;
}

type GlobalOutputs = Pick<
  GlobalScope,
  'outputParameters' | 'anyOutputParameter' | 'outputArtifacts' | 'anyOutputArtifact'
>;

/** Every `globalName` of the templates this spec can run; one written as a `{{…}}` tag allows any name. */
function globalOutputs(run: LintRun, referenced: WorkflowSpec | undefined): GlobalOutputs {
  const result = {
    outputParameters: new Set<string>(),
    anyOutputParameter: false,
    outputArtifacts: new Set<string>(),
    anyOutputArtifact: false,
  };
  for (const template of reachableTemplates(run, referenced)) {
    for (const parameter of listOf(template.outputs?.parameters)) {
      if (typeof parameter.globalName !== 'string') continue;
      if (hasTag(parameter.globalName)) result.anyOutputParameter = true;
      result.outputParameters.add(parameter.globalName);
    }
    for (const artifact of listOf(template.outputs?.artifacts)) {
      if (typeof artifact.globalName !== 'string') continue;
      if (hasTag(artifact.globalName)) result.anyOutputArtifact = true;
      result.outputArtifacts.add(artifact.globalName);
    }
  }
  return result;
}

function listOf<T>(value: T[] | undefined): T[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** Local templates, inline templates, templates they reach through templateRef, and a referenced spec's. */
function reachableTemplates(run: LintRun, referenced: WorkflowSpec | undefined): Template[] {
  const found: Template[] = [...listOf(run.spec.templates), ...listOf(referenced?.templates)];
  for (let i = 0; i < found.length; i++) {
    for (const invocation of invocationsOf(found[i])) {
      if (isRecord(invocation.inline)) found.push(invocation.inline as Template);
      const ref = invocation.templateRef;
      if (!isRecord(ref) || typeof ref.name !== 'string' || typeof ref.template !== 'string') continue;
      const resolved = resolveTemplateRef(run.context, ref as unknown as TemplateRef);
      if (resolved.found && !found.includes(resolved.template)) found.push(resolved.template);
    }
  }
  return found;
}

function invocationsOf(template: Template): Array<Record<string, unknown>> {
  const steps = Array.isArray(template.steps) ? template.steps.flat() : [];
  const tasks = Array.isArray(template.dag?.tasks) ? template.dag.tasks : [];
  return ([...steps, ...tasks] as unknown[]).filter(isRecord);
}
