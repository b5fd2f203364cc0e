/**
 * The WorkflowTemplates and ClusterWorkflowTemplates a workflow can reach: its
 * `workflowTemplateRef` and every `templateRef`, followed through the templates they name.
 */
import type { WorkflowTemplate } from '@weft/core';
import type { Store } from '@weft/engine';

interface Ref {
  readonly name: string;
  readonly cluster: boolean;
}

export async function referencedTemplates(
  store: Store,
  namespace: string,
  spec: unknown,
): Promise<WorkflowTemplate[]> {
  const found = new Map<string, WorkflowTemplate>();
  const pending = refsIn(spec);
  while (pending.length > 0) {
    const ref = pending.pop() as Ref;
    const id = `${ref.cluster ? 'cluster' : 'ns'}/${ref.name}`;
    if (found.has(id)) continue;
    const kind = ref.cluster ? 'ClusterWorkflowTemplate' : 'WorkflowTemplate';
    const object = await store.get({ kind, namespace, name: ref.name });
    if (!object) continue; // lint reports it with its field path
    found.set(id, object as unknown as WorkflowTemplate);
    pending.push(...refsIn(object.spec));
  }
  return [...found.values()];
}

/** Every `templateRef` / `workflowTemplateRef` in a spec. */
function refsIn(value: unknown, refs: Ref[] = []): Ref[] {
  if (Array.isArray(value)) {
    for (const item of value) refsIn(item, refs);
    return refs;
  }
  if (value === null || typeof value !== 'object') return refs;
  for (const [key, child] of Object.entries(value)) {
    if ((key === 'templateRef' || key === 'workflowTemplateRef') && isRef(child)) {
      refs.push({ name: child.name, cluster: child.clusterScope === true });
    } else {
      refsIn(child, refs);
    }
  }
  return refs;
}

function isRef(value: unknown): value is { name: string; clusterScope?: boolean } {
  return (
    value !== null && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string'
  );
}
