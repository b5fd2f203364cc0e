import {
  accessSync,
  chmodSync,
  constants,
  lstatSync,
  mkdirSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cp, lstat, mkdir, readFile, rm, stat } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import type { PodContainer, PodManifest } from '@weft/core';
import type { InputFile } from '../types.js';
import { copyTree } from './copy-tree.js';
import type { Bind, OverlayLayout } from './isolation.js';

/**
 * The filesystem one step's containers see. Isolated: each container has its own overlay upper
 * dir under `${stepDir}/fs/<container>/` (containers of a pod share only volumes, as in
 * Kubernetes). Not isolated: view paths are host paths. Volumes are host dirs bound at each
 * container's mountPath: emptyDir under `${stepDir}/volumes/`, every other kind per workflow
 * under `volumesDir`.
 */
export interface StepView {
  readonly isolated: boolean;
  layout(container: PodContainer, cwd: string): OverlayLayout;
  /** Engine-side path where a path of the container's view is stored (the host path when not written). */
  locate(container: PodContainer, viewPath: string): Promise<string | undefined>;
  /** `locate` without the thread-pool round trip (one lstat). */
  locateSync(container: PodContainer, viewPath: string): string | undefined;
  /** Where a path of the container's view is written (upper dir, volume, or host). */
  writeTarget(container: PodContainer, viewPath: string): string;
  /** The container's overlay upper dir (only meaningful when isolated). */
  upperDir(container: PodContainer): string;
}

export interface ViewOptions {
  readonly stepDir: string;
  readonly pod: PodManifest;
  readonly isolated: boolean;
  readonly volumesDir: string;
  /** Host paths shown at the same path in every container (e.g. weft's assets when not on /). */
  readonly extraBinds: readonly Bind[];
}

const workflowLabel = 'workflows.argoproj.io/workflow';

export function volumeHostDirs(options: ViewOptions): Map<string, string> {
  const dirs = new Map<string, string>();
  const meta = options.pod.metadata;
  const workflow = meta.labels?.[workflowLabel] ?? meta.name;
  for (const volume of options.pod.spec.volumes ?? []) {
    const name = String(volume.name ?? '');
    if (!name) continue;
    const claim = (volume.persistentVolumeClaim as { claimName?: string } | undefined)?.claimName;
    const dir =
      'emptyDir' in volume
        ? join(options.stepDir, 'volumes', name)
        : join(options.volumesDir, meta.namespace ?? 'default', workflow, claim ?? name);
    dirs.set(name, dir);
  }
  return dirs;
}

interface MountedVolume {
  readonly mountPath: string;
  readonly hostDir: string;
  readonly readOnly: boolean;
}

function volumeMountsOf(container: PodContainer, volumes: Map<string, string>): MountedVolume[] {
  const mounts: MountedVolume[] = [];
  for (const mount of container.volumeMounts ?? []) {
    const dir = volumes.get(mount.name);
    if (dir === undefined) continue;
    const mountPath = posix.normalize(mount.mountPath).replace(/(.)\/$/, '$1');
    mounts.push({
      mountPath,
      hostDir: mount.subPath ? join(dir, mount.subPath) : dir,
      readOnly: mount.readOnly === true,
    });
  }
  return mounts.sort((a, b) => b.mountPath.length - a.mountPath.length);
}

/** Adds a private, empty `/tmp` (under the container's dir) unless a volume is mounted there. */
function withPrivateDirs(mounts: MountedVolume[], containerDir: string | undefined): MountedVolume[] {
  if (containerDir === undefined) return mounts;
  const extra = privateDirs
    .filter((dir) => !mounts.some((m) => m.mountPath === dir))
    .map((dir) => ({ mountPath: dir, hostDir: join(containerDir, 'private', dir), readOnly: false }));
  return [...mounts, ...extra].sort((a, b) => b.mountPath.length - a.mountPath.length);
}

function inVolume(mounts: readonly MountedVolume[], viewPath: string): string | undefined {
  const path = posix.normalize(viewPath);
  for (const mount of mounts) {
    if (path === mount.mountPath) return mount.hostDir;
    const prefix = mount.mountPath === '/' ? '/' : `${mount.mountPath}/`;
    if (path.startsWith(prefix)) return join(mount.hostDir, path.slice(prefix.length));
  }
  return undefined;
}

/** Overlayfs marks a file deleted in the upper dir with a 0:0 character device. */
export function isWhiteout(stats: Stats): boolean {
  return stats.isCharacterDevice() && stats.rdev === 0;
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch {
    return undefined;
  }
}

/** Directories every isolated container gets empty and to itself, as in a fresh container image. */
export const privateDirs = ['/tmp'] as const;

