import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type { PodContainer, PodManifest } from '@weft/core';
import { workflowVolumesAnnotation } from '@weft/core';
import { secretVolumeDir } from '../pod/secret-volumes.js';
import { claimVolumeName, workflowVolumeName } from './names.js';

/** ConfigMap data for `configMap` volumes (and Secret data, values decoded, for whoever needs it). */
export type ObjectLookup = (
  kind: 'ConfigMap' | 'Secret',
  namespace: string,
  name: string,
) => Readonly<Record<string, string>> | undefined;

/** Where a pod volume's files live on this machine. */
export type VolumeSource =
  | { readonly kind: 'dir'; readonly path: string; readonly create: boolean; readonly readOnly?: boolean }
  | { readonly kind: 'named'; readonly volume: string; readonly perWorkflow: boolean }
  | {
      readonly kind: 'files';
      readonly path: string;
      readonly files: Readonly<Record<string, string>>;
      readonly mode: number;
    };

/** One bind mount of a container: a host path at a path inside the container. */
export interface Mount {
  readonly host: string;
  readonly target: string;
  readonly readOnly: boolean;
}

export interface VolumeContext {
  readonly stepDir: string;
  readonly pod: PodManifest;
  readonly objects?: ObjectLookup;
}

/** Maps each pod volume to its source, or returns the error naming the volume that cannot be served. */
export function planVolumes(context: VolumeContext): Map<string, VolumeSource> | string {
  const { pod } = context;
  const namespace = pod.metadata.namespace ?? 'default';
  const workflow = pod.metadata.labels?.['workflows.argoproj.io/workflow'] ?? pod.metadata.name;
  const perWorkflow = new Set(
    (pod.metadata.annotations?.[workflowVolumesAnnotation] ?? '').split(',').filter(Boolean),
  );
  const sources = new Map<string, VolumeSource>();
  for (const volume of pod.spec.volumes ?? []) {
    const name = String(volume.name);
    const source = volumeSource(volume, context, { namespace, workflow, perWorkflow });
    if (typeof source === 'string') return `volume "${name}": ${source}`;
    sources.set(name, source);
  }
  return sources;
}

function volumeSource(
  volume: Record<string, unknown>,
  context: VolumeContext,
  scope: { namespace: string; workflow: string; perWorkflow: ReadonlySet<string> },
): VolumeSource | string {
  const name = String(volume.name);
  if (volume.emptyDir !== undefined)
    return { kind: 'dir', path: join(context.stepDir, 'volumes', name), create: true };
  const hostPath = volume.hostPath as { path?: string; type?: string } | undefined;
  if (hostPath?.path)
    return { kind: 'dir', path: hostPath.path, create: hostPath.type === 'DirectoryOrCreate' };
  const claim = (volume.persistentVolumeClaim as { claimName?: string } | undefined)?.claimName;
  if (claim) {
    return scope.perWorkflow.has(claim)
      ? {
          kind: 'named',
          volume: workflowVolumeName(scope.namespace, scope.workflow, claim),
          perWorkflow: true,
        }
      : { kind: 'named', volume: claimVolumeName(scope.namespace, claim), perWorkflow: false };
  }
  // Written from the step's secretData just before it runs, removed when it ends (../pod/secret-volumes.ts).
  if (volume.secret !== undefined)
    return { kind: 'dir', path: secretVolumeDir(context.stepDir, name), create: false, readOnly: true };
  const configMap = volume.configMap as ConfigMapVolume | undefined;
  if (configMap) return configMapVolume(configMap, name, context, scope.namespace);
  return `this kind of volume is not supported by the podman runtime (${Object.keys(volume)
    .filter((k) => k !== 'name')
    .join(', ')})`;
}

interface ConfigMapVolume {
  readonly name?: string;
  readonly items?: readonly { key: string; path: string }[];
  readonly defaultMode?: number;
  readonly optional?: boolean;
}

function configMapVolume(
  ref: ConfigMapVolume,
  volumeName: string,
  context: VolumeContext,
  namespace: string,
): VolumeSource | string {
  const data = ref.name ? context.objects?.('ConfigMap', namespace, ref.name) : undefined;
  if (data === undefined && ref.optional !== true) return `ConfigMap "${ref.name ?? ''}" not found`;
  const files: Record<string, string> = {};
  for (const [key, value] of Object.entries(data ?? {})) {
    const item = ref.items?.find((candidate) => candidate.key === key);
    if (ref.items === undefined || item) files[item?.path ?? key] = value;
  }
  const mode = ref.defaultMode ?? 0o644;
  return { kind: 'files', path: join(context.stepDir, 'volumes', volumeName), files, mode };
}

/** Creates the directories and files the volumes need on this machine (before any container starts). */
export async function prepareVolumes(sources: ReadonlyMap<string, VolumeSource>): Promise<void> {
  for (const source of sources.values()) {
    if (source.kind === 'dir' && source.create) await mkdir(source.path, { recursive: true });
    if (source.kind !== 'files') continue;
    await mkdir(source.path, { recursive: true });
    for (const [path, content] of Object.entries(source.files)) {
      const file = join(source.path, path);
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, content);
      await chmod(file, source.mode);
    }
  }
}

/** The bind mounts of one container; `hostOf` gives a named volume's directory. */
export function containerMounts(
  container: PodContainer,
  sources: ReadonlyMap<string, VolumeSource>,
  hostOf: (volume: string) => string,
): Mount[] | string {
  const mounts: Mount[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const source = sources.get(mount.name);
    if (!source)
      return `container "${container.name}": volumeMount "${mount.name}" names no volume of the pod`;
    const base = source.kind === 'named' ? hostOf(source.volume) : source.path;
    const host = mount.subPath ? join(base, mount.subPath) : base;
    const readOnly =
      mount.readOnly === true ||
      source.kind === 'files' ||
      (source.kind === 'dir' && source.readOnly === true);
    mounts.push({ host, target: posix.normalize(mount.mountPath), readOnly });
  }
  return mounts;
}

/** The host path behind `path` inside the container when a mount covers it (the deepest one wins). */
export function hostPathOf(path: string, mounts: readonly Mount[]): string | undefined {
  const target = posix.normalize(path);
  let best: Mount | undefined;
  for (const mount of mounts) {
    const covers = target === mount.target || target.startsWith(`${mount.target.replace(/\/$/, '')}/`);
    if (covers && (!best || mount.target.length > best.target.length)) best = mount;
  }
  if (!best) return undefined;
  return join(best.host, posix.relative(best.target, target));
}
