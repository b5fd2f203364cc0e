import { readFile, rm } from 'node:fs/promises';
import { runPodman } from './command.js';

/**
 * Removes stopped containers in batches, off the path from a step's exit to its dependents' start:
 * one `podman rm` for every container that ended within `delayMs`, not one per step. Containers are
 * named by the id podman wrote to their cid file, so a step started again under the same names
 * never loses its new containers to an old removal.
 */
export class ContainerRemover {
  readonly #binary: string;
  readonly #delayMs: number;
  #pending: string[] = [];
  #timer: NodeJS.Timeout | undefined;
  readonly #flushes = new Set<Promise<unknown>>();

  constructor(binary: string, delayMs = 500) {
    this.#binary = binary;
    this.#delayMs = delayMs;
  }

  /** Queues the containers whose ids are in `cidFiles` (missing files: never created). */
  add(cidFiles: readonly string[]): void {
    this.#pending.push(...cidFiles);
    this.#timer ??= setTimeout(() => void this.flush(), this.#delayMs);
  }

  /** Removes everything queued now. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const files = this.#pending;
    this.#pending = [];
    const work = this.#remove(files);
    this.#flushes.add(work);
    await work.finally(() => this.#flushes.delete(work));
  }

  /** Flushes and waits for every removal in flight. */
  async close(): Promise<void> {
    await this.flush();
    await Promise.all(this.#flushes);
  }

  async #remove(files: readonly string[]): Promise<void> {
    if (files.length === 0) return;
    const ids = await Promise.all(
      files.map((file) =>
        readFile(file, 'utf8').then(
          (id) => id.trim(),
          () => '',
        ),
      ),
    );
    await Promise.all(files.map((file) => rm(file, { force: true })));
    const known = ids.filter(Boolean);
    if (known.length > 0) await runPodman(this.#binary, ['rm', '--force', '--ignore', ...known]);
  }
}
