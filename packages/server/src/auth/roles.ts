/**
 * Roles per namespace, each including the ones before it:
 *
 *   viewer  read workflows, templates, crons, logs, artifacts, events
 *   runner  + submit runs of stored templates, retry/resubmit/suspend/resume/stop/terminate/set
 *   editor  + create and delete workflows; templates, crons and secrets
 *   admin   + access tokens
 *
 * A token grants one role in one namespace, or in every namespace (`*`, which also covers
 * cluster-wide routes: ClusterWorkflowTemplates' changes, lists across namespaces, metrics).
 */
export const roles = ['viewer', 'runner', 'editor', 'admin'] as const;
export type Role = (typeof roles)[number];

export const allNamespaces = '*';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** Whether `held` includes `needed`. */
export function roleIncludes(held: Role, needed: Role): boolean {
  return roles.indexOf(held) >= roles.indexOf(needed);
}

/** What a caller may do: a role in one namespace (or `*`). */
export interface Grant {
  readonly namespace: string;
  readonly role: Role;
}

export function grantCovers(grant: Grant, namespace: string | undefined, role: Role): boolean {
  if (!roleIncludes(grant.role, role)) return false;
  if (grant.namespace === allNamespaces) return true;
  return namespace !== undefined && grant.namespace === namespace;
}
