/**
 * sha256 of files on worker threads, one per core (at most two): content addresses of a large
 * artifact are computed in parallel, off the engine's loop. The threads are created on first use
 * and never keep the process alive.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const workerSource = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const buffer = Buffer.allocUnsafe(1 << 20);
parentPort.on('message', ({ id, path }) => {
  try {
    const hash = createHash('sha256');
    const fd = fs.openSync(path, 'r');
    try {
      let read;
      while ((read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0) hash.update(buffer.subarray(0, read));
    } finally {
      fs.closeSync(fd);
    }
    parentPort.postMessage({ id, hash: hash.digest('hex') });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
});
`;

interface Pending {
  readonly resolve: (hash: string) => void;
  readonly reject: (error: Error) => void;
}

class HashPool {
  readonly #workers: { worker: Worker; busy: number }[] = [];
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #keepAlive: NodeJS.Timeout | undefined;

  hash(path: string): Promise<string> {
    const slot = this.#leastBusy();
    const id = this.#nextId++;
    slot.busy++;
    // The threads never hold the process open themselves; while hashes are owed, a timer does.
    this.#keepAlive ??= setInterval(() => {}, 1 << 30);
    return new Promise<string>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, path });
    }).finally(() => {
      slot.busy--;
      if (this.#pending.size === 0 && this.#keepAlive) {
        clearInterval(this.#keepAlive);
        this.#keepAlive = undefined;
      }
    });
  }

  #leastBusy(): { worker: Worker; busy: number } {
    if (this.#workers.length === 0) {
      const size = Math.max(1, Math.min(2, availableParallelism()));
      for (let i = 0; i < size; i++) this.#workers.push(this.#spawn());
    }
    return this.#workers.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  #spawn(): { worker: Worker; busy: number } {
    const worker = new Worker(workerSource, { eval: true });
    worker.on('message', (message: { id: number; hash?: string; error?: string }) => {
      const pending = this.#pending.get(message.id);
      this.#pending.delete(message.id);
      if (message.hash !== undefined) pending?.resolve(message.hash);
      else pending?.reject(new Error(message.error ?? 'hashing failed'));
    });
    // After the listener: adding a 'message' listener refs the worker's port again.
    worker.unref();
    return { worker, busy: 0 };
  }
}

const pool = new HashPool();

/** The sha256 of a file's bytes, as lowercase hex. */
export function hashFileInPool(path: string): Promise<string> {
  return pool.hash(path);
}
