import type { ConfigMap } from '@weft/core';
import type { ObjectLookup } from './volumes.js';

/** A Secret as given on the command line or stored: `data` base64, `stringData` plain. */
export interface SecretObject {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly data?: Readonly<Record<string, string>>;
  readonly stringData?: Readonly<Record<string, string>>;
}

/** Serves `configMap` and `secret` volumes from objects in hand (those `weft run` loaded). */
export function objectLookup(
  configMaps: readonly ConfigMap[],
  secrets: readonly SecretObject[],
): ObjectLookup {
  const matches = (meta: { name?: string; namespace?: string }, namespace: string, name: string) =>
    meta.name === name && (meta.namespace === undefined || meta.namespace === namespace);
  return (kind, namespace, name) => {
    if (kind === 'ConfigMap')
      return configMaps.find((map) => matches(map.metadata, namespace, name))?.data ?? undefined;
    const secret = secrets.find((candidate) => matches(candidate.metadata, namespace, name));
    if (!secret) return undefined;
    const decoded: Record<string, string> = {};
    for (const [key, value] of Object.entries(secret.data ?? {}))
      decoded[key] = Buffer.from(value, 'base64').toString('utf8');
    return { ...decoded, ...(secret.stringData ?? {}) };
  };
}
