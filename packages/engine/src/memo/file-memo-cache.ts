/**
 * Memo caches as JSON files: one file per cache name (Argo's cache ConfigMap), `<dir>/<name>.json`,
 * holding `{ "<key>": <entry> }` with entries in Argo's shape (`nodeID`, `outputs`,
 * `creationTimestamp`, `lastHitTimestamp`).
 *
 * The directory is `$WEFT_CACHE_DIR/memo` when that is set, else `$XDG_CACHE_HOME/weft/memo`, else
 * `~/.cache/weft/memo`. Files are replaced atomically (write, then rename), so a reader never sees a
 * half-written file; two runs saving to one cache at the same moment may lose one of the entries
 * (the cache only saves work, it never changes results).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { MemoEntry } from '@weft/core';
import type { MemoCache } from './memo-cache.js';

/** Where memo caches live by default (see the file comment). */
export function defaultMemoDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WEFT_CACHE_DIR) return join(env.WEFT_CACHE_DIR, 'memo');
  const cacheHome = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheHome, 'weft', 'memo');
}

/** Cache names become file names: anything but letters, digits, `.`, `_` and `-` is replaced. */
function fileOf(dir: string, cacheName: string): string {
  return join(dir, `${cacheName.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}

export class FileMemoCache implements MemoCache {
  readonly dir: string;
  #writes: Promise<void> = Promise.resolve();

  constructor(dir: string = defaultMemoDir()) {
    this.dir = dir;
  }

  async load(cacheName: string, key: string): Promise<MemoEntry | undefined> {
    const entries = await this.#read(cacheName);
    return entries[key];
  }

  /** Saves are chained so that two saves of one run never overwrite each other. */
  save(cacheName: string, key: string, entry: MemoEntry): Promise<void> {
    const write = this.#writes.then(async () => {
      const entries = await this.#read(cacheName);
      entries[key] = entry;
      await mkdir(this.dir, { recursive: true });
      const file = fileOf(this.dir, cacheName);
      const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(temporary, `${JSON.stringify(entries, null, 2)}\n`);
      await rename(temporary, file);
    });
    this.#writes = write.catch(() => undefined);
    return write;
  }

  async #read(cacheName: string): Promise<Record<string, MemoEntry>> {
    let text: string;
    try {
      text = await readFile(fileOf(this.dir, cacheName), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
        ? (parsed as Record<string, MemoEntry>)
        : {};
    } catch {
      throw new Error(`malformed memo cache ${fileOf(this.dir, cacheName)}: not JSON`);
    }
  }
}
