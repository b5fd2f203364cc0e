/**
 * What the signed-in token may do, mirroring the server's route table
 * (packages/server/src/auth/route-access.ts). Roles include the ones before them:
 *
 *   viewer  reads only
 *   runner  + submit from templates, run actions (retry, resubmit, stop, terminate, suspend, resume, set)
 *   editor  + create and delete workflows; edit templates, crons (and their suspend/resume), Secrets
 *   admin   + tokens
 *
 * A grant holds in its namespace, or in every namespace (`*`); cluster-wide changes (a
 * ClusterWorkflowTemplate's definition) need `*`. Without a grant (a server started with
 * `--auth-mode server`: userinfo names no role) everything is allowed.
 */
export const roles = ['viewer', 'runner', 'editor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface Grant {
  readonly role: Role;
  /** A namespace, or `*` for every namespace. */
  readonly namespace: string;
}

const neededRole = {
  read: 'viewer',
  submit: 'runner',
  retry: 'runner',
  resubmit: 'runner',
  stop: 'runner',
  terminate: 'runner',
  suspend: 'runner',
  resume: 'runner',
  set: 'runner',
  'create-workflow': 'editor',
  'delete-workflow': 'editor',
  'edit-template': 'editor',
  'edit-cron': 'editor',
  'edit-secret': 'editor',
  'manage-tokens': 'admin',
} as const satisfies Record<string, Role>;

export type Action = keyof typeof neededRole;
export const actions = Object.keys(neededRole) as Action[];

export const allNamespaces = '*';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

/** The grant userinfo describes; undefined when it names no role (no authentication). */
export function grantOf(userInfo: {
  readonly role?: unknown;
  readonly namespace?: unknown;
}): Grant | undefined {
  if (!isRole(userInfo.role)) return undefined;
  const namespace = typeof userInfo.namespace === 'string' ? userInfo.namespace : '';
  return { role: userInfo.role, namespace };
}

/** Every grant userinfo names: its `grants` (a sign-on session may have several), else role/namespace. */
export function grantsOf(userInfo: {
  readonly role?: unknown;
  readonly namespace?: unknown;
  readonly grants?: unknown;
}): Grant[] | undefined {
  if (Array.isArray(userInfo.grants)) {
    const grants = userInfo.grants.flatMap((entry) => {
      const grant = grantOf((entry ?? {}) as { role?: unknown; namespace?: unknown });
      return grant ? [grant] : [];
    });
    if (grants.length > 0) return grants;
  }
  const grant = grantOf(userInfo);
  return grant ? [grant] : undefined;
}

/** Whether the role allows the action in some namespace. */
export function roleAllows(role: Role, action: Action): boolean {
  return roles.indexOf(role) >= roles.indexOf(neededRole[action]);
}

/**
 * Whether `grant` may do `action` in `namespace` (undefined: cluster-wide, which needs `*`).
 * No grant: everything is allowed (the server does not check tokens).
 */
export function can(grant: Grant | undefined, action: Action, namespace: string | undefined): boolean {
  if (!grant) return true;
  if (!roleAllows(grant.role, action)) return false;
  return grant.namespace === allNamespaces || (namespace !== undefined && grant.namespace === namespace);
}
