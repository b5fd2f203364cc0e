/**
 * Fetches one input artifact onto the engine's side before its step starts, as Argo's executor
 * loads it: from the repository its location names (or the workflow's, for a key-only artifact),
 * over HTTP, or from git; then unarchives it (tar detected or named, zip when named), and applies
 * `mode` with `recurseMode`. The runtime copies the result into the step's view.
 */
import { chmod, copyFile, lstat, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifact } from '@weft/core';
import { archiveStrategyOf, extractTar, extractZip, looksLikeTarball } from './archive.js';
import { ArtifactTooLargeError } from './entry-checks.js';
import { fetchGit, fetchHttp, type GitSource, type HttpSource } from './remote-sources.js';
import type { ArtifactRepository, FetchResult } from './repository.js';
import type { RepositorySources } from './repository-config.js';

export interface InputContext {
  readonly defaultRepository: ArtifactRepository;
  /** The repository an `s3` location with a bucket names. */
  readonly repositoryFor: (s3: Record<string, unknown>) => ArtifactRepository;
  readonly sources: RepositorySources;
  readonly sizeLimit?: number;
  /** Give the result files of its own (no hard links into the local repository): for a user's copy. */
  readonly detach?: boolean;
}

/** An input artifact that cannot be loaded: fails the step with Argo's message. */
export class InputArtifactError extends Error {}

const unsupportedKinds = ['gcs', 'oss', 'azure', 'hdfs', 'artifactory', 'plugin'] as const;

/** The field that holds the object's key in each provider's location. */
const keyFields: Readonly<Record<string, string>> = { s3: 'key', gcs: 'key', oss: 'key', azure: 'blob' };

/**
 * A key-only location (`gcs: {key}`, `s3: {key}`, `oss: {key}`, `azure: {blob}` with nothing else):
 * as in Argo, it names an object in the configured default repository, whatever its kind.
 */
export function keyOnlyKey(artifact: Artifact): string | undefined {
  for (const [provider, field] of Object.entries(keyFields)) {
    const location = artifact[provider] as Record<string, unknown> | undefined;
    if (!location || location[field] === undefined) continue;
    const others = Object.keys(location).filter(
      (k) => k !== field && location[k] !== undefined && location[k] !== '',
    );
    if (others.length === 0 || (provider === 's3' && !location.bucket)) return String(location[field]);
  }
  return undefined;
}

/**
 * Puts the artifact at `destination` (engine side). Returns false when it is optional and absent.
 */
export async function stageInputArtifact(
  artifact: Artifact,
  destination: string,
  context: InputContext,
): Promise<boolean> {
  const fetched = await fetchSource(artifact, destination, context);
  if (fetched === 'missing') {
    if (artifact.optional) return false;
    throw new InputArtifactError(
      `artifact ${artifact.name} failed to load: ${describeSource(artifact, context)} does not exist`,
    );
  }
  if (fetched === 'object') await unarchive(artifact, destination, context.sizeLimit);
  if (context.sizeLimit !== undefined) {
    const size = await sizeOf(destination);
    if (size > context.sizeLimit)
      throw new ArtifactTooLargeError(`input artifact "${artifact.name}"`, size, context.sizeLimit);
  }
  if (artifact.mode !== undefined && artifact.recurseMode === true)
    await chmodTree(destination, artifact.mode);
  else if (context.detach) await detachTree(destination);
  return true;
}

async function fetchSource(
  artifact: Artifact,
  destination: string,
  context: InputContext,
): Promise<FetchResult> {
  const http = artifact.http as HttpSource | undefined;
  const git = artifact.git as GitSource | undefined;
  const s3 = artifact.s3 as Record<string, unknown> | undefined;
  try {
    if (http?.url) {
      await fetchHttp(http, `${destination}.download`, context.sizeLimit);
      await rename(`${destination}.download`, destination);
      return 'object';
    }
    if (git?.repo) {
      await fetchGit(git, destination, context.sources);
      return 'unpacked';
    }
    if (s3?.key !== undefined) {
      const repository = s3.bucket ? context.repositoryFor(s3) : context.defaultRepository;
      return await repository.fetch(String(s3.key), destination);
    }
    const key = keyOnlyKey(artifact);
    if (key !== undefined) return await context.defaultRepository.fetch(key, destination);
  } catch (error) {
    if (error instanceof ArtifactTooLargeError) throw error;
    throw new InputArtifactError(`artifact ${artifact.name} failed to load: ${(error as Error).message}`);
  }
  const kind = unsupportedKinds.find((k) => artifact[k] !== undefined);
  if (kind)
    throw new InputArtifactError(
      `artifact ${artifact.name} failed to load: ${kind} artifacts are not supported by weft`,
    );
  if (artifact.optional) return 'missing';
  throw new InputArtifactError(`required artifact '${artifact.name}' not supplied`);
}

function describeSource(artifact: Artifact, context: InputContext): string {
  const s3 = artifact.s3 as Record<string, unknown> | undefined;
  if (s3?.bucket) return `key "${String(s3.key)}" in bucket "${String(s3.bucket)}"`;
  return `key "${String(s3?.key ?? '')}" in the artifact repository (${context.defaultRepository.description})`;
}

/** Argo's unarchiveArtifact: `none` keeps the file, `tar`/`zip` extract, otherwise a tarball is detected. */
async function unarchive(artifact: Artifact, path: string, sizeLimit?: number): Promise<void> {
  if ((await lstat(path)).isDirectory()) return;
  const strategy = artifact.archive === undefined ? undefined : archiveStrategyOf(artifact.archive).format;
  if (strategy === 'none') return;
  const isTar = strategy === 'tar' || (strategy === undefined && (await looksLikeTarball(path)));
  if (!isTar && strategy !== 'zip') return;
  const archiveFile = `${path}.archive`;
  await rename(path, archiveFile);
  try {
    if (isTar) await extractTar(archiveFile, path, sizeLimit);
    else await extractZip(archiveFile, path, sizeLimit);
  } catch (error) {
    throw new InputArtifactError(`artifact ${artifact.name} failed to load: ${(error as Error).message}`);
  } finally {
    await rm(archiveFile, { force: true });
  }
}

/** Bytes of a file, or of every file below a directory. */
export async function sizeOf(path: string): Promise<number> {
  const stats = await lstat(path);
  if (!stats.isDirectory()) return stats.isFile() ? stats.size : 0;
  let total = 0;
  for (const name of await readdir(path)) total += await sizeOf(join(path, name));
  return total;
}

/** Replaces every hard-linked file below `path` by a copy of its own (same mode). */
async function detachTree(path: string): Promise<void> {
  const stats = await lstat(path);
  if (stats.isDirectory()) for (const name of await readdir(path)) await detachTree(join(path, name));
  else if (stats.isFile() && stats.nlink > 1) {
    await copyFile(path, `${path}.own`);
    await chmod(`${path}.own`, stats.mode & 0o7777);
    await rename(`${path}.own`, path);
  }
}

/** Argo's recursive chmod; a file shared with the repository (hard link) is copied first. */
async function chmodTree(path: string, mode: number): Promise<void> {
  const stats = await lstat(path);
  if (stats.isSymbolicLink()) return;
  if (stats.isDirectory()) {
    for (const name of await readdir(path)) await chmodTree(join(path, name), mode);
  } else if (stats.nlink > 1) {
    await copyFile(path, `${path}.own`);
    await rename(`${path}.own`, path);
  }
  await chmod(path, mode);
}
