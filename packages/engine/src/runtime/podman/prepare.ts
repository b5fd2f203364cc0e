import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { PodContainer } from '@weft/core';
import { secretValuesOf } from '../../secrets/pod-secrets.js';
import { copyTree } from '../host/copy-tree.js';
import { containerEnvironment } from '../pod/env.js';
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
    const resolved = containerEnvironment(container, {}, request);
    if (!resolved.ok) return resolved.error;
    const secretEnv = hiddenVariables(resolved.env, secretValuesOf(request.secretData));
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
      env: resolved.env,
      hiddenEnv: new Set(Object.keys(secretEnv)),
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
      ...(Object.keys(secretEnv).length > 0 ? { secretEnv } : {}),
    });
  }
  return { launches, mounts: mountsOf };
}

/** Environment variables podman itself reads: a Secret's value under such a name stays on the command line. */
const podmanOwnVariables =
  /^(PATH|HOME|TMPDIR|USER|LANG|LC_.*|XDG_.*|CONTAINERS_.*|CONTAINER_.*|PODMAN_.*|STORAGE_.*|BUILDAH_.*|REGISTRIES_.*|DBUS_.*|NOTIFY_SOCKET)$/;

/** The variables whose values hold a Secret's value, to hand to podman through its environment. */
function hiddenVariables(
  env: Readonly<Record<string, string>>,
  secretValues: readonly string[],
): Record<string, string> {
  const hidden: Record<string, string> = {};
  const values = secretValues.filter((value) => value !== '');
  if (values.length === 0) return hidden;
  for (const [name, value] of Object.entries(env)) {
    if (podmanOwnVariables.test(name) || name in process.env) continue;
    if (values.some((secret) => value.includes(secret))) hidden[name] = value;
  }
  return hidden;
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
