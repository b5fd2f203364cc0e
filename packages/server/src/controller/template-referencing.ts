/**
 * Argo's `workflowRestrictions.templateReferencing`, set per namespace in weft
 * (`weft server --template-referencing NAMESPACE=Strict|Secure`):
 *
 *   Strict  a workflow must run a stored WorkflowTemplate or ClusterWorkflowTemplate through
 *           `spec.workflowTemplateRef` and may not bring templates of its own (`spec.templates`).
 *   Secure  Strict, and the workflow may set only the fields Argo lets a submission set on top of
 *           the referenced template (arguments, entrypoint, …; see `secureFields`), so it cannot
 *           change what the stored template runs (no `serviceAccountName`, `volumes`,
 *           `podSpecPatch`, `templateDefaults`, … of its own).
 *
 * Both are checked when a workflow is submitted. The referenced templates are snapshotted when the
 * workflow first starts (records.ts), so a workflow always runs the template as it was stored then:
 * a later change to the template does not reach a running workflow (Argo's Secure instead errors
 * a running workflow whose template changed).
 */
import { InvalidRequestError } from '@weft/engine';

export type TemplateReferencing = 'Strict' | 'Secure';

export const templateReferencingModes: readonly TemplateReferencing[] = ['Strict', 'Secure'];

/** The restriction of a namespace, `undefined` for none. */
export type TemplateReferencingOf = (namespace: string) => TemplateReferencing | undefined;

/** The spec fields a Secure submission may set besides the template reference (as Argo's list). */
export const secureFields: ReadonlySet<string> = new Set([
  'arguments',
  'entrypoint',
  'shutdown',
  'suspend',
  'activeDeadlineSeconds',
  'priority',
  'ttlStrategy',
  'podGC',
  'volumeClaimGC',
  'archiveLogs',
  'workflowMetadata',
  'workflowTemplateRef',
  'metrics',
  'artifactGC',
]);

/** A namespace → restriction table (`*` for every namespace not named) as a lookup. */
export function templateReferencingFrom(
  table: Readonly<Record<string, TemplateReferencing>>,
): TemplateReferencingOf {
  const own = (key: string) => (Object.hasOwn(table, key) ? table[key] : undefined);
  return (namespace) => own(namespace) ?? own('*');
}

/** Throws InvalidRequestError when `spec` breaks the namespace's restriction. */
export function checkTemplateReferencing(
  mode: TemplateReferencing | undefined,
  namespace: string,
  spec: Readonly<Record<string, unknown>> | undefined,
): void {
  if (!mode) return;
  const rule = `namespace "${namespace}" has templateReferencing: ${mode}`;
  if (!spec?.workflowTemplateRef)
    throw new InvalidRequestError(
      `spec.workflowTemplateRef: workflows must use workflowTemplateRef to run a stored template when ${rule}`,
    );
  if (isSet(spec.templates))
    throw new InvalidRequestError(
      `spec.templates: a workflow may not bring its own templates when ${rule}; use only workflowTemplateRef`,
    );
  if (mode !== 'Secure') return;
  const extra = Object.keys(spec).filter((field) => !secureFields.has(field) && isSet(spec[field]));
  if (extra.length > 0)
    throw new InvalidRequestError(
      `spec: fields ${extra.join(', ')} may not be set on top of workflowTemplateRef when ${rule}`,
    );
}

function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}
