/**
 * The local artifact repository: content-addressed, so the same bytes are stored once.
 *
 *   <root>/blobs/<sha256[0..2]>/<sha256>   one file per distinct content (moved in, never copied)
 *   <root>/refs/<key>.ref                  JSON: the tree stored under a key (entries with path,
 *                                          type, mode, size, sha256 or symlink target)
 *
 * A directory is stored as a tree of content-addressed files rather than as an archive: the
 * archive strategy is recorded in the ref (Argo's key still ends in `.tgz`), and an S3 repository
 * is where archives are written as bytes. Fetching hard-links blobs whose mode matches and copies
 * the others; the runtime copies inputs into the step's view, so a step never writes to a blob.
 */
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import {
  chmod,
  copyFile,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { ArchiveStrategy } from './archive.js';
import { hashFileInPool } from './hash-pool.js';
import { type ArtifactRepository, cleanKey, type FetchResult } from './repository.js';

interface TreeEntry {
  /** Relative to the artifact's root; '' is the root itself. */
  readonly path: string;
  readonly type: 'file' | 'directory' | 'symlink';
  readonly mode: number;
  readonly size?: number;
  readonly sha256?: string;
  /** Not hashed yet: the file is `blobs/pending/<pending>` (see `deferHashing`). */
  readonly pending?: string;
  readonly target?: string;
}

interface StoredRef {
  readonly version: 1;
  readonly archive: ArchiveStrategy['format'];
  readonly entries: readonly TreeEntry[];
}

const refSuffix = '.ref';

export interface LocalRepositoryOptions {
  /**
   * Store files at once under a temporary name and hash them in the background, so a consumer can
   * start while they are hashed (the ref is rewritten to content addresses when done). `settle()`
   * waits for that and drops the temporary names.
   */
  readonly deferHashing?: boolean;
}

export class LocalArtifactRepository implements ArtifactRepository {
  readonly root: string;
  readonly description: string;
  readonly #deferHashing: boolean;
  readonly #background = new Set<Promise<void>>();
  readonly #hashedPending: string[] = [];

  constructor(root: string, options: LocalRepositoryOptions = {}) {
    this.root = root;
    this.description = `local ${root}`;
    this.#deferHashing = options.deferHashing === true;
  }

  location(key: string): Record<string, unknown> {
    return { s3: { key: cleanKey(key) } };
  }

  /** `local:<key>`: the bytes are blobs under the root, the tree is `refs/<key>.ref`. */
  where(key: string): string {
    return `local:${cleanKey(key)}`;
  }

  /** Where staged outputs should be put so that saving them is a rename (same filesystem). */
  stagingDir(): string {
    return join(this.root, 'staging');
  }

  async save(key: string, staged: string, archive: ArchiveStrategy): Promise<void> {
    const stats = await lstat(staged);
    if (archive.format === 'none' && stats.isDirectory()) {
      for (const file of await walk(staged)) {
        const fileStats = await lstat(join(staged, file));
        if (fileStats.isDirectory()) continue;
        await this.#saveTree(`${cleanKey(key)}/${file}`, join(staged, file), archive);
      }
      return;
    }
    await this.#saveTree(key, staged, archive);
  }

  async #saveTree(key: string, staged: string, archive: ArchiveStrategy): Promise<void> {
    const paths = ['', ...(await walk(staged))];
    const entries: TreeEntry[] = [];
    if (this.#deferHashing) {
      for (const path of paths) entries.push(await this.#ingestPending(staged, path));
    } else {
      const hashes = await hashFiles(paths.map((p) => (p === '' ? staged : join(staged, p))));
      for (const [i, path] of paths.entries()) entries.push(await this.#ingest(staged, path, hashes[i]));
    }
    const ref: StoredRef = { version: 1, archive: archive.format, entries };
    await this.#writeRef(key, ref);
    if (entries.some((e) => e.pending)) this.#track(this.#hashPending(key, ref));
  }

  async #writeRef(key: string, ref: StoredRef): Promise<void> {
    const refPath = this.#refPath(key);
    await mkdir(dirname(refPath), { recursive: true });
    await writeFile(`${refPath}.tmp`, JSON.stringify(ref));
    await rename(`${refPath}.tmp`, refPath);
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch(() => undefined);
    this.#background.add(tracked);
    void tracked.finally(() => this.#background.delete(tracked));
  }

  async #ingestPending(root: string, path: string): Promise<TreeEntry> {
    const full = path === '' ? root : join(root, path);
    const stats = lstatSync(full);
    if (!stats.isFile()) return this.#ingest(root, path, undefined);
    const pending = randomUUID();
    mkdirSync(join(this.root, 'blobs', 'pending'), { recursive: true });
    renameSync(full, this.#pendingPath(pending));
    return { path, type: 'file', mode: stats.mode & 0o7777, size: stats.size, pending };
  }

  /** Hashes a ref's pending files, links each to its content address, and rewrites the ref. */
  async #hashPending(key: string, ref: StoredRef): Promise<void> {
    const pendingPaths = ref.entries.map((e) => (e.pending ? this.#pendingPath(e.pending) : ''));
    const hashes = await hashFiles(
      pendingPaths.map((p) => p || '/'),
      (p) => p !== '/',
    );
    const entries: TreeEntry[] = [];
    for (const [i, entry] of ref.entries.entries()) {
      const sha256 = hashes[i];
      if (!entry.pending || !sha256) {
        entries.push(entry);
        continue;
      }
      const blob = this.#blobPath(sha256);
      // Metadata calls, synchronous: microseconds each, where the thread pool is busy hashing.
      if (!existsSync(blob)) {
        mkdirSync(dirname(blob), { recursive: true });
        try {
          linkSync(this.#pendingPath(entry.pending), blob);
        } catch {
          // Stored meanwhile by an identical file: the content address is all that matters.
        }
      }
      this.#hashedPending.push(entry.pending);
      const { pending: _pending, ...rest } = entry;
      entries.push({ ...rest, sha256 });
    }
    const current = await this.#readRef(key);
    if (current && JSON.stringify(current) === JSON.stringify(ref))
      await this.#writeRef(key, { ...ref, entries });
  }

  /** Waits for background hashing, then removes the temporary names of hashed files. */
  async settle(): Promise<void> {
    while (this.#background.size > 0) await Promise.all(this.#background);
    for (const pending of this.#hashedPending.splice(0)) rmSync(this.#pendingPath(pending), { force: true });
  }

  #pendingPath(name: string): string {
    return join(this.root, 'blobs', 'pending', name);
  }

  async #ingest(root: string, path: string, hash: string | undefined): Promise<TreeEntry> {
    const full = path === '' ? root : join(root, path);
    const stats = await lstat(full);
    const mode = stats.mode & 0o7777;
    if (stats.isDirectory()) return { path, type: 'directory', mode };
    if (stats.isSymbolicLink()) return { path, type: 'symlink', mode, target: await readlink(full) };
    const sha256 = hash ?? (await hashFile(full));
    const blob = this.#blobPath(sha256);
    if (existsSync(blob)) await rm(full, { force: true });
    else {
      await mkdir(dirname(blob), { recursive: true });
      await rename(full, blob);
    }
    return { path, type: 'file', mode, size: stats.size, sha256 };
  }

  async fetch(key: string, destination: string): Promise<FetchResult> {
    const ref = await this.#readRef(key);
    if (ref) {
      await this.#materialize(ref.entries, destination);
      return ref.archive === 'none' && ref.entries[0]?.type === 'file' ? 'object' : 'unpacked';
    }
    const inside = await this.#findInsideTree(key);
    if (inside) {
      await this.#materialize(inside, destination);
      return 'unpacked';
    }
    const keys = await this.list(key);
    if (keys.length === 0) return 'missing';
    const prefix = cleanKey(key);
    for (const found of keys) {
      const stored = await this.#readRef(found);
      if (stored) await this.#materialize(stored.entries, join(destination, found.slice(prefix.length + 1)));
    }
    return 'directory';
  }

  /** A key below a stored directory tree (`subPath` into a tar artifact): that part of the tree. */
  async #findInsideTree(key: string): Promise<TreeEntry[] | undefined> {
    const segments = cleanKey(key).split('/');
    for (let i = segments.length - 1; i > 0; i--) {
      const ref = await this.#readRef(segments.slice(0, i).join('/'));
      if (!ref) continue;
      const sub = segments.slice(i).join('/');
      const selected = ref.entries
        .filter((e) => e.path === sub || e.path.startsWith(`${sub}/`))
        .map((e) => ({ ...e, path: e.path === sub ? '' : e.path.slice(sub.length + 1) }));
      return selected.length > 0 ? selected : undefined;
    }
    return undefined;
  }

  /**
   * Metadata calls (mkdir, link, symlink, chmod) are done synchronously: microseconds each, where
   * a trip through libuv's thread pool waits behind background hashing.
   */
  async #materialize(entries: readonly TreeEntry[], destination: string): Promise<void> {
    mkdirSync(dirname(destination), { recursive: true });
    const directories: TreeEntry[] = [];
    for (const entry of entries) {
      const target = entry.path === '' ? destination : join(destination, entry.path);
      if (entry.type === 'directory') {
        mkdirSync(target, { recursive: true });
        directories.push(entry);
      } else if (entry.type === 'symlink') symlinkSync(entry.target ?? '', target);
      else await this.#placeBlob(entry, target);
    }
    for (const entry of directories.reverse())
      chmodSync(entry.path === '' ? destination : join(destination, entry.path), entry.mode);
  }

  async #placeBlob(entry: TreeEntry, target: string): Promise<void> {
    const blob = entry.pending ? this.#pendingPath(entry.pending) : this.#blobPath(entry.sha256 ?? '');
    if ((statSync(blob).mode & 0o7777) === entry.mode) {
      try {
        linkSync(blob, target);
        return;
      } catch {
        // Another filesystem, or links not allowed: copy.
      }
    }
    await copyFile(blob, target);
    await chmod(target, entry.mode);
  }

  async list(prefix: string): Promise<string[]> {
    const clean = cleanKey(prefix);
    const dir = join(this.root, 'refs', clean);
    const exact = clean !== '' && existsSync(this.#refPath(clean)) ? [clean] : [];
    if (!existsSync(dir) || !(await stat(dir)).isDirectory()) return exact;
    const found = (await walk(dir)).filter((p) => p.endsWith(refSuffix));
    const below = found.map((p) => `${clean === '' ? '' : `${clean}/`}${p.slice(0, -refSuffix.length)}`);
    return [...exact, ...below].sort();
  }

  async delete(key: string): Promise<void> {
    await rm(this.#refPath(key), { force: true });
    await rm(join(this.root, 'refs', cleanKey(key)), { recursive: true, force: true });
  }

  /** Removes blobs no ref points at any more (after deletes). */
  async sweep(): Promise<void> {
    const used = new Set<string>();
    for (const key of await this.list('')) {
      for (const entry of (await this.#readRef(key))?.entries ?? []) if (entry.sha256) used.add(entry.sha256);
    }
    const blobs = join(this.root, 'blobs');
    if (!existsSync(blobs)) return;
    for (const path of await walk(blobs)) {
      const name = path.split('/').pop() ?? '';
      if (name.length === 64 && !used.has(name)) await rm(join(blobs, path), { force: true });
    }
  }

  async #readRef(key: string): Promise<StoredRef | undefined> {
    try {
      return JSON.parse(await readFile(this.#refPath(key), 'utf8')) as StoredRef;
    } catch {
      return undefined;
    }
  }

  #refPath(key: string): string {
    const clean = cleanKey(key);
    if (clean === '') throw new Error('an artifact key must not be empty');
    return join(this.root, 'refs', `${clean}${refSuffix}`);
  }

  #blobPath(sha256: string): string {
    return join(this.root, 'blobs', sha256.slice(0, 2), sha256);
  }
}

/** Files hashed at once: the pool has a thread per core, the rest wait in its queue. */
const hashConcurrency = 8;

/** sha256 of each regular file among `paths` (undefined for the others), in parallel on worker threads. */
async function hashFiles(
  paths: readonly string[],
  include: (path: string) => boolean = () => true,
): Promise<(string | undefined)[]> {
  const hashes: (string | undefined)[] = new Array(paths.length).fill(undefined);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const i = next++;
      const path = paths[i] as string;
      if (!include(path) || !lstatSync(path).isFile()) continue;
      hashes[i] = await hashFileInPool(path);
    }
  };
  await Promise.all(Array.from({ length: hashConcurrency }, worker));
  return hashes;
}

async function hashFile(path: string): Promise<string> {
  return hashFileInPool(path);
}

/** Every path below `root` (relative, parents before children); empty when `root` is a file. */
async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      out.push(relative(root, path));
      if (entry.isDirectory()) await visit(path);
    }
  };
  if ((await lstat(root)).isDirectory()) await visit(root);
  return out;
}
