import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { StepResult } from '../types.js';

/**
 * Step results the runner has not yet seen acknowledged, one file each: `results/<encoded id>.json`.
 * A result is written durably (temp file, fsync, rename, fsync of the directory) before any client
 * hears of it, and deleted when a client acknowledges it, so a result outlives the runner itself.
 */
export class ResultStore {
  readonly #dir: string;
  readonly #results = new Map<string, StepResult>();

  /** Opens `dir`, loading the results a previous runner left there. */
  constructor(dir: string, log: (line: string) => void) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name.endsWith('.tmp')) unlinkSync(path);
      if (!name.endsWith('.json')) continue;
      const result = readResult(path);
      if (result === undefined) log(`ignoring ${path}: not a step result`);
      else this.#results.set(result.id, result);
    }
  }

  get(id: string): StepResult | undefined {
    return this.#results.get(id);
  }

  ids(): string[] {
    return [...this.#results.keys()];
  }

  all(): StepResult[] {
    return [...this.#results.values()];
  }

  get size(): number {
    return this.#results.size;
  }

  /** Keeps `result` until `remove`; resolves once it is on disk (in memory only, when that fails). */
  async put(result: StepResult): Promise<void> {
    this.#results.set(result.id, result);
    const path = join(this.#dir, fileNameOf(result.id));
    const temporary = `${path}.tmp`;
    const file = await open(temporary, 'w', 0o600);
    try {
      await file.writeFile(JSON.stringify(result));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, path);
    await syncDirectory(this.#dir);
  }

  /** Forgets an acknowledged result. */
  async remove(id: string): Promise<void> {
    if (!this.#results.delete(id)) return;
    await unlink(join(this.#dir, fileNameOf(id))).catch(() => undefined);
  }
}

/** A file name for any id: the id URI-encoded (no `/`), or a hash of it when that is too long. */
function fileNameOf(id: string): string {
  const encoded = encodeURIComponent(id);
  // `#` never appears in an encoded id, so hashed names cannot collide with encoded ones.
  if (encoded.length <= 200) return `${encoded}.json`;
  return `#${createHash('sha256').update(id).digest('hex')}.json`;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function readResult(path: string): StepResult | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<StepResult>;
    return typeof value.id === 'string' && typeof value.stdout === 'string'
      ? (value as StepResult)
      : undefined;
  } catch {
    return undefined;
  }
}
