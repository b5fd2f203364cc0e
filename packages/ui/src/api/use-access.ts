/**
 * The signed-in token's permissions: `GET /api/v1/userinfo` is asked once per page load (signing
 * in or out reloads the page) and shared by every component.
 */
import { useEffect, useState } from 'react';
import { type Action, allNamespaces, can, type Grant, grantOf, type Role, roleAllows } from '../model/access';
import { getJson } from './client';

interface UserInfo {
  readonly role?: unknown;
  readonly namespace?: unknown;
}

/** undefined grant: no role named, everything allowed. */
type Known = { readonly grant: Grant | undefined };

let known: Known | undefined;
let pending: Promise<Known> | undefined;

function loadAccess(): Promise<Known> {
  pending ??= getJson<UserInfo>('/api/v1/userinfo').then(
    (info) => ({ grant: grantOf(info) }),
    // The server checks every request anyway; an older server without userinfo limits nothing.
    () => ({ grant: undefined }),
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
  const { grant } = state;
  return {
    loaded: true,
    ...(grant ? { role: grant.role } : {}),
    ...(grant && grant.namespace !== allNamespaces ? { onlyNamespace: grant.namespace } : {}),
    can: (action, namespace) => can(grant, action, namespace),
    canSomewhere: (action) => !grant || roleAllows(grant.role, action),
  };
}
