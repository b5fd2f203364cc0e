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
import { secretVolumeDir } from '../pod/secret-volumes.js';
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
  /**
   * The path below the step's writes for a view path: the host path under the root overlay, the
   * input artifact under an input layer; undefined in a volume or a private dir (nothing below).
   */
  lowerOf(container: PodContainer, viewPath: string): string | undefined;
  /** Whether the path lies in an input layer (its writes or the artifact below them). */
  inInputLayer(container: PodContainer, viewPath: string): boolean;
  /**
   * Shows the directory `lower` at `viewPath` as a copy-on-write layer instead of copying it in;
   * false when this view cannot (not isolated, no overlay binds, or `lower` is not a directory).
   */
  addInputLayer(container: PodContainer, viewPath: string, lower: string): boolean;
}

export interface ViewOptions {
  readonly stepDir: string;
  readonly pod: PodManifest;
  readonly isolated: boolean;
  readonly volumesDir: string;
  /** Host paths shown at the same path in every container (e.g. weft's assets when not on /). */
  readonly extraBinds: readonly Bind[];
  /** The enclosure can mount copy-on-write input layers (`Bind.overlay`). */
  readonly overlayBinds?: boolean;
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
        : 'secret' in volume
          ? secretVolumeDir(options.stepDir, name)
          : join(options.volumesDir, meta.namespace ?? 'default', workflow, claim ?? name);
    dirs.set(name, dir);
  }
  return dirs;
}

interface MountedVolume {
  readonly mountPath: string;
  /** Where writes land: the volume's dir, or an input layer's upper dir. */
  readonly hostDir: string;
  readonly readOnly: boolean;
  /** Input layers only: the artifact shown below the writes, and the overlay's work dir. */
  readonly lower?: string;
  readonly work?: string;
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

/** The innermost mount holding a view path, with the path relative to it. */
function mountOf(
  mounts: readonly MountedVolume[],
  viewPath: string,
): { mount: MountedVolume; rest: string } | undefined {
  const path = posix.normalize(viewPath);
  for (const mount of mounts) {
    if (path === mount.mountPath) return { mount, rest: '' };
    const prefix = mount.mountPath === '/' ? '/' : `${mount.mountPath}/`;
    if (path.startsWith(prefix)) return { mount, rest: path.slice(prefix.length) };
  }
  return undefined;
}

function inVolume(mounts: readonly MountedVolume[], viewPath: string): string | undefined {
  const found = mountOf(mounts, viewPath);
  return found ? join(found.mount.hostDir, found.rest) : undefined;
}

/** Where a path under a mount is stored: its writes (or deletion) first, else the input layer below. */
function locateInMount(found: { mount: MountedVolume; rest: string }): string | undefined {
  const written = join(found.mount.hostDir, found.rest);
  if (found.mount.lower === undefined) return written;
  const stats = lstatSync(written, { throwIfNoEntry: false });
  if (stats !== undefined) return isWhiteout(stats) ? undefined : written;
  return join(found.mount.lower, found.rest);
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
  const inputLayers = new Map<string, MountedVolume[]>();
  const locateSync = (container: PodContainer, viewPath: string): string | undefined => {
    const found = mountOf(mountsOf(container), viewPath);
    if (found !== undefined) return locateInMount(found);
    if (!options.isolated) return viewPath;
    const upperStats = lstatSync(join(upperOf(container), viewPath), { throwIfNoEntry: false });
    if (upperStats === undefined) return viewPath;
    return isWhiteout(upperStats) ? undefined : join(upperOf(container), viewPath);
  };
  const mountsOf = (container: PodContainer) =>
    [
      ...withPrivateDirs(
        volumeMountsOf(container, volumes),
        options.isolated ? containerDir(container) : undefined,
      ),
      ...(inputLayers.get(container.name) ?? []),
    ].sort((a, b) => b.mountPath.length - a.mountPath.length);
  const addInputLayer = (container: PodContainer, viewPath: string, lower: string): boolean => {
    if (!options.isolated || !options.overlayBinds) return false;
    if (!statSync(lower, { throwIfNoEntry: false })?.isDirectory()) return false;
    const layers = inputLayers.get(container.name) ?? [];
    const dir = join(containerDir(container), 'inputs', String(layers.length));
    const layer = {
      mountPath: posix.normalize(viewPath).replace(/(.)\/$/, '$1'),
      hostDir: join(dir, 'upper'),
      work: join(dir, 'work'),
      lower,
      readOnly: false,
    };
    mkdirSync(layer.hostDir, { recursive: true });
    mkdirSync(layer.work, { recursive: true });
    inputLayers.set(container.name, [...layers, layer]);
    return true;
  };
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
        ...mountsOf(container).map((m) =>
          m.lower !== undefined && m.work !== undefined
            ? { source: m.lower, target: m.mountPath, overlay: { upper: m.hostDir, work: m.work } }
            : { source: m.hostDir, target: m.mountPath, readonly: m.readOnly },
        ),
      ].sort((a, b) => a.target.length - b.target.length),
      cwd,
    }),
    writeTarget: (container, viewPath) =>
      inVolume(mountsOf(container), viewPath) ??
      (options.isolated ? join(upperOf(container), viewPath) : viewPath),
    locate: async (container, viewPath) => locateSync(container, viewPath),
    locateSync,
    lowerOf: (container, viewPath) => {
      const found = mountOf(mountsOf(container), viewPath);
      if (found === undefined) return options.isolated ? viewPath : undefined;
      return found.mount.lower === undefined ? undefined : join(found.mount.lower, found.rest);
    },
    inInputLayer: (container, viewPath) => mountOf(mountsOf(container), viewPath)?.mount.lower !== undefined,
    addInputLayer,
  };
}

/** Creates the directories a step needs: logs, volumes, and each container's overlay dirs. */
export async function prepareStepDirs(view: StepView, options: ViewOptions): Promise<void> {
  // A run killed mid-step (weft SIGKILLed) leaves its overlay layers and emptyDirs: start clean.
  for (const stale of ['fs', 'volumes', 'secrets'])
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
    if (file.kind === 'copy' && view.addInputLayer(container, file.path, file.source)) {
      // The layer's root takes the mode of its (empty) upper dir, as overlayfs shows it.
      if (file.mode !== undefined) chmodSync(view.writeTarget(container, file.path), file.mode);
      else chmodSync(view.writeTarget(container, file.path), statSync(file.source).mode & 0o7777);
      continue;
    }
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
  // An upper dir holds just the step's changes: merge them over what lies below (the host under the
  // root overlay, the artifact under an input layer); a volume or private dir holds everything.
  const lower = view.lowerOf(container, viewPath);
  const fromUpper = lower !== undefined && located !== lower;
  if (stats.isDirectory() && fromUpper && (await isDirectory(lower))) {
    await cp(lower, destination, { recursive: true, force: true });
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
