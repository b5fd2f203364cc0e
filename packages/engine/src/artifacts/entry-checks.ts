/**
 * Rules every archive entry must pass before anything is extracted (zip-slip and tar-slip): the
 * entry must land inside the target, a link must point inside it, and nothing may be written
 * through a symbolic link. One violation refuses the whole archive, so nothing is written.
 */
import { posix } from 'node:path';

export type EntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface ArchiveEntry {
  readonly path: string;
  readonly kind: EntryKind;
  /** Target of a symlink (relative to the entry's directory) or hardlink (relative to the archive root). */
  readonly linkTarget?: string;
  /** The raw type name, for messages about unsupported entries. */
  readonly typeName?: string;
  readonly size?: number;
}

/** An archive that would write outside its target, or holds an entry weft will not extract. */
export class UnsafeArchiveError extends Error {
  constructor(entry: string, reason: string) {
    super(`archive entry "${entry}" ${reason}; nothing was extracted`);
    this.name = 'UnsafeArchiveError';
  }
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path);
}

function escapes(normalized: string): boolean {
  return normalized === '..' || normalized.startsWith('../');
}

/** Checks entries in archive order; throws UnsafeArchiveError for the first unsafe one. */
export function checkArchiveEntries(entries: readonly ArchiveEntry[], sizeLimit?: number): void {
  const symlinks = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    const normalized = checkEntryPath(entry);
    checkEntryLink(entry, normalized);
    for (let parent = posix.dirname(normalized); parent !== '.'; parent = posix.dirname(parent)) {
      if (symlinks.has(parent))
        throw new UnsafeArchiveError(entry.path, `would be written through the symbolic link "${parent}"`);
    }
    if (entry.kind === 'symlink') symlinks.add(normalized);
    total += entry.size ?? 0;
    if (sizeLimit !== undefined && total > sizeLimit)
      throw new ArtifactTooLargeError(`archive contents`, total, sizeLimit);
  }
}

function checkEntryPath(entry: ArchiveEntry): string {
  const path = entry.path.replace(/\\/g, '/');
  if (path.includes('\0')) throw new UnsafeArchiveError(entry.path, 'has a NUL byte in its name');
  if (isAbsolute(entry.path)) throw new UnsafeArchiveError(entry.path, 'has an absolute path');
  const normalized = posix.normalize(path).replace(/\/+$/, '') || '.';
  if (escapes(normalized))
    throw new UnsafeArchiveError(entry.path, 'would be written outside the target (..)');
  if (entry.kind === 'other')
    throw new UnsafeArchiveError(entry.path, `is of an unsupported type (${entry.typeName ?? 'unknown'})`);
  return normalized;
}

function checkEntryLink(entry: ArchiveEntry, normalized: string): void {
  if (entry.kind !== 'symlink' && entry.kind !== 'hardlink') return;
  const target = entry.linkTarget ?? '';
  if (target === '') throw new UnsafeArchiveError(entry.path, 'is a link with no target');
  if (isAbsolute(target))
    throw new UnsafeArchiveError(entry.path, `links to the absolute path "${target}" outside the target`);
  const resolved =
    entry.kind === 'symlink'
      ? posix.normalize(posix.join(posix.dirname(normalized), target))
      : posix.normalize(target);
  if (escapes(resolved))
    throw new UnsafeArchiveError(entry.path, `links to "${target}", which is outside the target`);
}

/** An artifact over the configured size limit. */
export class ArtifactTooLargeError extends Error {
  constructor(what: string, size: number, limit: number) {
    super(
      `${what} is ${formatBytes(size)}, over the artifact size limit of ${formatBytes(limit)} (--artifact-size-limit)`,
    );
    this.name = 'ArtifactTooLargeError';
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
