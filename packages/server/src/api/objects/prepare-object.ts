/**
 * An object from a request body made ready for the store or the controller: kind and apiVersion
 * filled in, the namespace taken from the URL (a different one in the body is refused, as
 * Kubernetes refuses it), and a name present (or, for an update, the one in the URL).
 */
import { invalidField } from '../errors/api-error.js';
import type { ObjectKind } from '../schemas/objects.js';

export interface RequestObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; generateName?: string; namespace?: string; [key: string]: unknown };
  [field: string]: unknown;
}

export interface PreparedObject {
  apiVersion: string;
  kind: ObjectKind;
  metadata: { name?: string; generateName?: string; namespace?: string; [key: string]: unknown };
  [field: string]: unknown;
}

export interface PrepareOptions {
  /** For updates: the name in the URL, which the body must match. */
  readonly pathName?: string;
  /** A name or generateName must be given (default true; lint does not need one). */
  readonly requireName?: boolean;
}

/**
 * @param namespace  the URL's namespace; undefined for cluster-scoped kinds
 * @param field  where the object is in the body (`workflow`, `template`, `cronWorkflow`), for messages
 */
export function prepareObject(
  kind: ObjectKind,
  given: RequestObject,
  namespace: string | undefined,
  field: string,
  options: PrepareOptions = {},
): PreparedObject {
  const { pathName, requireName = true } = options;
  const object = structuredClone(given) as RequestObject;
  const metadata = { ...(object.metadata ?? {}) };
  if (namespace === undefined) delete metadata.namespace;
  else if (metadata.namespace && metadata.namespace !== namespace) {
    throw invalidField(
      `${field}.metadata.namespace`,
      `"${metadata.namespace}" does not match the namespace "${namespace}" in the URL`,
    );
  } else metadata.namespace = namespace;
  if (pathName !== undefined) {
    if (metadata.name && metadata.name !== pathName)
      throw invalidField(
        `${field}.metadata.name`,
        `"${metadata.name}" does not match the name "${pathName}" in the URL`,
      );
    metadata.name = pathName;
  } else if (requireName && !metadata.name && !metadata.generateName) {
    throw invalidField(`${field}.metadata.name`, 'a name or generateName is required');
  }
  return { ...object, apiVersion: object.apiVersion ?? 'argoproj.io/v1alpha1', kind, metadata };
}
