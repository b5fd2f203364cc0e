import { createHash } from 'node:crypto';

/**
 * Deterministic podman object names, so a restarted engine finds the containers of the steps it
 * started (re-attach) and a step started again replaces its leftovers (`podman run --replace`).
 */

/** Podman names: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`; long names end in a hash so they stay distinct. */
export function podmanName(...parts: readonly string[]): string {
  const joined = parts.join('-');
  const clean = joined.replace(/[^a-zA-Z0-9_.-]/g, '_').replace(/^[^a-zA-Z0-9]+/, '');
  if (clean.length <= 120) return clean;
  const hash = createHash('sha256').update(joined).digest('hex').slice(0, 12);
  return `${clean.slice(0, 107)}-${hash}`;
}

/** The container running `container` of step `stepId`. */
export function containerName(stepId: string, container: string): string {
  return podmanName('weft', stepId, container);
}

/** The podman pod whose network namespace the steps of one workflow share. */
export function workflowPodName(namespace: string, workflow: string): string {
  return podmanName('weft', namespace, workflow);
}

/** The named volume behind a persistentVolumeClaim (shared by every workflow of the namespace). */
export function claimVolumeName(namespace: string, claim: string): string {
  return podmanName('weft', namespace, 'pvc', claim);
}

/** The named volume of a `volumeClaimTemplates` entry: one per workflow, removed with it. */
export function workflowVolumeName(namespace: string, workflow: string, claim: string): string {
  return podmanName('weft', namespace, workflow, 'vct', claim);
}

/** Labels on every podman object weft creates. */
export const labels = {
  managed: 'dev.weft.managed',
  step: 'dev.weft.step',
  container: 'dev.weft.container',
  workflow: 'dev.weft.workflow',
} as const;
