/**
 * How a step's Pod uses Secrets, as Kubernetes defines it — shared by every runtime:
 *
 *   env[].valueFrom.secretKeyRef {name, key, optional}   one variable
 *   envFrom[].secretRef {name, optional} + prefix         every key as a variable (before `env`)
 *   volumes[].secret {secretName, items, defaultMode, optional}   files, mode 0644 unless given
 *
 * The data of the Secrets a pod names comes with its StartStepRequest (`secretData`), decoded.
 * A Secret or key that is missing and not optional is an error naming it (Kubernetes'
 * CreateContainerConfigError), and the step does not start. Variables are built in pod-env.ts.
 */
import type { PodManifest } from '@weft/core';
import { envSourceNamesOf } from './pod-env.js';

/** Decoded data of Secrets, by name. */
export type SecretData = Readonly<Record<string, Readonly<Record<string, string>>>>;

interface SecretVolumeSource {
  readonly secretName?: string;
  readonly items?: readonly { readonly key: string; readonly path: string; readonly mode?: number }[];
  readonly defaultMode?: number;
  readonly optional?: boolean;
}

/** The names of every Secret the pod's containers and volumes refer to. */
export function secretNamesOf(pod: PodManifest): string[] {
  const names = new Set(envSourceNamesOf(pod, 'Secret'));
  for (const volume of pod.spec.volumes ?? []) {
    const name = (volume.secret as SecretVolumeSource | undefined)?.secretName;
    if (name) names.add(name);
  }
  return [...names];
}

export type Resolved<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

/** One file of a secret volume, relative to the mount path. */
export interface SecretFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

/** The files of a `secret` volume: every key, or the listed `items` at their paths and modes. */
export function secretVolumeFiles(
  volume: Readonly<Record<string, unknown>>,
  secrets: SecretData = {},
): Resolved<SecretFile[]> {
  const source = volume.secret as SecretVolumeSource | undefined;
  const name = source?.secretName ?? '';
  const data = secrets[name];
  const mode = source?.defaultMode ?? 0o644;
  if (!data) {
    if (source?.optional) return { ok: true, value: [] };
    return { ok: false, error: `volume "${String(volume.name)}": secret "${name}" not found` };
  }
  if (!source?.items) {
    return { ok: true, value: Object.entries(data).map(([key, content]) => ({ path: key, content, mode })) };
  }
  const files: SecretFile[] = [];
  for (const item of source.items) {
    const content = data[item.key];
    if (content === undefined) {
      if (source.optional) continue;
      return {
        ok: false,
        error: `volume "${String(volume.name)}": couldn't find key ${item.key} in Secret ${name}`,
      };
    }
    if (item.path.startsWith('/') || item.path.split('/').includes('..'))
      return {
        ok: false,
        error: `volume "${String(volume.name)}": item path "${item.path}" must be relative, without ".."`,
      };
    files.push({ path: item.path, content, mode: item.mode ?? mode });
  }
  return { ok: true, value: files };
}

/** Every value of the Secrets given, for redaction. */
export function secretValuesOf(secrets: SecretData | undefined): string[] {
  return Object.values(secrets ?? {}).flatMap((data) => Object.values(data));
}
