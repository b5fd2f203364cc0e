/**
 * `--sso-role-map`: which namespace roles an identity provider's groups grant.
 *
 *   "ops=*:admin,dev=team-a:editor,dev=team-b:viewer"
 *     → ops: admin in every namespace; dev: editor in team-a and viewer in team-b
 *
 * A group may be named more than once; a user gets the grants of each of their groups.
 */
import { type Grant, isRole, roles } from '../roles.js';

export type RoleMap = Readonly<Record<string, readonly Grant[]>>;

const namespacePattern = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?|\*)$/;

/** Parses the entries; a message naming the entry at fault is thrown as an Error. */
export function parseRoleMap(entries: readonly string[]): RoleMap {
  const map: Record<string, Grant[]> = {};
  for (const entry of entries.map((text) => text.trim()).filter(Boolean)) {
    const equals = entry.lastIndexOf('=');
    const group = entry.slice(0, equals).trim();
    const [namespace = '', role = '', ...rest] = entry
      .slice(equals + 1)
      .split(':')
      .map((part) => part.trim());
    if (equals <= 0 || !group || rest.length > 0 || !namespacePattern.test(namespace) || !isRole(role))
      throw new Error(
        `"${entry}" is not GROUP=NAMESPACE:ROLE (NAMESPACE a namespace or * for every one, ROLE one of ${roles.join(', ')})`,
      );
    map[group] = [...(Object.hasOwn(map, group) ? (map[group] ?? []) : []), { namespace, role }];
  }
  if (Object.keys(map).length === 0) throw new Error('maps no group to a role');
  return map;
}

/** The grants of a user in these groups (none: the user may not do anything). */
export function grantsOf(map: RoleMap, groups: readonly string[]): Grant[] {
  const grants: Grant[] = [];
  for (const group of new Set(groups)) if (Object.hasOwn(map, group)) grants.push(...(map[group] ?? []));
  return grants;
}
