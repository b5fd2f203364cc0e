/**
 * The signed-in token's permissions: `GET /api/v1/userinfo` is asked once per page load (signing
 * in or out reloads the page) and shared by every component.
 */
import { useEffect, useState } from 'react';
import {
  type Action,
  allNamespaces,
  can,
  type Grant,
  grantsOf,
  type Role,
  roleAllows,
} from '../model/access';
import { getJson } from './client';

interface UserInfo {
  readonly role?: unknown;
  readonly namespace?: unknown;
  readonly grants?: unknown;
}

/** undefined grants: no role named, everything allowed. */
type Known = { readonly grants: readonly Grant[] | undefined };

let known: Known | undefined;
let pending: Promise<Known> | undefined;

function loadAccess(): Promise<Known> {
  pending ??= getJson<UserInfo>('/api/v1/userinfo').then(
    (info) => ({ grants: grantsOf(info) }),
    // The server checks every request anyway; an older server without userinfo limits nothing.
    () => ({ grants: undefined }),
  );
  return pending.then((result) => {
    known = result;
    return result;
  });
}

export interface AccessView {
  /** False until userinfo has answered; `can` refuses everything meanwhile (nothing flashes). */
  readonly loaded: boolean;
  /** The token's role; undefined without authentication. */
  readonly role?: Role;
  /** The one namespace the token may read; undefined when it reads every namespace. */
  readonly onlyNamespace?: string;
  /** Whether `action` is allowed in `namespace` (undefined: cluster-wide). */
  can(action: Action, namespace: string | undefined): boolean;
  /** Whether `action` is allowed in some namespace (e.g. the namespace is chosen later). */
  canSomewhere(action: Action): boolean;
}

export function useAccess(): AccessView {
  const [state, setState] = useState(known);
  useEffect(() => {
    if (state) return;
    let live = true;
    void loadAccess().then((result) => live && setState(result));
    return () => {
      live = false;
    };
  }, [state]);
  if (!state) return { loaded: false, can: () => false, canSomewhere: () => false };
  const { grants } = state;
  const first = grants?.[0];
  const single = grants?.length === 1 ? first : undefined;
  return {
    loaded: true,
    ...(first ? { role: first.role } : {}),
    ...(single && single.namespace !== allNamespaces ? { onlyNamespace: single.namespace } : {}),
    can: (action, namespace) => !grants || grants.some((grant) => can(grant, action, namespace)),
    canSomewhere: (action) => !grants || grants.some((grant) => roleAllows(grant.role, action)),
  };
}
