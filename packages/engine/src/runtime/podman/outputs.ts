import { lstat, mkdir, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, posix } from 'node:path';
import { copyTree } from '../host/copy-tree.js';
import type { CollectedArtifact, StartStepRequest } from '../types.js';
import { runPodman } from './command.js';
import { hostPathOf, type Mount } from './volumes.js';

export interface CollectedOutputs {
  readonly parameters: Record<string, string | undefined>;
  readonly artifacts: CollectedArtifact[];
  /** Names the first required artifact that was not found. */
  readonly missing?: string;
}

/**
 * Reads a stopped container's files: paths under a mount from the host directory behind it, the
 * rest from the container's root filesystem (`podman mount`, or `podman cp` where mounting is not
 * allowed, e.g. rootless).
 */
export class StoppedContainerFiles {
  readonly #binary: string;
  readonly #container: string;
  readonly #mounts: readonly Mount[];
  readonly #ran: boolean;
  #root: Promise<string | undefined> | undefined;
  readonly #scratch: string[] = [];

  /** `ran`: the container was created (else only paths under its mounts can be found). */
  constructor(binary: string, container: string, mounts: readonly Mount[], ran: boolean) {
    this.#ran = ran;
    this.#binary = binary;
    this.#container = container;
    this.#mounts = mounts;
  }

  /** A host path holding the file or directory at `path`, or undefined when there is none. */
  async locate(path: string): Promise<string | undefined> {
    const mounted = hostPathOf(path, this.#mounts);
    if (mounted !== undefined) return (await exists(mounted)) ? mounted : undefined;
    if (!this.#ran) return undefined;
    this.#root ??= this.#mountRoot();
    const root = await this.#root;
    if (root !== undefined) {
      const inside = await resolveInRoot(root, path);
      return inside !== undefined && (await exists(inside)) ? inside : undefined;
    }
    return this.#copyOut(path);
  }

  async release(): Promise<void> {
    await Promise.all(this.#scratch.map((dir) => rm(dir, { recursive: true, force: true })));
  }

  async #mountRoot(): Promise<string | undefined> {
    const result = await runPodman(this.#binary, ['mount', this.#container]);
    return result.code === 0 ? result.stdout.trim() : undefined;
  }

  async #copyOut(path: string): Promise<string | undefined> {
    const dir = await mkdtemp(join(tmpdir(), 'weft-podman-cp-'));
    this.#scratch.push(dir);
    const target = join(dir, basename(path) || 'root');
    const result = await runPodman(this.#binary, ['cp', `${this.#container}:${path}`, target]);
    return result.code === 0 ? target : undefined;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** `path` inside the root filesystem at `root`, following symlinks as the container would see them. */
export async function resolveInRoot(root: string, path: string): Promise<string | undefined> {
  const pending = posix.normalize(path).split('/').filter(Boolean);
  const done: string[] = [];
  for (let hops = 0; pending.length > 0; ) {
    const part = pending.shift() as string;
    if (part === '..') {
      done.pop();
      continue;
    }
    const host = join(root, ...done, part);
    let target: string | undefined;
    try {
      target = (await lstat(host)).isSymbolicLink() ? await readlink(host) : undefined;
    } catch {
      return join(root, ...done, part, ...pending);
    }
    if (target === undefined) {
      done.push(part);
      continue;
    }
    if (++hops > 40) return undefined;
    if (target.startsWith('/')) done.length = 0;
    pending.unshift(...target.split('/').filter((piece) => piece !== '' && piece !== '.'));
  }
  return join(root, ...done);
}

/** Output parameters and artifacts of the step, read from its primary container. */
export async function collectOutputs(
  request: StartStepRequest,
  files: StoppedContainerFiles | undefined,
): Promise<CollectedOutputs> {
  const parameters: Record<string, string | undefined> = {};
  const artifacts: CollectedArtifact[] = [];
  let missing: string | undefined;
  for (const parameter of request.outputParameters) {
    const found = await files?.locate(parameter.path);
    parameters[parameter.name] = found === undefined ? undefined : await readText(found);
  }
  for (const artifact of request.outputArtifacts) {
    const found = await files?.locate(artifact.path);
    const copied = found !== undefined && (await copy(found, artifact.destination));
    if (copied) artifacts.push({ name: artifact.name, location: artifact.destination });
    else if (artifact.optional) artifacts.push({ name: artifact.name });
    else missing ??= `output artifact "${artifact.name}": path ${artifact.path} does not exist`;
  }
  return missing === undefined ? { parameters, artifacts } : { parameters, artifacts, missing };
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

async function copy(source: string, destination: string): Promise<boolean> {
  try {
    await mkdir(dirname(destination), { recursive: true });
    await copyTree(source, destination);
    return true;
  } catch {
    return false;
  }
}