export function createStepView(options: ViewOptions): StepView {
  const volumes = volumeHostDirs(options);
  const containerDir = (container: PodContainer) => join(options.stepDir, 'fs', container.name);
  const upperOf = (container: PodContainer) => join(containerDir(container), 'upper');
  // Metadata look-ups are single syscalls: done synchronously they cost microseconds, where a
  // round trip through libuv's thread pool costs a large part of a step's whole overhead.
  const locateSync = (container: PodContainer, viewPath: string): string | undefined => {
    const volumePath = inVolume(mountsOf(container), viewPath);
    if (volumePath !== undefined) return volumePath;
    if (!options.isolated) return viewPath;
    const upperStats = lstatSync(join(upperOf(container), viewPath), { throwIfNoEntry: false });
    if (upperStats === undefined) return viewPath;
    return isWhiteout(upperStats) ? undefined : join(upperOf(container), viewPath);
  };
  const mountsOf = (container: PodContainer) =>
    withPrivateDirs(
      volumeMountsOf(container, volumes),
      options.isolated ? containerDir(container) : undefined,
    );
  return {
    isolated: options.isolated,
    upperDir: upperOf,
    layout: (container, cwd) => ({
      upper: upperOf(container),
      work: join(containerDir(container), 'work'),
      merged: join(containerDir(container), 'merged'),
      // Outer mounts first, so a bind inside the private /tmp (or a volume) stays visible.
      binds: [
        ...options.extraBinds,
        ...mountsOf(container).map((m) => ({ source: m.hostDir, target: m.mountPath, readonly: m.readOnly })),
      ].sort((a, b) => a.target.length - b.target.length),
      cwd,
    }),
    writeTarget: (container, viewPath) =>
      inVolume(mountsOf(container), viewPath) ??
      (options.isolated ? join(upperOf(container), viewPath) : viewPath),
    locate: async (container, viewPath) => locateSync(container, viewPath),
    locateSync,
  };
}

/** Creates the directories a step needs: logs, volumes, and each container's overlay dirs. */
export async function prepareStepDirs(view: StepView, options: ViewOptions): Promise<void> {
  // A run killed mid-step (weft SIGKILLed) leaves its overlay layers and emptyDirs: start clean.
  for (const stale of ['fs', 'volumes'])
    rmSync(join(options.stepDir, stale), { recursive: true, force: true });
  const dirs = [join(options.stepDir, 'logs'), ...volumeHostDirs(options).values()];
  if (view.isolated) {
    const all = [...(options.pod.spec.initContainers ?? []), ...options.pod.spec.containers];
    for (const container of all) {
      const layout = view.layout(container, '/');
      dirs.push(layout.upper, layout.work, layout.merged);
    }
  }
  for (const dir of dirs) mkdirSync(dir, { recursive: true });
  if (view.isolated) preparePrivateDirs(view, options);
}

/** Creates each container's private `/tmp` with the sticky, world-writable mode a real `/tmp` has. */
function preparePrivateDirs(view: StepView, options: ViewOptions): void {
  const all = [...(options.pod.spec.initContainers ?? []), ...options.pod.spec.containers];
  for (const container of all) {
    for (const dir of privateDirs) {
      const hostDir = view.writeTarget(container, dir);
      if (!hostDir.includes(`${join('fs', container.name, 'private')}`)) continue;
      mkdirSync(hostDir, { recursive: true });
      chmodSync(hostDir, 0o1777);
    }
  }
}

/** Places input files in a container's view at their absolute paths, with their mode. */
export async function placeInputFiles(
  view: StepView,
  container: PodContainer,
  files: readonly InputFile[],
): Promise<void> {
  for (const file of files) {
    const target = view.writeTarget(container, file.path);
    mkdirSync(dirname(target), { recursive: true });
    if (file.kind === 'content') writeFileSync(target, file.content);
    else await copyTree(file.source, target);
    if (file.mode !== undefined) chmodSync(target, file.mode);
  }
}

/** Makes sure a working directory exists in the container's view (Kubernetes creates it). */
export async function ensureWorkingDir(view: StepView, container: PodContainer, cwd: string): Promise<void> {
  const located = view.locateSync(container, cwd);
  if (located !== undefined && statSync(located, { throwIfNoEntry: false })?.isDirectory()) return;
  mkdirSync(view.writeTarget(container, cwd), { recursive: true });
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Reads an output parameter file from the container's view; undefined when it does not exist. */
export async function readViewFile(
  view: StepView,
  container: PodContainer,
  viewPath: string,
): Promise<string | undefined> {
  const located = await view.locate(container, viewPath);
  if (located === undefined) return undefined;
  try {
    return await readFile(located, 'utf8');
  } catch {
    return undefined;
  }
}

/** True when the view path is an executable regular file (used to resolve commands). */
export async function isExecutableInView(
  view: StepView,
  container: PodContainer,
  viewPath: string,
): Promise<boolean> {
  const located = view.locateSync(container, viewPath);
  if (located === undefined) return false;
  if (!statSync(located, { throwIfNoEntry: false })?.isFile()) return false;
  try {
    accessSync(located, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Copies a file or directory of the container's view to `destination`. A directory present in
 * both the host (lower layer) and the upper dir is merged: host first, then the step's changes,
 * with files the step deleted left out. Returns false when the path does not exist.
 */
export async function copyFromView(
  view: StepView,
  container: PodContainer,
  viewPath: string,
  destination: string,
): Promise<boolean> {
  const located = await view.locate(container, viewPath);
  if (located === undefined) return false;
  const stats = await lstatOrUndefined(located);
  if (stats === undefined) return false;
  await mkdir(dirname(destination), { recursive: true });
  // Only an overlay upper dir holds just the step's changes; a volume or private dir holds everything.
  const fromUpper = view.isolated && located.startsWith(`${view.upperDir(container)}/`);
  if (stats.isDirectory() && fromUpper && (await isDirectory(viewPath))) {
    await cp(viewPath, destination, { recursive: true, force: true });
  }
  const whiteouts: string[] = [];
  await cp(located, destination, {
    recursive: true,
    force: true,
    dereference: !stats.isDirectory(),
    filter: async (source, target) => {
      const entry = await lstatOrUndefined(source);
      if (entry !== undefined && isWhiteout(entry)) whiteouts.push(target);
      return entry !== undefined && !isWhiteout(entry);
    },
  });
  await Promise.all(whiteouts.map((path) => rm(path, { recursive: true, force: true })));
  return true;
}
