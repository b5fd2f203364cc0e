/**
 * The ArtifactRepository port: where output artifacts are stored and input artifacts fetched from,
 * by key (Argo's key: `{{workflow.name}}/{{pod.name}}/<name>.tgz`, or a key the workflow gives).
 * Implementations: local (content-addressed files under a directory) and S3-compatible stores.
 */
import type { ArchiveStrategy } from './archive.js';

/**
 * What `fetch` put at the destination:
 * - `unpacked`: the artifact's file or directory, ready to use (archives already opened);
 * - `object`: one stored object as it was stored (the caller may unarchive it, as Argo's executor does);
 * - `directory`: a directory assembled from every object stored under `key/`;
 * - `missing`: nothing is stored under the key.
 */
export type FetchResult = 'unpacked' | 'object' | 'directory' | 'missing';

export interface ArtifactRepository {
  /** e.g. `local /path/to/artifacts` or `s3 http://127.0.0.1:9000/bucket`. */
  readonly description: string;
  /** Argo's location fields for an artifact stored under `key` (shown in node outputs). */
  location(key: string): Record<string, unknown>;
  /** Where `key` is stored, for people (a path or an `s3://bucket/key` URL). */
  where(key: string): string;
  /**
   * Stores the staged file or directory under `key`. The repository may consume `staged` (move its
   * files) — it belongs to the engine's staging area. A directory with `archive.none` is stored as
   * one object per file under `key/`, as Argo does.
   */
  save(key: string, staged: string, archive: ArchiveStrategy): Promise<void>;
  /** Writes what is stored under `key` at `destination` (which must not exist). */
  fetch(key: string, destination: string): Promise<FetchResult>;
  /** Every key stored under `prefix` (full keys, sorted). */
  list(prefix: string): Promise<string[]>;
  /** Deletes what is stored under `key` (an object, or every object under `key/`). */
  delete(key: string): Promise<void>;
}

/** Normalizes a key (no leading or trailing slash, no empty segment) and refuses `..` and `.` segments. */
export function cleanKey(key: string): string {
  const segments = key.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.' || s.includes('\0')))
    throw new Error(`artifact key "${key}" has a "." or ".." segment`);
  return segments.join('/');
}
