import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PodContainer } from '@weft/core';
import { copyTree } from '../host/copy-tree.js';
import type { InputFile, StartStepRequest } from '../types.js';
import type { ContainerLaunch } from './container-run.js';
import { containerName } from './names.js';
import { type NetworkPlacement, podmanRunArgs } from './run-args.js';
import { containerMounts, hostPathOf, type Mount, type VolumeSource } from './volumes.js';

/** Annotation (template `metadata.annotations` or `spec.podMetadata`) giving a step a podman network. */
export const networkAnnotation = 'weft.dev/network';

/** `none` (default): the workflow's pod, loopback only; anything else is passed to `podman run --network`. */
export function networkOf(request: StartStepRequest): string {
  return request.pod.metadata.annotations?.[networkAnnotation]?.trim() || 'none';
}

/** Numbers each container start of this process, for unique cid files. */
let attempts = 0;

export interface LaunchPlan {
  readonly launches: Map<string, ContainerLaunch>;
  /** Bind mounts of each container, to find its files after it stopped. */
  readonly mounts: Map<string, readonly Mount[]>;
}

export interface LaunchInput {
  readonly request: StartStepRequest;
  readonly sources: ReadonlyMap<string, VolumeSource>;
  readonly hostOf: (volume: string) => string;
  readonly images: ReadonlyMap<string, string>;
  readonly placement: NetworkPlacement;
}

/**
 * Places the input files (into a volume when one covers the path, else into `stepDir/inputs`
 * bound at the path) and builds every container's `podman run` call.
 */
export async function planLaunches(input: LaunchInput): Promise<LaunchPlan | string> {
  const { request } = input;
  const mains = new Set(request.mainContainers.map((main) => main.name));
  const all = [...(request.pod.spec.initContainers ?? []), ...request.pod.spec.containers];
  const launches = new Map<string, ContainerLaunch>();
  const mountsOf = new Map<string, readonly Mount[]>();
  await rm(join(request.stepDir, 'inputs'), { recursive: true, force: true });
  await mkdir(join(request.stepDir, 'containers'), { recursive: true });
  let placed = 0;
  for (const container of all) {
    const mounts = containerMounts(container, input.sources, input.hostOf);
    if (typeof mounts === 'string') return mounts;
    const binds: Mount[] = [];
    if (mains.has(container.name)) {
      for (const file of request.inputFiles) {
        const inVolume = hostPathOf(file.path, mounts);
        const host = inVolume ?? join(request.stepDir, 'inputs', String(placed++), 'file');
        await placeInputFile(file, host);
        if (inVolume === undefined) binds.push({ host, target: file.path, readOnly: false });
      }
    }
    const allMounts = [...mounts, ...binds];
    mountsOf.set(container.name, allMounts);
    const name = containerName(request.id, container.name);
    const image = input.images.get(container.name) ?? container.image ?? '';
    const args = podmanRunArgs({
      name,
      stepId: request.id,
      pod: request.pod,
      container,
      image,
      mounts: allMounts,
      placement: input.placement,
    });
    // One file per attempt: removal of an earlier attempt never reads a later one's id.
    const cidFile = join(request.stepDir, 'containers', `${container.name}.${process.pid}-${++attempts}.cid`);
    args.splice(1, 0, '--cidfile', cidFile);
    launches.set(container.name, {
      cidFile,
      name: container.name,
      podmanName: name,
      args,
      program: programOf(container),
    });
  }
  return { launches, mounts: mountsOf };
}

function programOf(container: PodContainer): string {
  return container.command?.[0] ?? container.args?.[0] ?? `entrypoint of ${container.image ?? 'the image'}`;
}

async function placeInputFile(file: InputFile, host: string): Promise<void> {
  await mkdir(dirname(host), { recursive: true });
  if (file.kind === 'content') await writeFile(host, file.content);
  else await copyTree(file.source, host);
  if (file.mode !== undefined) await chmod(host, file.mode);
}
