/**
 * The state of one lint run: the spec being checked, where it sits in the object, the templates it
 * can call, and the issues found so far.
 */
import { type Issue, issue } from '../issues/issue.js';
import type { ConfigMap, Template, TemplateRef, WorkflowSpec, WorkflowTemplate } from '../spec/types.js';
import type { GlobalScope, ItemScope } from './scope.js';

export type LintKind = 'Workflow' | 'WorkflowTemplate' | 'ClusterWorkflowTemplate' | 'CronWorkflow';

export interface LintInput {
  kind: LintKind;
  /** The parsed manifest. */
  object: unknown;
}

export interface LintContext {
  /** WorkflowTemplates and ClusterWorkflowTemplates available to templateRef and workflowTemplateRef. */
  templates: Array<WorkflowTemplate>;
  configMaps: Array<ConfigMap>;
  /** CLI `-p NAME=VALUE` overrides. */
  parameters?: Array<{ name: string; value: string }>;
  /** CLI entrypoint override. */
  entrypoint?: string;
}

/** A local template and its index in `spec.templates`. */
export interface LocalTemplate {
  readonly template: Template;
  readonly index: number;
}

export interface LintRun {
  readonly kind: LintKind;
  readonly specPath: string;
  readonly spec: WorkflowSpec;
  readonly metadata: Record<string, unknown>;
  readonly context: LintContext;
  readonly locals: ReadonlyMap<string, LocalTemplate>;
  global: GlobalScope;
  readonly issues: Issue[];
}

export function report(run: LintRun, code: string, path: string, message: string): void {
  run.issues.push(issue(code, path, message));
}

/** `spec.templates[3]` for the local template at index 3. */
export function templatePath(run: LintRun, index: number): string {
  return `${run.specPath}.templates[${index}]`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The local templates by name; the first of a duplicated name wins (duplicates are reported elsewhere). */
export function indexTemplates(spec: WorkflowSpec): Map<string, LocalTemplate> {
  const locals = new Map<string, LocalTemplate>();
  const templates = Array.isArray(spec.templates) ? spec.templates : [];
  templates.forEach((template, index) => {
    if (isRecord(template) && typeof template.name === 'string' && !locals.has(template.name)) {
      locals.set(template.name, { template, index });
    }
  });
  return locals;
}

/** The WorkflowTemplate (or ClusterWorkflowTemplate when `clusterScope`) named `name`. */
export function findWorkflowTemplate(
  context: LintContext,
  name: string,
  clusterScope: boolean,
): WorkflowTemplate | undefined {
  const kind = clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
  return context.templates.find((t) => t?.kind === kind && t.metadata?.name === name);
}

export type RefResolution =
  | { readonly found: true; readonly template: Template }
  | { readonly found: false; readonly message: string };

/** Resolves a templateRef against the context's WorkflowTemplates. */
export function resolveTemplateRef(context: LintContext, ref: TemplateRef): RefResolution {
  const clusterScope = ref.clusterScope === true;
  const kind = clusterScope ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
  const owner = findWorkflowTemplate(context, ref.name, clusterScope);
  if (!owner) return { found: false, message: `templateRef: ${kind} "${ref.name}" not found` };
  const templates = Array.isArray(owner.spec?.templates) ? owner.spec.templates : [];
  const template = templates.find((t) => t?.name === ref.template);
  if (!template) {
    return {
      found: false,
      message: `templateRef: template "${ref.template}" not found in ${kind} "${ref.name}"`,
    };
  }
  return { found: true, template };
}

/** Lints an inline template (passed down to avoid an import cycle between templates, steps and dag). */
export type LintInline = (
  run: LintRun,
  template: Template,
  path: string,
  item: ItemScope | undefined,
) => void;
